/**
 * Every `.sql` file of the project — the aggregate tables and the relations they read
 * (lib/aggregate/sql/) and the named queries (lib/queries/) — is in the common subset of Trino
 * (Athena engine 3) and DuckDB: it parses with a real Trino grammar (dt-sql-parser's TrinoSQL), runs in
 * DuckDB, and avoids what the two engines read differently.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TrinoSQL } from 'dt-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AGGREGATE_OPTIONS } from '../../lib/aggregate/aggregate-options.ts';
import { AGGREGATE_TABLES } from '../../lib/aggregate/aggregate-tables.ts';
import { aggregateWithDuckDb, defineEvents } from '../../lib/aggregate/duckdb-aggregates.ts';
import {
  type AggregateSqlParams,
  bindSql,
  DAY_RELATIONS,
  eventScans,
  SqlParameterError,
  sqlFile,
  standaloneTableSql,
} from '../../lib/aggregate/sql/index.ts';
import { runCommand } from '../../lib/cli/run-command.ts';
import { runConfig } from '../../lib/cli/run-config.ts';
import { namedQueries } from '../../lib/queries/index.ts';
import { type DuckDbSession, openDuckDb } from '../../lib/tables/duckdb-session.ts';
import { generatedLog, REPO_ROOT, tempDir, writeLog } from '../helpers.ts';
import { SHOP_DEFINITIONS } from './goal-definitions.ts';

const PARAMS: AggregateSqlParams = {
  days: ['2026-11-01', '2026-11-02'],
  options: { ...DEFAULT_AGGREGATE_OPTIONS, ...SHOP_DEFINITIONS },
  computedAt: Date.parse('2026-11-03T04:05:06.789Z'),
};

/** Every .sql file under lib/, with its text as the engines get it (aggregate files bound). */
function projectSql(): Array<{ file: string; sql: string }> {
  const files: Array<{ file: string; sql: string }> = [];
  const lib = join(REPO_ROOT, 'lib');
  for (const entry of readdirSync(lib, { recursive: true })) {
    const file = String(entry);
    if (!file.endsWith('.sql')) continue;
    const text = readFileSync(join(lib, file), 'utf8');
    files.push({ file, sql: file.startsWith(join('aggregate', 'sql')) ? bindSql(text, PARAMS) : text });
  }
  return files.sort((a, b) => (a.file < b.file ? -1 : 1));
}

const trino = new TrinoSQL();

