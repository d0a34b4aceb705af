/** Shared test helpers: temp dirs, running the real CLI, reading written Parquet back, shared fixtures. */
import { type SpawnOptions, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, it } from 'vitest';
import { DEFAULT_HOST, generatedLines } from '../lib/generate/generate-log.ts';
import { FsStore } from '../lib/store/fs-store.ts';
import type { ObjectSink } from '../lib/store/store.ts';
import { type PlainRow, readParquetRows } from '../lib/tables/parquet-reader.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(REPO_ROOT, 'lib', 'cli', 'logveil.mjs');

/**
 * Third-party sample logs and PII lists (Matomo's and AWS's samples, a real Apache log) are not ours to
 * copy into the repository: they live in `../shared/fixtures` beside the checkout, or wherever
 * `LOGVEIL_SHARED_FIXTURES` points. A clone on its own skips the tests that need them, with a printed
 * reason; CI always has them, so under `CI=true` their absence is a failure, never a silent skip.
 */
export function sharedFixturesRoot(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.LOGVEIL_SHARED_FIXTURES;
  return override ? resolve(override) : resolve(REPO_ROOT, '..', 'shared', 'fixtures');
}

/** A path inside the shared fixtures (see `sharedFixturesRoot`). */
export function fixture(...parts: string[]): string {
  return join(sharedFixturesRoot(), ...parts);
}

export type SharedFixturesVerdict =
  | { outcome: 'present'; root: string }
  | { outcome: 'skip' | 'fail'; root: string; message: string };

function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = (env.CI ?? '').toLowerCase();
  return ci !== '' && ci !== 'false' && ci !== '0';
}

/** Whether tests needing the shared fixtures run (`present`), skip (absent locally) or fail (absent in CI). */
export function sharedFixturesVerdict(env: NodeJS.ProcessEnv = process.env): SharedFixturesVerdict {
  const root = sharedFixturesRoot(env);
  if (existsSync(root)) return { outcome: 'present', root };
  const where = env.LOGVEIL_SHARED_FIXTURES ? `LOGVEIL_SHARED_FIXTURES=${root}` : root;
  if (isCi(env)) {
    return {
      outcome: 'fail',
      root,
      message: `../shared/fixtures not found (${where}) and CI=true: CI must run the tests on the shared samples`,
    };
  }
  return {
    outcome: 'skip',
    root,
    message: `skipped: ../shared/fixtures not found (${where}; set LOGVEIL_SHARED_FIXTURES to run them)`,
  };
}

/**
 * True when the shared fixtures are there. When they are absent, prints one `skipped: …` line naming
 * `what` and returns false; under CI=true throws instead, failing the test file.
 */
export function sharedFixturesOrSkip(
  what: string,
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = (line) => console.log(line),
): boolean {
  const verdict = sharedFixturesVerdict(env);
  if (verdict.outcome === 'present') return true;
  if (verdict.outcome === 'fail') throw new Error(`${verdict.message}: ${what}`);
  print(`${verdict.message}: ${what}`);
  return false;
}

/**
 * `describe` for tests over the shared fixtures. When they are absent the body is never run (so it may
 * read fixtures while collecting tests): one skipped placeholder test stands for it in the report.
 */
export function describeWithShared(name: string, body: () => void): void {
  if (sharedFixturesOrSkip(name)) {
    describe(name, body);
    return;
  }
  describe.skip(name, () => {
    it('needs ../shared/fixtures', () => {});
  });
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

/** Runs a program to its end and collects what it printed; `stdin` is sent and closed. */
export function runProcess(
  file: string,
  args: readonly string[],
  options: SpawnOptions & { stdin?: Buffer | string } = {},
): Promise<CliResult> {
  const { stdin, ...spawnOptions } = options;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { ...spawnOptions, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => out.push(c));
    child.stderr!.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      resolvePromise({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      }),
    );
    child.stdin!.end(stdin ?? '');
  });
}

/** Runs the real CLI; `env` replaces the test's own environment when given. */
export function runCli(
  args: string[],
  options: { stdin?: Buffer | string; cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> {
  return runProcess(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...(options.env ?? process.env), NO_COLOR: '1' },
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
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

/** Runs the real CLI with exactly this environment (a machine zone, no AWS settings…). */
export function runCliWithEnv(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  return runCli(args, { env });
}

/** An object sink that keeps what is written in memory (Parquet writer tests). */
export class MemorySink implements ObjectSink {
  readonly chunks: Uint8Array[] = [];
  async write(chunk: Uint8Array): Promise<void> {
    this.chunks.push(Uint8Array.from(chunk));
  }
  async commit(): Promise<void> {}
  async abort(): Promise<void> {}
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
