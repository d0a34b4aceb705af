/**
 * The "small site's backfill" input of `npm run bench` (issue 21, input d): a real combined log
 * repeated until it has `lines` lines, copy `c` shifted by `c × shift` hours, written gzip.
 *
 * - `merge` (the default): the copies are merged in time order, as a year of rotated daily files
 *   read in order is. With the 3,456-line public log of ../shared/fixtures (5.5 days) and a 33-hour
 *   shift, 1M lines cover ~400 days at ~2,500 lines a day.
 * - `concat`: the copies follow each other, each in its own time order; when the shift is shorter
 *   than the log's span, every copy goes back in time into days the one before it filled (a
 *   backfill of overlapping exports).
 *
 * Only the timestamp changes (its zone offset kept); every other byte of each line is the real log's.
 *
 *   npx tsx test/bench/year-backfill.ts IN.log OUT.log.gz [--lines 1000000] [--shift-hours 33] [--concat]
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile, rename } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const STAMP = /\[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\]/;
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

interface BaseLine {
  /** UTC milliseconds. */
  readonly ms: number;
  /** The zone offset in minutes, kept in every copy. */
  readonly offset: number;
  readonly before: string;
  readonly after: string;
  readonly sign: string;
  readonly zone: string;
}

function parseBase(text: string): BaseLine[] {
  const out: BaseLine[] = [];
  for (const line of text.split('\n')) {
    const m = STAMP.exec(line);
    if (m === null) continue;
    const [, d, mon, y, hh, mm, ss, sign, zh, zm] = m as unknown as string[];
    const offset = (sign === '-' ? -1 : 1) * (Number(zh) * 60 + Number(zm));
    const local = Date.UTC(Number(y), MONTHS.indexOf(mon!), Number(d), Number(hh), Number(mm), Number(ss));
    out.push({
      ms: local - offset * 60_000,
      offset,
      before: line.slice(0, m.index),
      after: line.slice(m.index + m[0].length),
      sign: sign!,
      zone: `${zh}${zm}`,
    });
  }
  if (out.length === 0) throw new Error('no line with a [dd/Mon/yyyy:HH:MM:SS +zzzz] time');
  return out;
}

function render(base: BaseLine, ms: number): string {
  const t = new Date(ms + base.offset * 60_000);
  return `${base.before}[${two(t.getUTCDate())}/${MONTHS[t.getUTCMonth()]}/${t.getUTCFullYear()}:${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())} ${base.sign}${base.zone}]${base.after}`;
}

export interface BackfillOptions {
  readonly lines: number;
  readonly shiftHours: number;
  readonly concat?: boolean;
}

/** The lines of the backfill, in the order they are written. */
export function* backfillLines(baseText: string, options: BackfillOptions): Generator<string> {
  const base = parseBase(baseText);
  const shift = options.shiftHours * 3_600_000;
  const copies = Math.ceil(options.lines / base.length);
  if (options.concat) {
    let n = 0;
    for (let c = 0; c < copies; c++)
      for (const line of base) {
        if (n++ >= options.lines) return;
        yield render(line, line.ms + c * shift);
      }
    return;
  }
  // Merge in time order: the base sorted once (stable), then a cursor per copy still going.
  const sorted = base.map((line, i) => ({ line, i })).sort((a, b) => a.line.ms - b.line.ms || a.i - b.i);
  const lastCopyLines = options.lines - (copies - 1) * base.length;
  const cursors: Array<{ copy: number; at: number }> = [];
  let nextCopy = 0;
  let emitted = 0;
  while (emitted < options.lines) {
    // Start every copy whose first line is due before the earliest pending line.
    while (nextCopy < copies) {
      const start = sorted[0]!.line.ms + nextCopy * shift;
      const earliest = cursors.reduce(
        (min, c) => Math.min(min, sorted[c.at]!.line.ms + c.copy * shift),
        Number.POSITIVE_INFINITY,
      );
      if (cursors.length > 0 && start > earliest) break;
      cursors.push({ copy: nextCopy++, at: 0 });
    }
    let best = 0;
    for (let k = 1; k < cursors.length; k++) {
      const a = cursors[k]!;
      const b = cursors[best]!;
      if (sorted[a.at]!.line.ms + a.copy * shift < sorted[b.at]!.line.ms + b.copy * shift) best = k;
    }
    const cursor = cursors[best]!;
    const { line } = sorted[cursor.at]!;
    const limit = cursor.copy === copies - 1 ? lastCopyLines : sorted.length;
    cursor.at++;
    if (cursor.at >= limit) cursors.splice(best, 1);
    emitted++;
    yield render(line, line.ms + cursor.copy * shift);
  }
}

export async function writeBackfill(input: string, output: string, options: BackfillOptions): Promise<void> {
  const text = await readFile(input, 'utf8');
  const tmp = `${output}.tmp`;
  const gzip = createGzip({ level: 6 });
  const file = createWriteStream(tmp);
  gzip.pipe(file);
  let chunk = '';
  for (const line of backfillLines(text, options)) {
    chunk += `${line}\n`;
    if (chunk.length >= 1 << 16) {
      if (!gzip.write(chunk)) await once(gzip, 'drain');
      chunk = '';
    }
  }
  gzip.end(chunk);
  await once(file, 'close');
  await rename(tmp, output);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const value = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const withValue = new Set(['--lines', '--shift-hours']);
  const [input, output] = args.filter((a, i) => !a.startsWith('--') && !withValue.has(args[i - 1] ?? ''));
  if (!input || !output) {
    process.stderr.write(
      'usage: tsx test/bench/year-backfill.ts IN.log OUT.log.gz [--lines N] [--shift-hours H] [--concat]\n',
    );
    process.exit(2);
  }
  await writeBackfill(resolve(input), resolve(output), {
    lines: Number(value('--lines') ?? 1_000_000),
    shiftHours: Number(value('--shift-hours') ?? 33),
    concat: args.includes('--concat'),
  });
}
