/**
 * Reads a Parquet file back into plain rows (hyparquet, pure JavaScript): timestamps as epoch ms,
 * 64-bit integers as numbers. Used to aggregate events and by tests to prove what was written.
 */
import { parquetReadObjects } from 'hyparquet';

export type PlainRow = Record<string, string | number | boolean | null>;

function plain(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

export async function readParquetRows(bytes: Uint8Array, columns?: readonly string[]): Promise<PlainRow[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const rows = await parquetReadObjects({ file, ...(columns ? { columns: [...columns] } : {}) });
  return rows.map((row) => {
    const out: PlainRow = {};
    for (const [k, v] of Object.entries(row)) out[k] = plain(v);
    return out;
  });
}
