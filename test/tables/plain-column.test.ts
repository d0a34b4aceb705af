/**
 * plain-column.ts writes a column chunk exactly as hyparquet-writer's writeColumn does — the same
 * dictionary decision, pages and metadata — for every column kind logveil's tables have, and leaves
 * to the library (returns null, writing nothing) what it does not cover.
 */
import fc from 'fast-check';
import { ByteWriter } from 'hyparquet-writer';
import { writeColumn } from 'hyparquet-writer/src/column.js';
import { encodeNestedValues } from 'hyparquet-writer/src/dremel.js';
import { schemaPathResolver } from 'hyparquet-writer/src/schema.js';
import type { ColumnEncoder } from 'hyparquet-writer/src/types.js';
import { describe, expect, it } from 'vitest';
import { type ColumnDef, col, type TableDef, uniqueCol } from '../../lib/tables/column.ts';
import { parquetSchema } from '../../lib/tables/parquet-schema.ts';
import { writeValuesColumn } from '../../lib/tables/plain-column.ts';
import { snappyCompress } from '../../lib/tables/snappy.ts';

/** The ColumnEncoder ParquetFileWriter makes for `def` (statistics on times, PLAIN forced as there). */
function encoderOf(def: ColumnDef, pageSize = 1_048_576) {
  const table: TableDef = { name: 't', prefix: 't', doc: '', partitions: [], columns: [def] };
  const leafPath = schemaPathResolver(parquetSchema(table))([def.name]);
  const schemaPath = leafPath.map((node) => node.element);
  const element = schemaPath[schemaPath.length - 1]!;
  const column: ColumnEncoder = {
    columnName: def.name,
    element,
    schemaPath,
    codec: 'SNAPPY',
    compressors: { SNAPPY: snappyCompress },
    stats: def.type === 'timestamp_ms',
    pageSize,
    columnIndex: false,
    offsetIndex: true,
    ...(def.type === 'boolean' || def.unique ? { encoding: 'PLAIN' as const } : {}),
  };
  return { leafPath, column, maxDefinitionLevel: def.nullable ? 1 : 0 };
}

/** What the library takes for `def`: int64 as BigInt, as ParquetFileWriter hands it over. */
function physical(def: ColumnDef, values: unknown[]): unknown[] {
  return def.type === 'int64' ? values.map((v) => (v === null ? null : BigInt(v as number))) : values;
}

function bothWays(def: ColumnDef, values: unknown[], pageSize?: number) {
  const { leafPath, column, maxDefinitionLevel } = encoderOf(def, pageSize);
  const ours = new ByteWriter();
  ours.appendUint32(7); // a chunk rarely starts a file: offsets must count from where it starts
  const result = writeValuesColumn(ours, column, values, maxDefinitionLevel);
  const library = new ByteWriter();
  library.appendUint32(7);
  const expected = writeColumn({
    writer: library,
    column,
    pageData: encodeNestedValues(leafPath, physical(def, values)),
  });
  return { result, expected, ours: ours.getBytes(), library: library.getBytes() };
}

const kinds: ColumnDef[] = [
  uniqueCol('event_id', 'string', ''),
  col('ts', 'timestamp_ms', ''),
  col('maybe_ts', 'timestamp_ms', '', true),
  col('status', 'int32', ''),
  col('duration', 'int32', '', true),
  col('bytes', 'int64', ''),
  col('maybe_bytes', 'int64', '', true),
  col('share', 'double', '', true),
  col('flag', 'boolean', ''),
  col('path', 'string', ''),
  col('query', 'string', '', true),
];

