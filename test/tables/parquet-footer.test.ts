/**
 * logveil's Thrift encoder (thrift-compact.ts) and the file ends and page headers built with it
 * (parquet-footer.ts, page-header.ts) write exactly the bytes hyparquet-writer's own code writes.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { parquetReadObjects } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { serializeTCompactProtocol } from 'hyparquet-writer/src/thrift.js';
import { describe, expect, it } from 'vitest';
import { EVENTS_TABLE } from '../../lib/events/schema.ts';
import { type ColumnDef, col, type TableDef, uniqueCol } from '../../lib/tables/column.ts';
import { type ParquetEncoder, ParquetFileWriter } from '../../lib/tables/parquet-file-writer.ts';
import { writeCompact } from '../../lib/tables/thrift-compact.ts';
import { MemorySink } from '../helpers.ts';

/** A `{ field_N: … }` object as hyparquet-writer's metadata code builds them. */
const compactValue: fc.Memo<unknown> = fc.memo((depth) => {
  const scalars = [
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.uint8Array({ maxLength: 20 }),
    fc.boolean(),
  ];
  if (depth <= 0) return fc.oneof(...scalars);
  const list = fc.oneof(
    fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 20 }),
    fc.array(fc.bigInt({ min: 0n, max: 2n ** 40n }), { maxLength: 20 }),
    fc.array(fc.string({ maxLength: 8 }), { maxLength: 20 }),
    fc.array(fc.boolean(), { maxLength: 20 }),
    fc.array(compactStruct(depth - 1), { maxLength: 4 }),
  );
  return fc.oneof(...scalars, list, compactStruct(depth - 1));
});

function compactStruct(depth: number): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 8 })
    .chain((ids) =>
      fc.tuple(
        fc.constant([...ids].sort((a, b) => a - b)),
        fc.array(fc.option(compactValue(depth), { nil: undefined }), {
          minLength: ids.length,
          maxLength: ids.length,
        }),
      ),
    )
    .map(([ids, values]) => Object.fromEntries(ids.map((id, i) => [`field_${id}`, values[i]])));
}

function bytesOf(write: (writer: ByteWriter) => void): Uint8Array {
  const writer = new ByteWriter();
  write(writer);
  return new Uint8Array(writer.getBuffer());
}

describe('writeCompact', () => {
  it('writes what serializeTCompactProtocol writes for any object of fields', () => {
    fc.assert(
      fc.property(compactStruct(3), (struct) => {
        expect(bytesOf((w) => writeCompact(w, struct))).toEqual(
          bytesOf((w) => serializeTCompactProtocol(w, struct as never)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('refuses what the library refuses: a field name that is not field_N, ids out of order', () => {
    expect(() => bytesOf((w) => writeCompact(w, { name: 1 }))).toThrow(/field_###/);
    expect(() => bytesOf((w) => writeCompact(w, { field_3: 1, field_2: 1 }))).toThrow(/non-monotonic/);
  });
});

async function fileOf(table: TableDef, groups: unknown[][][], footer: ParquetEncoder): Promise<Buffer> {
  const sink = new MemorySink();
  const writer = new ParquetFileWriter(table, sink, footer);
  for (const columns of groups) await writer.writeRowGroup(columns);
  await writer.finish();
  return sink.bytes();
}

function columnValue(def: ColumnDef): fc.Arbitrary<unknown> {
  const value: fc.Arbitrary<unknown> = (() => {
    switch (def.type) {
      case 'string':
        return fc.oneof(fc.constantFrom('GET', 'POST', '/a', 'é'), fc.string({ maxLength: 30 }));
      case 'int32':
        return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
      case 'int64':
        return fc.integer({ min: -(2 ** 50), max: 2 ** 50 });
      case 'double':
        return fc.double({ noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'timestamp_ms':
        return fc.integer({ min: 0, max: 4_102_444_800_000 });
    }
  })();
  return def.nullable ? fc.option(value, { nil: null }) : value;
}

/** Row groups of a table, column by column. */
function groupsOf(table: TableDef, maxRows: number): fc.Arbitrary<unknown[][][]> {
  const group = fc
    .integer({ min: 1, max: maxRows })
    .chain((rows) =>
      fc.tuple(
        ...table.columns.map((def) => fc.array(columnValue(def), { minLength: rows, maxLength: rows })),
      ),
    );
  return fc.array(group, { minLength: 1, maxLength: 3 });
}

const everyType: TableDef = {
  name: 'every_type',
  prefix: 'every_type',
  doc: '',
  partitions: [],
  columns: [
    uniqueCol('id', 'string', ''),
    col('ts', 'timestamp_ms', ''),
    col('name', 'string', ''),
    col('maybe', 'string', '', true),
    col('n', 'int32', ''),
    col('big', 'int64', '', true),
    col('x', 'double', '', true),
    col('flag', 'boolean', ''),
  ],
};

describe('the end of a Parquet file', () => {
  it('is byte for byte what hyparquet-writer writes, for every column type, nulls and row groups', async () => {
    await fc.assert(
      fc.asyncProperty(groupsOf(everyType, 60), async (groups) => {
        const fast = await fileOf(everyType, groups, 'fast');
        expect(fast.equals(await fileOf(everyType, groups, 'library'))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('is byte for byte the same for the events table, and reads back', async () => {
    await fc.assert(
      fc.asyncProperty(groupsOf(EVENTS_TABLE, 30), async (groups) => {
        const fast = await fileOf(EVENTS_TABLE, groups, 'fast');
        expect(fast.equals(await fileOf(EVENTS_TABLE, groups, 'library'))).toBe(true);
        const buffer = fast.buffer.slice(fast.byteOffset, fast.byteOffset + fast.length);
        const rows = await parquetReadObjects({ file: buffer as ArrayBuffer });
        expect(rows.length).toBe(groups.reduce((n, g) => n + (g[0]?.length ?? 0), 0));
      }),
      { numRuns: 25 },
    );
  });

  it('writes page indexes the same way when a column spans several pages', async () => {
    // 1 KiB strings over 1 MiB pages: several pages per column, so offset indexes are written.
    const rows = 2_500;
    const noise = (i: number) =>
      Array.from({ length: 8 }, (_, j) => createHash('sha512').update(`${i}/${j}`).digest('hex')).join('');
    const long = Array.from({ length: rows }, (_, i) => noise(i));
    const columns = everyType.columns.map((def, c) => {
      if (def.name === 'id') return long;
      return Array.from({ length: rows }, (_, i) =>
        def.type === 'string'
          ? `v${i % 7}`
          : def.type === 'boolean'
            ? i % 2 === 0
            : def.type === 'double'
              ? i / 3
              : i + c,
      );
    });
    const fast = await fileOf(everyType, [columns], 'fast');
    const library = await fileOf(everyType, [columns], 'library');
    expect(fast.equals(library)).toBe(true);
    expect(fast.length).toBeGreaterThan(2 * 1024 * 1024);
    // Several pages: the column's chunk has an offset index.
    const { parquetMetadata } = await import('hyparquet');
    const meta = parquetMetadata(
      fast.buffer.slice(fast.byteOffset, fast.byteOffset + fast.length) as ArrayBuffer,
    );
    expect(meta.row_groups[0]!.columns[0]!.offset_index_length).toBeGreaterThan(0);
  });
});
