/**
 * `npm run bench`: `logveil run` as users run it (a fresh process of the real command, a fresh output
 * directory) on a matrix of traffic shapes, each against a floor measured in the same run (gunzip +
 * line split) and GoAccess on the same file, run in turn so a machine that slows down mid-benchmark
 * affects both alike (the ratio is the median of paired ratios). Per input: wall time, lines/s, MB/s,
 * peak RSS (all threads), files written, GoAccess's time and the ratio, and the targets' verdicts;
 * at the end a summary table (also `.bench/summary.md`) for docs/performance.md.
 *
 * The inputs (generated once into `.bench/`, reused while their generator is unchanged):
 *   generator  the project's own generator: 1M lines over 4 days
 *   busy       a busier site (test/bench/busy-site.ts): 1M lines over 2 days, one file per seed
 *   highcard   the generator's 1M lines with a distinct address, path and referrer on every line
 *   year       a real public log repeated to 1M lines over ~400 days (test/bench/year-backfill.ts;
 *              needs ../shared/fixtures, skipped with the reason printed without it)
 *   busy-4m    the busy site, 4M lines over the same 2 days: memory must not grow with lines per day
 *
 *   BENCH_INPUTS=generator,busy,highcard,year,busy-4m   which inputs (default: all)
 *   BENCH_RUNS=3       paired runs per file (default 3; busy-4m 1)
 *   BENCH_SEEDS=1,2,3  busy-site seeds (default 1,2,3: one run each unless BENCH_RUNS is set)
 *   BENCH_SCALE=0.1    every input's lines times this (a quick look; targets then mean little)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EventBuilder } from '../../lib/events/build-event.ts';
import { parsersFor } from '../../lib/formats/index.ts';
import { zoneResolver } from '../../lib/formats/time-zone.ts';
import { generateLog } from '../../lib/generate/generate-log.ts';
import { decodedChunks } from '../../lib/input/decoded-chunks.ts';
import { LineSplitter } from '../../lib/input/line-splitter.ts';
import { scrubFreeText } from '../../lib/privacy/free-text.ts';
import { defaultPrivacySettings } from '../../lib/privacy/privacy-settings.ts';
import { BUSY_SITE_VERSION, writeBusySite } from './busy-site.ts';
import { writeHighCardinality } from './high-cardinality.ts';
import { writeBackfill } from './year-backfill.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CACHE = join(ROOT, '.bench');
const REAL_LOG = resolve(ROOT, '..', 'shared', 'fixtures', 'peer', 'hackers-access.log');
const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const M = Math.round(1_000_000 * SCALE);
const MiB = 2 ** 20;
const START = Date.parse('2026-11-01T00:00:00Z');

interface Input {
  /** Matrix name (BENCH_INPUTS). */
  readonly input: string;
  /** One line of what it is, for the summary. */
  readonly label: string;
  readonly lines: number;
  readonly runs: number;
  /** Makes the file when it is not in the cache; null with a reason when it cannot be made here. */
  readonly file: () => Promise<string>;
  readonly unavailable?: string;
}

const runsOr = (fallback: number) => Number(process.env.BENCH_RUNS ?? fallback);
const seeds = (process.env.BENCH_SEEDS ?? '1,2,3').split(',').filter(Boolean);

async function cached(name: string, make: (file: string) => Promise<unknown>): Promise<string> {
  const file = join(CACHE, name);
  if (existsSync(file)) return file;
  await mkdir(CACHE, { recursive: true });
  process.stdout.write(`generating ${name}\n`);
  await make(file);
  return file;
}

const generatorFile = () =>
  cached(`generator-${M}.log.gz`, (output) =>
    generateLog({
      lines: M,
      seed: 'bench',
      format: 'combined',
      startMs: START,
      days: 4,
      gzip: true,
      output,
      host: 'www.example.com',
    }),
  );

const busyFile = (lines: number, seed: string) => () =>
  cached(`busy-v${BUSY_SITE_VERSION}-${lines}-s${seed}.log.gz`, (output) =>
    writeBusySite({ lines, days: 2, seed, startMs: START, output }),
  );

