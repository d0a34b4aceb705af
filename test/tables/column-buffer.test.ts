import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { col, type TableDef } from '../../lib/tables/column.ts';
import { arraySource, ColumnBuffer } from '../../lib/tables/column-buffer.ts';

const table: TableDef = {
  name: 't',
  prefix: 't',
  doc: '',
  partitions: [],
  columns: [col('a', 'int32', ''), col('b', 'string', '', true)],
};

type Row = { a: number; b: string | null };
const row = fc.record({ a: fc.integer(), b: fc.option(fc.string()) });
/** One row pushed alone, or rows[from, to) of a column batch added as a range. */
const step = fc.oneof(
  row.map((r) => ({ single: r })),
  fc
    .array(row, { maxLength: 20 })
    .chain((rows) =>
      fc
        .tuple(fc.nat(rows.length), fc.nat(rows.length))
        .map(([x, y]) => ({ rows, from: Math.min(x, y), to: Math.max(x, y) })),
    ),
);

describe('ColumnBuffer', () => {
  it('keeps rows in the order they came, however single rows and ranges alternate', () => {
    fc.assert(
      fc.property(fc.array(fc.array(step, { maxLength: 12 }), { minLength: 1, maxLength: 3 }), (takes) => {
        const buffer = new ColumnBuffer<Row>(table);
        for (const steps of takes) {
          const expected: Row[] = [];
          for (const s of steps) {
            if ('single' in s) {
              buffer.push(s.single);
              expected.push(s.single);
            } else {
              buffer.pushRange(
                [arraySource(s.rows.map((r) => r.a)), arraySource(s.rows.map((r) => r.b))],
                s.from,
                s.to,
              );
              expected.push(...s.rows.slice(s.from, s.to));
            }
          }
          expect(buffer.length).toBe(expected.length);
          const [a, b] = buffer.take() as unknown[][];
          expect(Array.from(a!)).toEqual(expected.map((r) => r.a));
          expect(Array.from(b!)).toEqual(expected.map((r) => r.b));
          expect(buffer.length).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
