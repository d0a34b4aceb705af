import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DayColumns } from '../../lib/aggregate/day-columns.ts';
import { DAY_EVENT_COLUMNS, type DayEvent } from '../../lib/aggregate/day-event.ts';
import { EventBatchPacker, unpackBatch } from '../../lib/events/event-batch.ts';
import { lineEventId } from '../../lib/events/event-id.ts';
import type { EventRow } from '../../lib/events/schema.ts';
import { event } from '../events/event-arbitrary.ts';

const SOURCES = ['0123456789abcdef0123', 'fedcba9876543210fedc'];

/** What the aggregation must see of a row: its columns, with the id made of source and line. */
function expected(row: EventRow, source: string, lineNo: number): DayEvent {
  const out = Object.fromEntries(DAY_EVENT_COLUMNS.map((name) => [name, row[name]])) as DayEvent;
  return { ...out, event_id: lineEventId(source, lineNo) };
}

/** Rows of one or more sources; each row has a source and a line number. */
const sourcedRows = fc.array(
  fc.record({
    row: event,
    source: fc.constantFrom(...SOURCES),
    lineNo: fc.integer({ min: 0, max: 2 ** 40 }),
  }),
  { maxLength: 60 },
);

describe('a day held column by column', () => {
  it('gives back every added event, in order, with its id', () => {
    fc.assert(
      fc.property(sourcedRows, (rows) => {
        const day = new DayColumns();
        for (const { row, source, lineNo } of rows) day.add(row, source, lineNo);
        expect(day.length).toBe(rows.length);
        expect(day.toEvents()).toEqual(rows.map(({ row, source, lineNo }) => expected(row, source, lineNo)));
      }),
      { numRuns: 300 },
    );
  });

  it('reads packed batches (dictionary codes) the same as rows, across batches and mixed with rows', () => {
    fc.assert(
      fc.property(fc.array(sourcedRows, { minLength: 1, maxLength: 4 }), sourcedRows, (batches, loose) => {
        const day = new DayColumns();
        const want: DayEvent[] = [];
        for (const rows of batches) {
          // A batch is one source's, as the events thread sends them.
          const source = rows[0]?.source ?? SOURCES[0]!;
          const packer = new EventBatchPacker();
          for (const { row, lineNo } of rows) packer.add(row, lineNo);
          const columns = unpackBatch(packer.take().batch);
          for (let r = 0; r < rows.length; r++) {
            day.addAt(columns, r, source);
            want.push(expected(rows[r]!.row, source, rows[r]!.lineNo));
          }
          // Single rows in between must not disturb the next batch's dictionary mapping.
          for (const { row, source: s, lineNo } of loose.slice(0, 3)) {
            day.add(row, s, lineNo);
            want.push(expected(row, s, lineNo));
          }
        }
        expect(day.toEvents()).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });

  it('grows past its first allocation', () => {
    const day = new DayColumns();
    const rows = fc.sample(event, { numRuns: 5_000, seed: 11 });
    rows.forEach((row, i) => {
      day.add(row, SOURCES[i % 2]!, i);
    });
    const events = day.toEvents();
    expect(events).toHaveLength(5_000);
    expect(events[4_999]).toEqual(expected(rows[4_999]!, SOURCES[1]!, 4_999));
    expect(events[0]).toEqual(expected(rows[0]!, SOURCES[0]!, 0));
  });
});
