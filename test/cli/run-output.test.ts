import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST, generatedLines } from '../../lib/generate/generate-log.ts';
import { runCli, tempDir, writeLog } from '../helpers.ts';

function dayLog(start: string, days: number): string[] {
  return [
    ...generatedLines({
      lines: 300 * days,
      seed: `run-output-${start}`,
      format: 'combined',
      startMs: Date.parse(`${start}T00:00:00Z`),
      days,
      gzip: false,
      output: null,
      host: DEFAULT_HOST,
    }),
  ];
}

describe('logveil run summary on a terminal', () => {
  it('lists the days in date order when a directory’s files are not', async () => {
    const dir = await tempDir();
    const logs = join(dir, 'logs');
    await mkdir(logs);
    // Name order reads the newer days first; 2026-11-03 settles (and is computed) before 2026-11-01 is read.
    await writeLog(join(logs, 'a.log'), dayLog('2026-11-03', 2));
    await writeLog(join(logs, 'b.log'), dayLog('2026-11-01', 1));
    const r = await runCli([
      'run',
      logs,
      '--out',
      join(dir, 'out'),
      '--salt-dir',
      join(dir, 'salts'),
      '--site',
      'example.com',
      '--threads',
      '1',
    ]);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^2026-11-\d\d {2}example\.com /.test(l));
    expect(rows.map((l) => l.slice(0, 10))).toEqual(['2026-11-01', '2026-11-03', '2026-11-04']);
    const highlights = r.stdout.split('\n').filter((l) => / top pages: /.test(l));
    expect(highlights.map((l) => l.slice(0, 10))).toEqual(['2026-11-01', '2026-11-03', '2026-11-04']);
    // `(other)` is no page: it is left out of the top pages and its share is told, with what sets it.
    // (Prefix rows such as `/blog/(other)` stay: they say where the rare pages are.)
    for (const line of highlights) expect(line).not.toMatch(/(: |· )\(other\) \d/);
    expect(r.stdout).toMatch(
      /hidden by k-anonymity \(--k 5\): \d+\.\d % of page views and \d+\.\d % of 404 hits/,
    );
    expect(r.stdout).toContain(`tables written to ${join(dir, 'out')}\n`);
  });

  it('shows each day’s conversions per goal and sessions per funnel step, as the tables count them', async () => {
    const dir = await tempDir();
    await writeLog(join(dir, 'a.log'), dayLog('2026-11-01', 1));
    const out = join(dir, 'out');
    const r = await runCli([
      'run',
      join(dir, 'a.log'),
      '--out',
      out,
      '--salt-dir',
      join(dir, 'salts'),
      '--site',
      'example.com',
      '--k',
      '1',
      '--goal',
      'Home=/',
      '--funnel',
      'Visit=/ > /**',
    ]);
    expect(r.code).toBe(0);
    const q = await runCli([
      'query',
      '--out',
      out,
      '--format',
      'json',
      "SELECT (SELECT sum(conversions) FROM goals_daily) AS c, (SELECT string_agg(CAST(sessions AS VARCHAR), ' → ' ORDER BY step_number) FROM funnels_daily) AS f",
    ]);
    const { c, f } = (JSON.parse(q.stdout) as Array<{ c: number; f: string }>)[0]!;
    expect(Number(c)).toBeGreaterThan(0);
    expect(r.stdout).toContain(`2026-11-01 conversions: Home ${c}\n`);
    expect(r.stdout).toContain(`2026-11-01 funnel Visit: ${f} sessions\n`);
  });

  it('does not claim tables were written when its only input is missing', async () => {
    const dir = await tempDir();
    const out = join(dir, 'out');
    const r = await runCli(['run', join(dir, 'missing.log'), '--out', out, '--salt-dir', join(dir, 'salts')]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('tables written');
    expect(r.stdout).toContain(`nothing written to ${out} (no events)\n`);
    expect(existsSync(join(out, 'events'))).toBe(false);
  });
});
