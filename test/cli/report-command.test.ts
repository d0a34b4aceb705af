import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatedLog, runCli, runCliWithEnv, tempDir, writeLog } from '../helpers.ts';

describe('logveil report (command line)', () => {
  let dir: string;
  let out: string;

  beforeAll(async () => {
    dir = await tempDir();
    out = join(dir, 'out');
    const log = join(dir, 'a.log');
    await writeLog(log, generatedLog({ lines: 3000, seed: 'report-cli', days: 2 }));
    expect((await runCli(['run', log, '--out', out, '--salt-dir', join(dir, 'salts'), '--json'])).code).toBe(
      0,
    );
  });

  it('writes <out>/report.html by default, covering the days with data', async () => {
    const r = await runCli(['report', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`report written to ${join(out, 'report.html')}\n`);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('2026-11-01 – 2026-11-02 (UTC)');
    expect(html).toContain('Content-Security-Policy');
  });

  it('fails with status 1 and names the directory when there are no aggregates', async () => {
    const r = await runCli(['report', '--out', join(dir, 'empty')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no aggregate tables found');
  });

  it('rejects bad days and reversed ranges as usage errors', async () => {
    for (const args of [
      ['--from', '2026-02-30'],
      ['--to', 'tomorrow'],
      ['--from', '2026-11-05', '--to', '2026-11-01'],
    ]) {
      const r = await runCli(['report', '--out', out, ...args, '-o', join(dir, 'x.html')]);
      expect(r.code, args.join(' ')).toBe(2);
    }
  });

  it('names a broken aggregate file, leaves it out and reports the rest (status 1)', async () => {
    const copy = join(dir, 'broken-out');
    await cp(out, copy, { recursive: true });
    const key = 'aggregates/pages_daily/dt=2026-11-02/part-00000.parquet';
    await writeFile(join(copy, ...key.split('/')), 'PAR1 not really parquet');
    const file = join(dir, 'broken.html');
    const r = await runCli(['report', '--out', copy, '-o', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`logveil: ${key}: not readable as Parquet; left out of the report\n`);
    const html = await readFile(file, 'utf8');
    expect(html).toContain('data-table="pages"');
    expect(html).toContain('data-metric="page_views"');
  });

  it('warns but writes an empty report for a period or site without data', async () => {
    const file = join(dir, 'nothing.html');
    const r = await runCli(['report', '--out', out, '--site', 'nosuch.example', '-o', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: no aggregates for nosuch.example');
    expect(await readFile(file, 'utf8')).toContain('No aggregates for this period.');
  });

  it('writes the same report whatever the machine time zone (days and hours are UTC)', async () => {
    const reports: string[] = [];
    for (const zone of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
      const file = join(dir, `zone-${zone.replace('/', '-')}.html`);
      const r = await runCliWithEnv(['report', '--out', out, '-o', file], { ...process.env, TZ: zone });
      expect(r.code, zone).toBe(0);
      reports.push(await readFile(file, 'utf8'));
    }
    expect(reports[1]).toBe(reports[0]);
    expect(reports[2]).toBe(reports[0]);
  });
});
