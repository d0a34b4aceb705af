import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DayColumns } from '../../lib/aggregate/day-columns.ts';
import { DAY_EVENT_COLUMNS, type DayEvent } from '../../lib/aggregate/day-event.ts';
import {
  DAY_STRING_COLUMNS,
  type DayTable,
  HOSTING_NETWORK_FLAG,
  IS_BOT_FLAG,
  IS_PAGE_VIEW_FLAG,
  NULL_CODE,
} from '../../lib/aggregate/day-table.ts';
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

/** The order the day's computation sorts events in: time, then id (a stable sort keeps ties as added). */
const inTimeOrder = (events: DayEvent[]) =>
  [...events].sort((a, b) => a.ts - b.ts || (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0));

/** A table's rows decoded back, in its order (ids are not in a table). */
function eventsOfTable(table: DayTable): Array<Omit<DayEvent, 'event_id'>> {
  const out: Array<Omit<DayEvent, 'event_id'>> = [];
  for (let k = 0; k < table.length; k++) {
    const r = table.order === null ? k : table.order[k]!;
    const strings = Object.fromEntries(
      DAY_STRING_COLUMNS.map((name, c) => {
        const code = table.codes[c]![r]!;
        return [name, code === NULL_CODE ? null : table.strings[code]];
      }),
    );
    out.push({
      ...(strings as Omit<
        DayEvent,
        'event_id' | 'ts' | 'status' | 'bytes' | 'is_bot' | 'is_page_view' | 'hosting_network'
      >),
      ts: table.ts[r]!,
      status: table.status[r]!,
      bytes: table.bytes[r]!,
      is_bot: (table.flags[r]! & IS_BOT_FLAG) !== 0,
      is_page_view: (table.flags[r]! & IS_PAGE_VIEW_FLAG) !== 0,
      hosting_network: (table.flags[r]! & HOSTING_NETWORK_FLAG) !== 0,
    });
  }
  return out;
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
  it('gives back every added event with its id, in time then id order', () => {
    fc.assert(
      fc.property(sourcedRows, (rows) => {
        const day = new DayColumns();
        for (const { row, source, lineNo } of rows) day.add(row, source, lineNo);
        expect(day.length).toBe(rows.length);
        const ordered = inTimeOrder(rows.map(({ row, source, lineNo }) => expected(row, source, lineNo)));
        expect(day.toEvents()).toEqual(ordered);
        // The table the computation reads: the same events, in the same order, without ids.
        expect(eventsOfTable(day.table())).toEqual(ordered.map(({ event_id, ...rest }) => rest));
      }),
      { numRuns: 300 },
    );
  });

  it('reads ranges of packed batches (dictionary codes) the same as rows, across batches and mixed with rows', () => {
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
          // Two ranges of the batch (one may be empty), as a batch crossing midnight arrives.
          const cut = rows.length >> 1;
          day.addRows(columns, 0, cut, source);
          day.addRows(columns, cut, rows.length, source);
          for (const { row, lineNo } of rows) want.push(expected(row, source, lineNo));
          // Single rows in between must not disturb the next batch's dictionary mapping.
          for (const { row, source: s, lineNo } of loose.slice(0, 3)) {
            day.add(row, s, lineNo);
            want.push(expected(row, s, lineNo));
          }
        }
        expect(day.toEvents()).toEqual(inTimeOrder(want));
      }),
      { numRuns: 200 },
    );
  });

  it('orders hits of the same millisecond by id: source key, then line', () => {
    fc.assert(
      fc.property(
        sourcedRows,
        fc.array(fc.constantFrom(0, 1_000, 2_000), { minLength: 60, maxLength: 60 }),
        (rows, times) => {
          const day = new DayColumns();
          const want = rows.map(({ row, source, lineNo }, i) => {
            const timed = { ...row, ts: times[i]! };
            day.add(timed, source, lineNo);
            return expected(timed, source, lineNo);
          });
          expect(day.toEvents()).toEqual(inTimeOrder(want));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('grows past its first allocation', () => {
    const day = new DayColumns();
    const rows = fc.sample(event, { numRuns: 5_000, seed: 11 });
    rows.forEach((row, i) => {
      day.add(row, SOURCES[i % 2]!, i);
    });
    expect(day.toEvents()).toEqual(inTimeOrder(rows.map((row, i) => expected(row, SOURCES[i % 2]!, i))));
  });
});