describe('the SQL of the project', () => {
  const files = projectSql();

  it('has one file per aggregate table, the relations they read, and the named queries', () => {
    const names = files.map((f) => f.file);
    for (const table of AGGREGATE_TABLES)
      expect(names).toContain(join('aggregate', 'sql', `${table.name}.sql`));
    for (const relation of DAY_RELATIONS)
      expect(names).toContain(join('aggregate', 'sql', `${relation}.sql`));
    for (const q of namedQueries()) expect(names).toContain(join('queries', `${q.name}.sql`));
  });

  it.each(files.map((f) => [f.file, f.sql]))('%s parses with the Trino grammar', (_, sql) => {
    expect(trino.validate(sql).map((e) => `${e.startLine}:${e.startColumn} ${e.message}`)).toEqual([]);
  });

  it.each(AGGREGATE_TABLES.map((t) => [t.name]))('%s stands alone for Athena and parses', (name) => {
    expect(trino.validate(standaloneTableSql(name, PARAMS))).toEqual([]);
  });

  it('the grammar check is real: DuckDB-only constructs are refused', () => {
    for (const sql of [
      'SELECT status::int FROM hits',
      'SELECT * FROM hits QUALIFY row_number() OVER (PARTITION BY site) = 1',
      'SELECT site, count(*) FROM hits GROUP BY ALL',
    ])
      expect(trino.validate(sql).length, sql).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [f.file, f.sql]))('%s avoids what the engines read differently', (_, sql) => {
    const code = sql.replace(/--[^\n]*/g, '').replace(/'[^']*'/g, "''");
    // `/` is integer division on integers in Trino, float division in DuckDB: only beside a decimal
    // literal (100.0 * a / b, ms / 1000.0), which makes both engines divide decimals.
    for (const line of code.split('\n').filter((l) => l.includes('/')))
      expect(line, 'a / needs a decimal literal on its line').toMatch(/\d+\.\d+/);
    for (const banned of [
      /::/,
      /\bQUALIFY\b/i,
      /GROUP BY ALL/i,
      /\/\//,
      /\blist_/i,
      /\bapprox_/i,
      /\bstrftime\b/i,
    ])
      expect(code).not.toMatch(banned);
    expect(code).not.toMatch(/\{\{/);
  });

  it('binding refuses unknown parameters and values that are not what they claim', () => {
    expect(() => bindSql('SELECT {{nope}}', PARAMS)).toThrow(SqlParameterError);
    expect(() => bindSql('SELECT 1', { ...PARAMS, days: ["2026-11-01' OR 1=1 --"] })).toThrow(
      SqlParameterError,
    );
    expect(() => bindSql('SELECT 1', { ...PARAMS, days: [] })).toThrow(SqlParameterError);
    expect(() => bindSql('SELECT {{k}}', { ...PARAMS, options: { ...PARAMS.options, k: 1.5 } })).toThrow(
      SqlParameterError,
    );
    expect(bindSql('SELECT {{k}}, {{computed_at}} WHERE dt IN ({{days}})', PARAMS)).toBe(
      "SELECT 5, TIMESTAMP '2026-11-03 04:05:06.789' WHERE dt IN ('2026-11-01', '2026-11-02')",
    );
  });

  it('reads the events once per relation and at most twice per table query (Athena re-reads each reference)', () => {
    for (const relation of DAY_RELATIONS) expect([relation, eventScans(relation)]).toEqual([relation, 1]);
    for (const table of AGGREGATE_TABLES) expect(eventScans(table.name), table.name).toBeLessThanOrEqual(2);
    // A table that folds by a join reads its rows twice (once to count each row's visitors)...
    for (const folded of ['sources_daily', 'technology_daily'])
      expect([folded, eventScans(folded)]).toEqual([folded, 2]);
    // ...the generalizing ones count visitors per key with windows and read their rows once.
    for (const generalized of ['pages_daily', 'transitions_daily', 'not_found_daily'])
      expect([generalized, eventScans(generalized)]).toEqual([generalized, 1]);
    expect(eventScans('status_daily')).toBe(1);
    // Goals and funnels fold or count per session with windows over the session hits, read once.
    for (const table of ['countries_daily', 'goals_daily', 'funnels_daily'])
      expect([table, eventScans(table)]).toEqual([table, 1]);
  });

  it('every file opens with a comment that says what it means', () => {
    for (const { file } of files.filter((f) => f.file.startsWith(join('aggregate', 'sql')))) {
      const text = sqlFile(file.slice(join('aggregate', 'sql').length + 1, -'.sql'.length));
      expect(text, file).toMatch(/^-- \w+: \S/);
    }
  });
});

describe('the SQL runs in DuckDB', () => {
  let duck: DuckDbSession;
  let out: string;
  beforeAll(async () => {
    duck = await openDuckDb();
    const dir = await tempDir();
    out = join(dir, 'out');
    const log = join(dir, 'access.log');
    await writeLog(log, generatedLog({ lines: 4_000, seed: 'dialect', days: 2 }));
    const quiet = { stdout: () => {}, stderr: () => {} };
    await runCommand(
      runConfig([log], { out, saltDir: join(dir, 'salts'), site: 'example.com', threads: '1' }),
      quiet,
    );
    await defineEvents(duck.connection, join(out, 'events', '**', '*.parquet'));
  });
  afterAll(() => duck.close());

  it('each table standing alone (as Athena runs it) gives the rows of the shared-relation form', async () => {
    const shared = await aggregateWithDuckDb(duck.connection, PARAMS);
    for (const table of AGGREGATE_TABLES) {
      const reader = await duck.connection.runAndReadAll(standaloneTableSql(table.name, PARAMS));
      const rows = reader
        .getRowObjectsJson()
        .map((r) => JSON.stringify(r))
        .sort();
      expect(rows.length, table.name).toBe(shared[table.name]!.length);
      expect(rows.length, table.name).toBeGreaterThan(0);
    }
  });

  it('every named query runs over the tables of a run', async () => {
    const { runQuery } = await import('../../lib/cli/query-command.ts');
    for (const q of namedQueries())
      expect((await runQuery(out, q.sql)).columns.length, q.name).toBeGreaterThan(0);
  });
});
