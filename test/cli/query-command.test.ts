import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { namedQueries } from '../../lib/queries/index.ts';
import { generatedLog, REPO_ROOT, runCli, runCliWithEnv, tempDir, writeLog } from '../helpers.ts';

describe('logveil query (command line)', () => {
  let dir: string;
  let out: string;

  beforeAll(async () => {
    dir = await tempDir();
    out = join(dir, 'out');
    const log = join(dir, 'a.log');
    await writeLog(log, generatedLog({ lines: 2000, seed: 'query-cli' }));
    const r = await runCli(['run', log, '--out', out, '--salt-dir', join(dir, 'salts'), '--json']);
    expect(r.code).toBe(0);
  });

  it('reads ts in UTC whatever the machine zone, so hour(ts) is the partition hour', async () => {
    const r = await runCliWithEnv(
      [
        'query',
        '--out',
        out,
        '--format',
        'json',
        `select count(*)::int as n,
                count(*) filter (where lpad(hour(ts)::varchar, 2, '0') <> hour or strftime(ts, '%Y-%m-%d') <> dt)::int as misplaced,
                min(hour(ts)) filter (where dt = '2026-11-01' and hour = '02')::int as h02,
                current_setting('TimeZone') as zone
         from events`,
      ],
      { ...process.env, TZ: 'America/New_York' },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [row] = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(row).toMatchObject({ misplaced: 0, h02: 2, zone: 'UTC' });
    expect(row!.n).toBeGreaterThan(1000);
  });

  it('runs with bounded threads and memory', async () => {
    const r = await runCli([
      'query',
      '--out',
      out,
      '--format',
      'json',
      "select current_setting('threads')::int as threads, current_setting('memory_limit') as memory, current_setting('temp_directory') as temp",
    ]);
    expect(r.code).toBe(0);
    const [row] = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(row).toMatchObject({ threads: 2, memory: '953.6 MiB' }); // 1GB in DuckDB's units
    expect(String(row!.temp)).toMatch(/logveil-duckdb-\d+$/);
  });

  it('fails with status 1 naming a missing --out directory', async () => {
    const missing = join(dir, 'no-such-out');
    const r = await runCli(['query', '--out', missing, '--named', 'top_pages']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(missing);
    expect(r.stderr).toContain('no such directory');
  });

  it('lists the named queries in its help', async () => {
    const r = await runCli(['query', '--help']);
    expect(r.code).toBe(0);
    for (const q of namedQueries()) expect(r.stdout).toContain(`  ${q.name}  `);
  });

  it('has every named query in the README’s table', async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| `([a-z_]+)` \| /gm)].map((m) => m[1]);
    expect(listed).toEqual(namedQueries().map((q) => q.name));
  });
});
