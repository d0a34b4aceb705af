/**
 * The progress bar is for a person at a terminal: it must appear when `logveil run` writes to a
 * pseudo-terminal (util-linux `script` provides one) and never with --json or into a pipe.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, generatedLog, REPO_ROOT, runCli, tempDir, writeLog } from '../helpers.ts';

const SCRIPT = '/usr/bin/script';
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
const describeTty = existsSync(SCRIPT) || IN_CI ? describe : describe.skip;
const BAR = '\r\x1b[K';

/** Runs the CLI with stdin, stdout and stderr on one pseudo-terminal; returns everything it drew. */
function underPty(args: string[]): Promise<{ code: number; output: string }> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => out.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output: Buffer.concat(out).toString() }));
  });
}

describeTty('progress on a terminal', () => {
  let dir: string;
  let log: string;

  beforeAll(async () => {
    if (!existsSync(SCRIPT)) throw new Error(`CI=true but ${SCRIPT} (util-linux) is missing`);
    dir = await tempDir();
    log = join(dir, 'site.log');
    await writeLog(log, generatedLog({ lines: 30_000, seed: 'tty', days: 1 }));
  });

  const args = (name: string, ...extra: string[]) => [
    'run',
    log,
    '--out',
    join(dir, name),
    '--salt-dir',
    join(dir, 'salts'),
    ...extra,
  ];

  it('draws a bar with bytes, lines/s and ETA under a pseudo-terminal, then the summary', async () => {
    const { code, output } = await underPty(args('tty'));
    expect(code).toBe(0);
    expect(output).toContain(BAR);
    expect(output).toMatch(
      /[█░]{24} +\d+\.\d% {2}\d+\.\d MiB \/ \d+\.\d MiB {2}[\d,]+ lines\/s {2}ETA \d+:\d\d/,
    );
    expect(output).toContain('computing aggregates…');
    // The bar is erased before the summary, which starts on a clean line.
    const summaryAt = output.indexOf('file ');
    expect(summaryAt).toBeGreaterThan(output.lastIndexOf(BAR));
    expect(output).toContain('top pages:');
  });

  it('draws nothing with --json, even on a terminal', async () => {
    const { code, output } = await underPty(args('json', '--json'));
    expect(code).toBe(0);
    expect(output).not.toContain(BAR);
    expect(output).not.toContain('lines/s');
    expect(JSON.parse(output.trim()).lines).toBe(30_000);
  });

  it('draws nothing into a pipe', async () => {
    const { code, stdout, stderr } = await runCli(args('piped'));
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).not.toContain('\r');
    expect(stdout).toContain('top pages:');
  });
});
