/**
 * `npm run bench`: end-to-end throughput and memory of `logveil run` on generated gzip combined logs
 * (same lines per day, so bigger inputs only add days), against a floor measured in the same run
 * (gunzip + line split) and, when installed, GoAccess on the same file. Prints lines/s, MB/s
 * (compressed and uncompressed) and peak RSS; medians of BENCH_RUNS runs.
 *
 *   BENCH_LINES=1000000,4000000 BENCH_RUNS=3 npm run bench
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EventBuilder } from '../../lib/events/build-event.ts';
import { parsersFor } from '../../lib/formats/index.ts';
import { zoneResolver } from '../../lib/formats/time-zone.ts';
import { generateLog } from '../../lib/generate/generate-log.ts';
import { decodedChunks } from '../../lib/input/decoded-chunks.ts';
import { LineSplitter } from '../../lib/input/line-splitter.ts';
import { scrubFreeText } from '../../lib/privacy/free-text.ts';
import { defaultPrivacySettings } from '../../lib/privacy/privacy-settings.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CACHE = join(ROOT, '.bench');
const LINES_PER_DAY = 250_000;
const sizes = (process.env.BENCH_LINES ?? '1000000,4000000').split(',').map(Number);
// Medians of three for the 1M file; the 4M file (four times as long) runs once unless asked.
const runsFor = (lines: number) => Number(process.env.BENCH_RUNS ?? (lines > 1_000_000 ? '1' : '3'));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function ensureLog(lines: number): Promise<string> {
  const file = join(CACHE, `combined-${lines}.log.gz`);
  if (existsSync(file)) return file;
  await mkdir(CACHE, { recursive: true });
  process.stdout.write(`generating ${lines} lines → ${file}\n`);
  await generateLog({
    lines,
    seed: 'bench',
    format: 'combined',
    startMs: Date.parse('2026-11-01T00:00:00Z'),
    days: Math.max(1, Math.ceil(lines / LINES_PER_DAY)),
    gzip: true,
    output: file,
    host: 'www.example.com',
  });
  return file;
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

interface SizeResult {
  readonly lines: number;
  readonly wall: number;
  readonly rss: number;
}

/**
 * One size: floor, logveil and GoAccess run in turn, `runs` times, so a machine that slows down or
 * speeds up mid-benchmark affects all three alike; the GoAccess ratio is the median of paired ratios.
 */
async function measure(lines: number): Promise<SizeResult> {
  const file = await ensureLog(lines);
  const gzBytes = statSync(file).size;
  const runs = runsFor(lines);
  const floors: number[] = [];
  const walls: number[] = [];
  const rss: number[] = [];
  const goaccessWalls: number[] = [];
  const ratios: number[] = [];
  let rawBytes = 0;
  for (let i = 0; i < runs; i++) {
    const f = await floor(file);
    floors.push(f.wallMs);
    rawBytes = f.bytes;
    const out = join(CACHE, 'out');
    await rm(out, { recursive: true, force: true });
    const m = runLogveil(file, out);
    walls.push(m.wallMs);
    rss.push(m.maxRssBytes);
    const ga = goaccess(file);
    if (ga !== null) {
      goaccessWalls.push(ga);
      ratios.push(m.wallMs / ga);
    }
  }
  const wall = median(walls) / 1000;
  const floorS = median(floors) / 1000;
  const peak = median(rss);
  process.stdout.write(
    [
      `\n${lines.toLocaleString('en')} lines, ${mb(gzBytes).toFixed(1)} MB gzip, ${mb(rawBytes).toFixed(1)} MB raw (median of ${runs})`,
      `  floor (gunzip + split) ${floorS.toFixed(2)} s`,
      `  logveil run            ${wall.toFixed(2)} s   ${Math.round(lines / wall).toLocaleString('en')} lines/s   ${(mb(gzBytes) / wall).toFixed(1)} MB/s gzip   ${(mb(rawBytes) / wall).toFixed(1)} MB/s raw   peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB   ${(wall / floorS).toFixed(1)}× floor`,
      goaccessWalls.length === 0
        ? '  goaccess               not installed (apt-get install goaccess)'
        : `  goaccess               ${(median(goaccessWalls) / 1000).toFixed(2)} s   logveil/goaccess ${median(ratios).toFixed(3)} (target ≤ 0.40: ${median(ratios) <= 0.4 ? 'met' : 'NOT met'})`,
      `  peak RSS target < 300 MiB: ${peak < 300 * 2 ** 20 ? 'met' : 'NOT met'}`,
    ].join('\n'),
  );
  process.stdout.write('\n');
  return { lines, wall, rss: peak };
}

async function main(): Promise<void> {
  process.stdout.write(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`,
  );
  warmUp();
  const results: SizeResult[] = [];
  for (const lines of sizes) results.push(await measure(lines));
  const base = results[0]!;
  for (const r of results.slice(1)) {
    const x = r.lines / base.lines;
    const time = r.wall / base.wall;
    const peak = r.rss / base.rss;
    process.stdout.write(
      `\n${x}× the lines: ${time.toFixed(2)}× the time (target ≤ ${(x * 1.1).toFixed(1)}: ${time <= x * 1.1 ? 'met' : 'NOT met'}), ${peak.toFixed(2)}× the peak RSS (target ≤ 1.2: ${peak <= 1.2 ? 'met' : 'NOT met'})\n`,
    );
  }
}

await main();
adversarial();
