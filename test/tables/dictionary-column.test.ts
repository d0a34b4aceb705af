import fc from 'fast-check';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { col, type TableDef } from '../../lib/tables/column.ts';
import {
  type CodedRange,
  dictionaryPays,
  mergeCodedRanges,
  spellOut,
} from '../../lib/tables/dictionary-column.ts';
import {
  type ColumnValues,
  type ParquetEncoder,
  ParquetFileWriter,
} from '../../lib/tables/parquet-file-writer.ts';
import { MemorySink } from '../helpers.ts';

const table: TableDef = {
  name: 't',
  prefix: 't',
  doc: '',
  partitions: [],
  columns: [
    col('n', 'int32', ''),
    col('required', 'string', ''),
    col('optional', 'string', '', true),
    col('sparse', 'string', '', true),
  ],
};

/** `library`: the spelled-out values as hyparquet-writer itself writes them. */
async function parquetOf(groups: ColumnValues[][], encoder: ParquetEncoder = 'fast'): Promise<Buffer> {
  const sink = new MemorySink();
  const writer = new ParquetFileWriter(table, sink, encoder);
  for (const columns of groups) await writer.writeRowGroup(columns);
  await writer.finish();
  return sink.bytes();
}

/** Ranges of rows coded into dictionaries of their own, as the events thread's batches arrive. */
function codedRanges(alphabet: fc.Arbitrary<string>, nullable: boolean, rows: number) {
  return fc
    .array(
      fc.uniqueArray(alphabet, { minLength: 1, maxLength: 40 }).chain((dict) =>
        fc.record({
          dict: fc.constant(dict),
          codes: fc.array(fc.integer({ min: nullable ? -1 : 0, max: dict.length - 1 }), {
            minLength: 1,
            maxLength: rows,
          }),
        }),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((parts) =>
      parts.map(
        ({ dict, codes }): CodedRange => ({
          dict,
          codes: Int32Array.from(codes),
          from: Math.floor(codes.length / 3),
          to: codes.length,
        }),
      ),
    );
}

const rowsOf = (ranges: readonly CodedRange[]) => ranges.reduce((n, r) => n + r.to - r.from, 0);
/** Repeats a column's ranges until it has `rows` rows, so every column of a group has as many. */
function fitted(ranges: readonly CodedRange[], rows: number): CodedRange[] {
  const out: CodedRange[] = [];
  let have = 0;
  for (let k = 0; have < rows; k++) {
    const r = ranges[k % ranges.length]!;
    const take = Math.min(r.to - r.from, rows - have);
    out.push({ ...r, to: r.from + take });
    have += take;
  }
  return out;
}

const few = fc.constantFrom('GET', 'POST', 'direct', 'search', 'Chrome', 'Firefox', 'é/ü', '/a', '(none)');
const many = fc.string({ minLength: 1, maxLength: 24 });

describe('dictionary-coded string columns', () => {
  it('merge into one dictionary in order of first occurrence, values unchanged', () => {
    fc.assert(
      fc.property(codedRanges(few, true, 300), (ranges) => {
        const merged = mergeCodedRanges(ranges);
        const expected = ranges.flatMap((r) =>
          Array.from(r.codes.subarray(r.from, r.to), (c) => (c < 0 ? null : r.dict[c]!)),
        );
        expect(spellOut(merged)).toEqual(expected);
        const firsts = [...new Set(expected.filter((v) => v !== null))];
        expect(merged.dictionary).toEqual(firsts);
      }),
    );
  });

  it('are written byte for byte as hyparquet-writer writes the same values spelled out', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2500 }),
        codedRanges(fc.oneof(few, many), false, 1200),
        codedRanges(few, true, 1200),
        codedRanges(many, true, 1200),
        async (rows, required, optional, sparse) => {
          const coded = [fitted(required, rows), fitted(optional, rows), fitted(sparse, rows)].map(
            mergeCodedRanges,
          );
          const n = rowsOf(fitted(required, rows));
          const numbers = Array.from({ length: n }, (_, i) => i);
          const fast = await parquetOf([[numbers, ...coded]]);
          const plain = await parquetOf([[numbers, ...coded.map(spellOut)]], 'library');
          expect(fast.equals(plain)).toBe(true);
          const read = await parquetReadObjects({ file: new Uint8Array(fast).buffer });
          expect(read.map((r) => r.optional)).toEqual(spellOut(coded[1]!));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('decide for a dictionary exactly where hyparquet-writer would', async () => {
    // Unique long values: no dictionary; a handful of values: a dictionary. Both written identically.
    const unique = mergeCodedRanges([
      {
        dict: Array.from({ length: 2000 }, (_, i) => `value-${i}-xxxxxxxx`),
        codes: Int32Array.from({ length: 2000 }, (_, i) => i),
        from: 0,
        to: 2000,
      },
    ]);
    const repeated = mergeCodedRanges([
      { dict: ['a', 'b'], codes: Int32Array.from({ length: 2000 }, (_, i) => i % 2), from: 0, to: 2000 },
    ]);
    expect(dictionaryPays(unique)).toBe(false);
    expect(dictionaryPays(repeated)).toBe(true);
    const numbers = Array.from({ length: 2000 }, (_, i) => i);
    for (const [a, b, c] of [
      [unique, repeated, unique],
      [repeated, unique, repeated],
    ]) {
      const fast = await parquetOf([[numbers, a!, b!, c!]]);
      const plain = await parquetOf([[numbers, spellOut(a!), spellOut(b!), spellOut(c!)]], 'library');
      expect(fast.equals(plain)).toBe(true);
    }
  });
});
