/**
 * The aggregate tables defined in SQL: one file per table, reading the relations `hits`,
 * `page_views` and `sessions`, which are defined once in their own files from the `events` table.
 * The SQL is the common subset of Trino (Athena engine 3) and DuckDB (docs/tables.md lists what
 * differs and is not used). Parameters are written `{{name}}` and bound here to literals the
 * project makes itself (days, whole numbers, a timestamp) and to the goals' and funnels' names and
 * conditions, made from their checked definitions (goal-sql.ts): no other text from outside reaches
 * the SQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TableDef } from '../../tables/column.ts';
import type { AggregateOptions } from '../aggregate-options.ts';
import { goalSqlValues } from '../goal-sql.ts';

const DIR = import.meta.dirname;

/** The relations every table reads, each from the ones before it; in this order. */
export const DAY_RELATIONS = ['hits', 'session_hits', 'page_views', 'sessions'] as const;

export interface AggregateSqlParams {
  /** UTC days `YYYY-MM-DD` to compute. */
  readonly days: readonly string[];
  readonly options: AggregateOptions;
  /** `computed_at` of the rows, epoch ms. */
  readonly computedAt: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class SqlParameterError extends Error {
  override name = 'SqlParameterError';
}

function wholeNumber(value: number, name: string): string {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new SqlParameterError(`${name} must be a whole number`);
  return String(value);
}

function timestampLiteral(ms: number): string {
  if (!Number.isFinite(ms)) throw new SqlParameterError('computedAt must be a time');
  // `2026-12-07T00:30:00.000Z` → TIMESTAMP '2026-12-07 00:30:00.000' (UTC, both engines).
  return `TIMESTAMP '${new Date(ms).toISOString().replace('T', ' ').slice(0, 23)}'`;
}

function values(params: AggregateSqlParams): Record<string, string> {
  if (params.days.length === 0) throw new SqlParameterError('no day to compute');
  for (const day of params.days) if (!DAY.test(day)) throw new SqlParameterError('days must be YYYY-MM-DD');
  const o = params.options;
  return {
    days: params.days.map((d) => `'${d}'`).join(', '),
    k: wholeNumber(o.k, 'k'),
    bot_page_views_per_minute: wholeNumber(o.botPageViewsPerMinute, 'botPageViewsPerMinute'),
    bot_page_views_per_day: wholeNumber(o.botPageViewsPerDay, 'botPageViewsPerDay'),
    session_gap_ms: wholeNumber(o.sessionGapSeconds * 1000, 'sessionGapSeconds'),
    hosting_bots: o.hostingBots ? 'TRUE' : 'FALSE',
    computed_at: timestampLiteral(params.computedAt),
    ...goalSqlValues(o),
  };
}

/** The text of `<name>.sql` in this folder, as written. */
export function sqlFile(name: string): string {
  return readFileSync(join(DIR, `${name}.sql`), 'utf8');
}

/** Every `{{name}}` replaced by its value; an unknown name is an error, not left in the SQL. */
export function bindSql(sql: string, params: AggregateSqlParams): string {
  const bound = values(params);
  return sql.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = bound[name];
    if (value === undefined) throw new SqlParameterError(`unknown SQL parameter {{${name}}}`);
    return value;
  });
}

/** The SQL of one relation or table, bound: reads the relations by name. */
export function boundSql(name: string, params: AggregateSqlParams): string {
  return bindSql(sqlFile(name), params);
}

/** Leading `-- …` lines and blank lines. */
function splitComments(sql: string): { comments: string; body: string } {
  const match = /^(?:\s*--[^\n]*\n|\s*\n)*/.exec(sql)!;
  return { comments: match[0], body: sql.slice(match[0].length) };
}

/**
 * One table's query that stands alone (for Athena): the relations it reads become common table
 * expressions in front of its own.
 */
export function standaloneTableSql(table: string, params: AggregateSqlParams): string {
  const relations = DAY_RELATIONS.map((name) => `${name} AS (\n${boundSql(name, params).trimEnd()}\n)`);
  const { comments, body } = splitComments(boundSql(table, params));
  const own = /^WITH\s/i.exec(body);
  const rest = own ? `,\n${body.slice(own[0].length)}` : `\n${body}`;
  return `${comments}WITH ${relations.join(',\n')}${rest}`;
}

/** At most this many partitions (days) per UNLOAD, as Athena allows. */
export const MAX_UNLOAD_PARTITIONS = 100;

/**
 * Athena's `UNLOAD` of one table for some days: Parquet files under `location`, one folder per day
 * (`dt=…/`, the partition column last, as `partitioned_by` needs), columns in the table's order.
 */
export function unloadSql(table: TableDef, params: AggregateSqlParams, location: string): string {
  if (params.days.length > MAX_UNLOAD_PARTITIONS)
    throw new SqlParameterError(`at most ${MAX_UNLOAD_PARTITIONS} days per UNLOAD`);
  if (!/^s3:\/\/[a-z0-9.-]+\/[\w/=.-]*\/$/.test(location))
    throw new SqlParameterError('the UNLOAD location must be an s3:// folder');
  const columns = [...table.columns.map((c) => c.name), 'dt'].join(', ');
  return [
    `UNLOAD (SELECT ${columns} FROM (`,
    standaloneTableSql(table.name, params),
    `) AS computed) TO '${location}'`,
    "WITH (format = 'PARQUET', compression = 'SNAPPY', partitioned_by = ARRAY['dt'])",
  ].join('\n');
}

/** A query's own common table expressions (name → body) and its final SELECT. */
function commonTableExpressions(sql: string): { bodies: Map<string, string>; main: string } {
  const bodies = new Map<string, string>();
  let rest = sql.trim();
  if (!/^WITH\s/i.test(rest)) return { bodies, main: rest };
  rest = rest.slice(4);
  for (;;) {
    const head = /^\s*(\w+)\s+AS\s*\(/i.exec(rest);
    if (!head) break;
    let depth = 1;
    let at = head[0].length;
    for (; at < rest.length && depth > 0; at++) {
      if (rest[at] === '(') depth++;
      else if (rest[at] === ')') depth--;
    }
    bodies.set(head[1]!.toLowerCase(), rest.slice(head[0].length, at - 1));
    rest = rest.slice(at);
    const comma = /^\s*,/.exec(rest);
    if (!comma) break;
    rest = rest.slice(comma[0].length);
  }
  return { bodies, main: rest };
}

/**
 * How many times a standalone table query reads the events: Trino inlines common table expressions,
 * so each reference to one — its own or a shared relation — is read anew (`FROM hits` twice is two
 * scans).
 */
export function eventScans(name: string): number {
  const { bodies, main } = commonTableExpressions(sqlFile(name).replace(/--[^\n]*/g, ''));
  const scans = (text: string): number => {
    let n = 0;
    for (const m of text.matchAll(/\b(?:FROM|JOIN)\s+(\w+)/gi)) {
      const source = m[1]!.toLowerCase();
      if (source === 'events') n += 1;
      else if (bodies.has(source)) n += scans(bodies.get(source)!);
      else if ((DAY_RELATIONS as readonly string[]).includes(source)) n += eventScans(source);
    }
    return n;
  };
  return scans(main);
}
