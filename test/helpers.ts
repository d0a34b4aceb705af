/** Shared test helpers: temp dirs, running the real CLI, reading written Parquet back, shared fixtures. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll } from 'vitest';
import { DEFAULT_HOST, generatedLines } from '../lib/generate/generate-log.ts';
import { FsStore } from '../lib/store/fs-store.ts';
import { type PlainRow, readParquetRows } from '../lib/tables/parquet-reader.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED_FIXTURES = resolve(REPO_ROOT, '..', 'shared', 'fixtures');
export const CLI = join(REPO_ROOT, 'lib', 'cli', 'logveil.mjs');

export function fixture(...parts: string[]): string {
  return join(SHARED_FIXTURES, ...parts);
}

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

export async function tempDir(prefix = 'logveil-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { stdin?: Buffer | string; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      resolvePromise({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      }),
    );
    child.stdin.end(options.stdin ?? '');
  });
}

/** Every row of every Parquet file under `<out>/<prefix>`, with the file key. */
export async function readTable(
  out: string,
  prefix = 'events/',
): Promise<Array<PlainRow & { _key: string }>> {
  const store = new FsStore(out);
  const rows: Array<PlainRow & { _key: string }> = [];
  for await (const object of store.list(prefix)) {
    if (!object.key.endsWith('.parquet')) continue;
    const bytes = await readFile(store.pathOf(object.key));
    for (const row of await readParquetRows(bytes)) rows.push({ ...row, _key: object.key });
  }
  return rows;
}

/** Every scrubbed text line written under `<out>/text/`. */
export async function readTextOutput(out: string): Promise<string[]> {
  const store = new FsStore(out);
  const lines: string[] = [];
  for await (const object of store.list('text/')) {
    if (!object.key.endsWith('.txt.gz')) continue;
    const text = gunzipSync(await readFile(store.pathOf(object.key))).toString('utf8');
    lines.push(...text.split('\n').filter((l) => l.length > 0));
  }
  return lines;
}

/**
 * All text a user or analyst could see: every decoded Parquet value, every scrubbed text line, every
 * file name, plus the given terminal output.
 */
export async function everythingWritten(out: string, ...terminal: string[]): Promise<string> {
  const rows = await readTable(out, '');
  const keys: string[] = [];
  for await (const object of new FsStore(out).list('')) keys.push(object.key);
  return [...rows.map((r) => JSON.stringify(r)), ...(await readTextOutput(out)), ...keys, ...terminal].join(
    '\n',
  );
}

/** Synthetic combined-format lines from `logveil generate` (same lines per day), starting 2026-11-01. */
export function generatedLog(options: { lines: number; seed: string; days?: number }): string[] {
  return [
    ...generatedLines({
      lines: options.lines,
      seed: options.seed,
      format: 'combined',
      startMs: Date.parse('2026-11-01T00:00:00Z'),
      days: options.days ?? 1,
      gzip: false,
      output: null,
      host: DEFAULT_HOST,
    }),
  ];
}

/** Writes lines as a log file, one per line with a final newline. */
export async function writeLog(path: string, lines: readonly string[]): Promise<void> {
  await writeFile(path, `${lines.join('\n')}\n`);
}
