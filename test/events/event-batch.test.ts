import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EventBatch, EventBatchPacker, unpackBatch } from '../../lib/events/event-batch.ts';
import { EVENTS_TABLE, type EventRow } from '../../lib/events/schema.ts';
import { event } from './event-arbitrary.ts';

/** Line number of row i in these tests: gaps and large numbers included. */
const lineOf = (i: number) => i * 7 + 2 ** 31;

/**
 * The rows column by column, in EVENTS_TABLE order: what the receiving thread must get back, with
 * each event id as its line number (the events writer spells ids out when it writes them).
 */
function columnsOf(rows: EventRow[]): unknown[][] {
  return EVENTS_TABLE.columns.map((c) =>
    rows.map((r, i) => (c.name === 'event_id' ? lineOf(i) : r[c.name as keyof EventRow])),
  );
}

/** Every column appended to arrays as the events writer does, in two ranges split at `split`. */
function spelledOut(batch: EventBatch, split = Math.floor(batch.rows / 3)): unknown[][] {
  return unpackBatch(batch).sources.map((source) => {
    const out: unknown[] = [];
    source.appendTo(out, 0, split);
    source.appendTo(out, split, batch.rows);
    return out;
  });
}

describe('event batches (rows packed for the events thread)', () => {
  it('gives back every value of every column, nulls included, batch after batch', () => {
    fc.assert(
      fc.property(fc.array(fc.array(event, { maxLength: 40 }), { minLength: 1, maxLength: 4 }), (batches) => {
        const packer = new EventBatchPacker();
        for (const rows of batches) {
          rows.forEach((row, i) => {
            packer.add(row, lineOf(i));
          });
          packer.mark(rows.at(-1)?.ts ?? 0);
          const { batch } = packer.take();
          expect(batch.rows).toBe(rows.length);
          expect(batch.marks).toEqual([{ end: rows.length, newestTs: rows.at(-1)?.ts ?? 0 }]);
          expect(spelledOut(batch)).toEqual(columnsOf(rows));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('grows past its first allocation and keeps chunk marks where they were made', () => {
    const packer = new EventBatchPacker();
    const rows: EventRow[] = fc.sample(event, { numRuns: 10_000, seed: 7 });
    rows.forEach((row, i) => {
      packer.add(row, lineOf(i));
      if (i === 4_999) packer.mark(1);
    });
    packer.mark(2);
    const { batch, transfer } = packer.take();
    expect(batch.marks).toEqual([
      { end: 5_000, newestTs: 1 },
      { end: 10_000, newestTs: 2 },
    ]);
    expect(spelledOut(batch)).toEqual(columnsOf(rows));
    // Typed arrays move to the other thread instead of being copied.
    expect(transfer.length).toBeGreaterThan(10);
    expect(packer.length).toBe(0);
  });

  it('sends repeated strings once per batch', () => {
    const packer = new EventBatchPacker();
    const [row] = fc.sample(event, { numRuns: 1, seed: 3 });
    for (let i = 0; i < 1_000; i++) packer.add({ ...row!, path: i % 2 ? '/a' : '/b' }, i);
    const { batch } = packer.take();
    const path = batch.columns[EVENTS_TABLE.columns.findIndex((c) => c.name === 'path')]!;
    expect(path.kind === 'dict' && path.dict).toEqual(['/b', '/a']);
  });
});
