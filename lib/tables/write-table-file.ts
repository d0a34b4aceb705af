/** Writes rows of a table as one Parquet file at a key (a file even when there are no rows). */
import type { Store } from '../store/store.ts';
import type { TableDef } from './column.ts';
import { ParquetFileWriter } from './parquet-file-writer.ts';

export async function writeTableFile(
  store: Store,
  key: string,
  table: TableDef,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const writer = new ParquetFileWriter(table, await store.createObject(key));
  try {
    if (rows.length > 0)
      await writer.writeRowGroup(table.columns.map((c) => rows.map((r) => r[c.name] ?? null)));
    await writer.finish();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
