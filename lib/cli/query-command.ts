/**
 * `logveil query`: SQL over the local tables with DuckDB (CLI only — never bundled into a Lambda),
 * or one of the named queries that Athena gets too. Output as an aligned table, CSV or JSON.
 */
import { escapeControls } from '../privacy/control-chars.ts';
import { namedQueries } from '../queries/index.ts';
import { missingOutDir } from './out-dir.ts';
import type { CommandIo } from './run-command.ts';
import { UsageError } from './usage-error.ts';

export interface QueryFlags {
  out: string;
  format: 'table' | 'csv' | 'json';
  named?: string;
}

type Value = string | number | boolean | null;

function plain(value: unknown): Value {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

export interface QueryResult {
  columns: string[];
  rows: Value[][];
}

export async function runQuery(out: string, sql: string): Promise<QueryResult> {
  const [{ openDuckDb }, { defineTables }] = await Promise.all([
    import('../tables/duckdb-session.ts'),
    import('./local-tables.ts'),
  ]);
  const { connection, close } = await openDuckDb();
  try {
    await defineTables(connection, out);
    const reader = await connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRows().map((row) => row.map(plain)) };
  } finally {
    close();
  }
}

function csvCell(v: Value): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatResult(result: QueryResult, format: QueryFlags['format']): string {
  if (format === 'json') {
    return `${JSON.stringify(result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c, r[i]]))))}\n`;
  }
  if (format === 'csv') {
    return `${[result.columns.map((c) => csvCell(c)).join(','), ...result.rows.map((r) => r.map(csvCell).join(','))].join('\n')}\n`;
  }
  // A value with ESC or CR in it must not redraw the terminal it is printed to.
  const cells = result.rows.map((r) => r.map((v) => (v === null ? '' : escapeControls(String(v)))));
  const widths = result.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const numeric = result.columns.map(
    (_, i) => result.rows.length > 0 && result.rows.every((r) => typeof r[i] === 'number' || r[i] === null),
  );
  const line = (row: string[]) =>
    row
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(result.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n')}\n(${result.rows.length} rows)\n`;
}

/** The named queries with what each answers, for `query --help`. */
export function namedQueryHelp(): string {
  const queries = namedQueries();
  const width = Math.max(...queries.map((q) => q.name.length));
  return `\nNamed queries (--named NAME):\n${queries.map((q) => `  ${q.name.padEnd(width)}  ${q.description}`).join('\n')}\n`;
}

export async function queryCommand(
  sql: string | undefined,
  flags: QueryFlags,
  io: CommandIo,
): Promise<number> {
  let text = sql;
  if (flags.named !== undefined) {
    if (sql !== undefined) throw new UsageError('give either SQL or --named, not both');
    const query = namedQueries().find((q) => q.name === flags.named);
    if (!query) {
      throw new UsageError(
        `no named query "${flags.named}" (known: ${namedQueries()
          .map((q) => q.name)
          .join(', ')})`,
      );
    }
    text = query.sql;
  }
  if (text === undefined || text.trim() === '') {
    throw new UsageError(
      `give SQL or --named NAME (named: ${namedQueries()
        .map((q) => q.name)
        .join(', ')})`,
    );
  }
  const missing = missingOutDir(flags.out, io);
  if (missing !== null) return missing;
  let result: QueryResult;
  try {
    result = await runQuery(flags.out, text);
  } catch (err) {
    io.stderr(`logveil: query failed: ${(err as Error).message}\n`);
    return 1;
  }
  io.stdout(formatResult(result, flags.format));
  return 0;
}