function matrix(): Input[] {
  const inputs: Input[] = [
    { input: 'generator', label: 'own generator, 4 days', lines: M, runs: runsOr(3), file: generatorFile },
    ...seeds.map((seed) => ({
      input: 'busy',
      label: `busy site seed ${seed}, 2 days`,
      lines: M,
      runs: runsOr(1),
      file: busyFile(M, seed),
    })),
    {
      input: 'highcard',
      label: 'high cardinality, 4 days',
      lines: M,
      runs: runsOr(3),
      file: async () => {
        const base = await generatorFile();
        return cached(`highcard-${M}.log.gz`, (output) => writeHighCardinality(base, output));
      },
    },
    {
      input: 'year',
      label: 'real log repeated, ~400 days',
      lines: M,
      runs: runsOr(3),
      file: () =>
        cached(`year-${M}.log.gz`, (output) => writeBackfill(REAL_LOG, output, { lines: M, shiftHours: 33 })),
      ...(existsSync(REAL_LOG)
        ? {}
        : { unavailable: `${REAL_LOG} not found (../shared is not beside the checkout)` }),
    },
    {
      input: 'busy-4m',
      label: 'busy site seed 1, 4× the lines, same 2 days',
      lines: 4 * M,
      runs: runsOr(1),
      file: busyFile(4 * M, '1'),
    },
  ];
  const wanted = (process.env.BENCH_INPUTS ?? inputs.map((i) => i.input).join(',')).split(',');
  const unknown = wanted.filter((w) => !inputs.some((i) => i.input === w));
  if (unknown.length > 0) {
    process.stderr.write(
      `BENCH_INPUTS: unknown input ${unknown.join(', ')} (known: generator, busy, highcard, year, busy-4m)\n`,
    );
    process.exit(2);
  }
  return inputs.filter((i) => wanted.includes(i.input));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The floor: what just reading the file costs (gunzip with 64 KiB chunks + splitting into strings). */
async function floor(file: string): Promise<{ wallMs: number; bytes: number; lines: number }> {
  const started = performance.now();
  let bytes = 0;
  let lines = 0;
  const splitter = new LineSplitter({ line: () => lines++, tooLong: () => lines++ });
  for await (const chunk of decodedChunks(createReadStream(file, { highWaterMark: 65536 }))) {
    bytes += chunk.length;
    splitter.push(chunk);
  }
  splitter.end();
  return { wallMs: performance.now() - started, bytes, lines };
}

/** The command users run (`npx logveil` is lib/cli/logveil.mjs, which runs the esbuild bundle of lib/). */
const CLI = join(ROOT, 'lib', 'cli', 'logveil.mjs');

/**
 * One `logveil run` in a fresh process, exactly as users start it; a preload records its peak RSS.
 * Wall time is measured from here, so it includes Node's start-up.
 */
function runLogveil(file: string, out: string): { wallMs: number; maxRssBytes: number } {
  const metrics = join(CACHE, 'metrics.json');
  rmSync(metrics, { force: true });
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      pathToFileURL(join(ROOT, 'test', 'bench', 'peak-rss.mjs')).href,
      CLI,
      'run',
      file,
      '--out',
      out,
      '--salt-dir',
      join(CACHE, 'salts'),
      '--site',
      'example.com',
      '--json',
    ],
    { env: { ...process.env, BENCH_METRICS: metrics }, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const wallMs = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`logveil run failed (${result.status}): ${result.stderr.slice(0, 500)}`);
  const { maxRssBytes } = JSON.parse(readFileSync(metrics, 'utf8')) as { maxRssBytes: number };
  return { wallMs, maxRssBytes };
}

/** Builds the CLI bundle once (it is rebuilt whenever lib/ changes), so no measured run pays for it. */
function warmUp(): void {
  const result = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`logveil --help failed (${result.status})`);
}

