import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HOST, generatedLines } from '../../lib/generate/generate-log.ts';
import { runCli, tempDir } from '../helpers.ts';

describe('logveil report (command line)', () => {
  let dir: string;
  let out: string;

  beforeAll(async () => {
    dir = await tempDir();
    out = join(dir, 'out');
    const log = join(dir, 'a.log');
    const lines = [
      ...generatedLines({
        lines: 3000,
        seed: 'report-cli',
        format: 'combined',
        startMs: Date.parse('2026-11-01T00:00:00Z'),
        days: 2,
        gzip: false,
        output: null,
        host: DEFAULT_HOST,
      }),
    ];
    await writeFile(log, `${lines.join('\n')}\n`);
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

  it('warns but writes an empty report for a period or site without data', async () => {
    const file = join(dir, 'nothing.html');
    const r = await runCli(['report', '--out', out, '--site', 'nosuch.example', '-o', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: no aggregates for nosuch.example');
    expect(await readFile(file, 'utf8')).toContain('No aggregates for this period.');
  });
});