/** Values of `def`'s type: from a handful (a dictionary pays) or from a wide range (it does not). */
function valuesOf(def: ColumnDef): fc.Arbitrary<unknown> {
  const pick = <T>(few: fc.Arbitrary<T>, many: fc.Arbitrary<T>) => fc.oneof(few, many);
  const value: fc.Arbitrary<unknown> = (() => {
    switch (def.type) {
      case 'string':
        return pick(
          fc.constantFrom('/', '/a', 'é/ü', '😀', ''),
          fc.string({ unit: 'binary', maxLength: 40 }),
        );
      case 'int32':
        return pick(fc.constantFrom(200, 304, 404, 0, -1), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
      case 'int64':
        return pick(
          fc.constantFrom(0, 512, -7, 2 ** 40),
          fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        );
      case 'timestamp_ms':
        return pick(fc.constantFrom(0, 1_765_000_000_000), fc.integer({ min: 0, max: 4_102_444_800_000 }));
      case 'double':
        return pick(fc.constantFrom(0, 0.5, -0, 1e300), fc.double({ noNaN: true }));
      case 'boolean':
        return fc.boolean();
    }
  })();
  return def.nullable ? fc.option(value, { nil: null, freq: 3 }) : value;
}

describe('writeValuesColumn', () => {
  it('writes the bytes and metadata writeColumn writes, for every column kind', () => {
    const cases = fc
      .constantFrom(...kinds)
      .chain((def) => fc.tuple(fc.constant(def), fc.array(valuesOf(def), { minLength: 1, maxLength: 1500 })));
    fc.assert(
      fc.property(cases, ([def, values]) => {
        const { result, expected, ours, library } = bothWays(def, values);
        expect(result).not.toBeNull();
        expect(Buffer.from(ours).equals(Buffer.from(library))).toBe(true);
        expect(result).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('chooses a dictionary where the library does, including for numbers and times', () => {
    const rows = 2000;
    const status = col('status', 'int32', '');
    const ts = col('ts', 'timestamp_ms', '');
    for (const [def, values] of [
      [status, Array.from({ length: rows }, (_, i) => [200, 404][i % 2])],
      [ts, Array.from({ length: rows }, () => 1_765_000_000_000)],
      [ts, Array.from({ length: rows }, (_, i) => 1_765_000_000_000 + i)],
    ] as const) {
      const { result, ours, library } = bothWays(def, [...values]);
      expect(Buffer.from(ours).equals(Buffer.from(library))).toBe(true);
      expect(result!.chunk.meta_data!.encodings).toEqual(
        new Set(values).size < 3 ? ['PLAIN', 'RLE_DICTIONARY'] : ['PLAIN'],
      );
    }
  });

  it('samples where the library samples: a column its sample rejects stays plain', () => {
    // 10,000 rows; the library samples 1,000 evenly spaced ones. Here those are 85 % distinct (not
    // over its 90 % threshold) while the rest repeat one value, so a dictionary pays overall.
    const n = 10_000;
    const values = Array.from({ length: n }, () => 'x'.repeat(30));
    for (let i = 0; i < 1000; i++)
      values[Math.floor((i * (n - 1)) / 999)] = i < 850 ? `v${String(i).padStart(3, '0')}` : 'v000';
    const { result, ours, library } = bothWays(col('path', 'string', ''), values);
    expect(Buffer.from(ours).equals(Buffer.from(library))).toBe(true);
    expect(result!.chunk.meta_data!.encodings).toEqual(['PLAIN', 'RLE_DICTIONARY']);
    // Past the threshold (95 % distinct in the sample) the library keeps the column plain.
    for (let i = 850; i < 950; i++)
      values[Math.floor((i * (n - 1)) / 999)] = `w${String(i).padStart(3, '0')}`;
    const rejected = bothWays(col('path', 'string', ''), values);
    expect(Buffer.from(rejected.ours).equals(Buffer.from(rejected.library))).toBe(true);
    expect(rejected.result!.chunk.meta_data!.encodings).toEqual(['PLAIN']);
  });

  it('leaves to the library what it does not cover, writing nothing', () => {
    const cases: Array<[ColumnDef, unknown[], number?]> = [
      // Plain values over more than one page.
      [uniqueCol('id', 'string', ''), Array.from({ length: 300 }, (_, i) => `${i}`.padEnd(50, 'x')), 4096],
      // A value the library refuses, and a null in a required column.
      [col('n', 'int32', ''), [1, 2 ** 31]],
      [col('n', 'int32', ''), [1, null]],
      [col('bytes', 'int64', ''), [1, 2 ** 60]],
    ];
    for (const [def, values, pageSize] of cases) {
      const { column, maxDefinitionLevel } = encoderOf(def, pageSize);
      const writer = new ByteWriter();
      expect(writeValuesColumn(writer, column, values, maxDefinitionLevel)).toBeNull();
      expect(writer.offset).toBe(0);
    }
  });
});