function goaccess(file: string): number | null {
  try {
    execFileSync('goaccess', ['--version'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const started = performance.now();
  execFileSync(
    'bash',
    ['-c', `zcat "${file}" | goaccess --log-format=COMBINED -o "${join(CACHE, 'goaccess.json')}" -`],
    {
      stdio: 'ignore',
    },
  );
  return performance.now() - started;
}

const mb = (bytes: number) => bytes / 1_000_000;

/**
 * Adversarial fields (quotes, percent signs, @, digits, JWT prefixes, blanks) of 16 and 64 KiB through
 * every parser, the event builder and the free-text scrubber: linear code takes about four times as
 * long for four times the input; super-linear code shows a much larger ratio.
 */
function adversarial(): void {
  const fills = ['"', '%', '@', '4', 'eyJ', ' ', 'a.', '%25', '\\x'];
  const build = new EventBuilder(defaultPrivacySettings({ site: 'example.com' }));
  const salt = { day: '2026-11-25', salt: Buffer.alloc(32, 1), saltId: 'aaaaaaaa', createdAt: 0 };
  const time = (size: number): number => {
    const started = performance.now();
    for (const fill of fills) {
      const field = fill.repeat(Math.ceil(size / fill.length)).slice(0, size);
      const line = `203.0.113.1 - - [25/Nov/2026:10:00:00 +0000] "GET /${field}?utm_content=${field} HTTP/1.1" 200 1 "https://x.example/${field}" "${field}"`;
      for (const format of ['combined', 'common', 'alb', 's3', 'json', 'w3c']) {
        const [parser] = parsersFor(format, { zone: zoneResolver('UTC') });
        const result = parser!.parse(
          format === 'json'
            ? JSON.stringify({ time: '2026-11-25T10:00:00Z', uri: `/${field}`, ua: field })
            : line,
        );
        if (result.ok) build.build(result.hit, 'example.com', 'id', salt);
      }
      scrubFreeText(line);
    }
    return performance.now() - started;
  };
  time(1024);
  const small = time(16 * 1024);
  const large = time(64 * 1024);
  process.stdout.write(
    `\nadversarial 64 KiB fields: ${large.toFixed(0)} ms, 16 KiB: ${small.toFixed(0)} ms, ratio ${(large / small).toFixed(1)} (4 = linear)\n`,
  );
}

interface Result {
  readonly input: Input;
  readonly gzBytes: number;
  readonly rawBytes: number;
  readonly days: number;
  readonly floor: number;
  readonly wall: number;
  readonly rss: number;
  readonly files: number;
  /** Seconds to make the output's directories and files (same names and sizes) on this disk. */
  readonly layout: number;
  readonly goaccess: number | null;
  readonly ratio: number | null;
}

/** Files under a directory, counted (the run's output: events, aggregates, sources records). */
function countFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

/**
 * The layout's floor: the time this disk takes to make the run's output tree again — every
 * directory, every file with its size, written and renamed as the store does, with synchronous
 * calls and nothing computed — in a fresh directory beside it. It is the part of a run's time no
 * code of logveil's can remove while the layout (an events file per hour, a file per table and
 * day) stays as the design fixes it; on a year of a small site it is most of the run.
 */
function layoutFloor(out: string, copy: string): number {
  const entries = readdirSync(out, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return { rel: relative(out, path), size: statSync(path).size };
    });
  const started = performance.now();
  const made = new Set<string>();
  for (const { rel, size } of files) {
    const target = join(copy, rel);
    const dir = dirname(target);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(`${target}.tmp`, Buffer.alloc(size));
    renameSync(`${target}.tmp`, target);
  }
  return (performance.now() - started) / 1000;
}

let outputs = 0;

/**
 * One input: floor, logveil and GoAccess in turn, `runs` times. Every logveil run writes into a new
 * directory, removed only at the end of the benchmark: creating files right after deleting a large
 * tree costs several times as much on some disks, and users run into a fresh or an existing one, not
 * one being deleted.
 */
async function measure(input: Input): Promise<Result> {
  const file = await input.file();
  const gzBytes = statSync(file).size;
  const floors: number[] = [];
  const walls: number[] = [];
  const rss: number[] = [];
  const goaccessWalls: number[] = [];
  const ratios: number[] = [];
  const layouts: number[] = [];
  let rawBytes = 0;
  let files = 0;
  let days = 0;
  for (let i = 0; i < input.runs; i++) {
    const f = await floor(file);
    floors.push(f.wallMs);
    rawBytes = f.bytes;
    const out = join(CACHE, 'runs', `out-${++outputs}`);
    const m = runLogveil(file, out);
    walls.push(m.wallMs);
    rss.push(m.maxRssBytes);
    files = countFiles(out);
    days = readdirSync(join(out, 'aggregates', 'traffic_daily')).length;
    layouts.push(layoutFloor(out, `${out}-layout`));
    const ga = goaccess(file);
    if (ga !== null) {
      goaccessWalls.push(ga);
      ratios.push(m.wallMs / ga);
    }
  }
  const result: Result = {
    input,
    gzBytes,
    rawBytes,
    days,
    floor: median(floors) / 1000,
    wall: median(walls) / 1000,
    rss: median(rss),
    files,
    layout: median(layouts),
    goaccess: goaccessWalls.length > 0 ? median(goaccessWalls) / 1000 : null,
    ratio: ratios.length > 0 ? median(ratios) : null,
  };
  const { wall, floor: floorS, rss: peak } = result;
  process.stdout.write(
    [
      `\n${input.input}: ${input.label} — ${input.lines.toLocaleString('en')} lines, ${days} days, ${mb(gzBytes).toFixed(1)} MB gzip, ${mb(rawBytes).toFixed(1)} MB raw (median of ${input.runs})`,
      `  floor (gunzip + split) ${floorS.toFixed(2)} s`,
      `  layout floor           ${result.layout.toFixed(2)} s   (making the output's ${files.toLocaleString('en')} files and their directories on this disk, nothing computed)`,
      `  logveil run            ${wall.toFixed(2)} s   ${Math.round(input.lines / wall).toLocaleString('en')} lines/s   ${(mb(gzBytes) / wall).toFixed(1)} MB/s gzip   ${(mb(rawBytes) / wall).toFixed(1)} MB/s raw   peak RSS ${(peak / MiB).toFixed(0)} MiB   ${files.toLocaleString('en')} files   ${(wall / floorS).toFixed(1)}× floor`,
      result.goaccess === null
        ? '  goaccess               not installed (apt-get install goaccess)'
        : `  goaccess               ${result.goaccess.toFixed(2)} s   logveil/goaccess ${result.ratio!.toFixed(3)} (target ≤ 0.40: ${result.ratio! <= 0.4 ? 'met' : 'NOT met'})`,
      `  peak RSS target < 300 MiB: ${peak < 300 * MiB ? 'met' : 'NOT met'}`,
    ].join('\n'),
  );
  process.stdout.write('\n');
  return result;
}

const verdict = (ok: boolean) => (ok ? 'met' : '**NOT met**');

/** The summary as a Markdown table, as docs/performance.md shows it. */
function summary(results: readonly Result[]): string {
  const rows = results.map((r) => {
    const ratio = r.ratio === null ? '—' : r.ratio.toFixed(2);
    return `| ${r.input.input}: ${r.input.label} | ${r.input.lines.toLocaleString('en')} | ${r.days} | ${(r.rawBytes / r.input.lines).toFixed(0)} | ${r.wall.toFixed(2)} s | ${Math.round(r.input.lines / r.wall).toLocaleString('en')} | ${(mb(r.rawBytes) / r.wall).toFixed(1)} | ${(r.rss / MiB).toFixed(0)} MiB | ${r.files.toLocaleString('en')} | ${r.layout.toFixed(2)} s | ${r.goaccess === null ? '—' : `${r.goaccess.toFixed(2)} s`} | ${ratio} | ${verdict(r.ratio !== null && r.ratio <= 0.4)} / ${verdict(r.rss < 300 * MiB)} |`;
  });
  const lines = [
    '| input | lines | days | B/line | logveil | lines/s | MB/s raw | peak RSS | files | layout floor | GoAccess | ratio | ≤ 0.40 / < 300 MiB |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
  const four = results.find((r) => r.input.input === 'busy-4m');
  const ones = results.filter((r) => r.input.input === 'busy');
  if (four && ones.length > 0) {
    const base = median(ones.map((r) => r.rss));
    const x = four.rss / base;
    lines.push(
      '',
      `4M lines of the busy site against 1M: ${(four.wall / median(ones.map((r) => r.wall))).toFixed(2)}× the time, ${x.toFixed(2)}× the peak RSS (target ≤ 1.2: ${verdict(x <= 1.2)})`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const inputs = matrix();
  process.stdout.write(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}${SCALE === 1 ? '' : `, BENCH_SCALE ${SCALE}`}\n`,
  );
  warmUp();
  const results: Result[] = [];
  try {
    for (const input of inputs) {
      if (input.unavailable) {
        process.stdout.write(`\n${input.input}: skipped — ${input.unavailable}\n`);
        continue;
      }
      results.push(await measure(input));
    }
  } finally {
    await rm(join(CACHE, 'runs'), { recursive: true, force: true });
  }
  const table = summary(results);
  writeFileSync(join(CACHE, 'summary.md'), `${table}\n`);
  process.stdout.write(`\n${table}\n`);
}

await main();
adversarial();
