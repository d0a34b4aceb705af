/**
 * Fuzzing (seeded, bounded): for every format, 100,000 lines mixing valid lines with planted personal
 * data, near-valid ones (cut, doubled, unbalanced, re-encoded) and hostile ones (random bytes, NUL,
 * overlong UTF-8, lone CR, 70 KiB fields). The whole pipeline must neither throw nor lose count of a
 * line, and no planted value may reach any output. Replay a failure with FUZZ_SEED=<seed>.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { runCommand } from '../../lib/cli/run-command.ts';
import { runConfig } from '../../lib/cli/run-config.ts';
import { Random } from '../../lib/generate/random.ts';
import type { RunSummary } from '../../lib/summary.ts';
import type { FormatCase } from '../format-renderers.ts';
import { readTable, readTextOutput } from '../helpers.ts';
import { DETECTABLE_ONLY, type PlantedRequest, plantedRequest } from '../pii-arbitraries.ts';

export const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
export const LINES = Number(process.env.FUZZ_LINES ?? 100_000);
const POOL = 300;

function noNewlines(bytes: Buffer): Buffer {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) bytes[i] = 32;
  return bytes;
}

function percentAll(text: string): string {
  return [...Buffer.from(text)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

/** A near-valid variant of a valid line: the kind of damage real logs and attackers produce. */
function nearValid(line: string, rng: Random): Buffer {
  const at = rng.int(0, Math.max(0, line.length - 1));
  switch (rng.int(0, 9)) {
    case 0:
      return Buffer.from(line.slice(0, at)); // truncated
    case 1:
      return Buffer.from(`${line.slice(0, at)}"${line.slice(at)}`); // unbalanced quote
    case 2:
      return Buffer.from(`${line} ${line}`); // doubled
    case 3:
      return Buffer.from(line.replace(/ /g, '  ')); // doubled blanks
    case 4:
      return Buffer.from(`${line.slice(0, at)}\0${line.slice(at)}`); // NUL byte
    case 5:
      return Buffer.from(`${line.slice(0, at)}\r${line.slice(at)}`); // lone CR
    case 6:
      return Buffer.concat([
        Buffer.from(line.slice(0, at)),
        Buffer.from([0xc0, 0xaf, 0xe0, 0x80, 0xaf]),
        Buffer.from(line.slice(at)),
      ]); // overlong UTF-8
    case 7:
      return Buffer.from(
        line.replace(/(GET )(\S+)/, (_, m: string, target: string) => `${m}${percentAll(target)}`),
      ); // every character encoded
    case 8:
      return Buffer.from(line.replace(/%/g, '%25')); // double encoding
    default:
      return Buffer.from(line.replace(/\d/, 'x')); // a digit turned letter
  }
}

function hostile(rng: Random): Buffer {
  switch (rng.int(0, 5)) {
    case 0: {
      const bytes = Buffer.alloc(rng.int(1, 300));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(0, 255);
      return noNewlines(bytes);
    }
    case 1:
      return Buffer.from(
        `203.0.113.1 - - [25/Nov/2026:10:00:00 +0000] "GET /${'a'.repeat(70 * 1024)} HTTP/1.1" 200 1 "-" "-"`,
      );
    case 2:
      return Buffer.from('"'.repeat(rng.int(1, 2000)));
    case 3:
      return Buffer.from(
        `{"time":"2026-11-25T10:00:00Z","uri":"/${'%'.repeat(rng.int(1, 3000))}","status":"${'9'.repeat(rng.int(1, 30))}"}`,
      );
    case 4:
      return Buffer.from(`#Fields: ${'x '.repeat(rng.int(1, 500))}`);
    default:
      return Buffer.from(`\r${'\0'.repeat(rng.int(1, 50))}\r`);
  }
}

function distinctValues(rows: Array<Record<string, unknown>>): Set<string> {
  const values = new Set<string>();
  for (const row of rows) for (const v of Object.values(row)) if (typeof v === 'string') values.add(v);
  return values;
}

export async function fuzz(fmt: FormatCase, dir: string): Promise<void> {
  const rng = new Random(`${SEED}:${fmt.format}`);
  const pool = fc.sample(plantedRequest, { numRuns: POOL, seed: SEED });
  const rendered = pool.map((p) => [p, fmt.render(p)] as const);
  const parts: Buffer[] = (fmt.header ?? []).map((h) => Buffer.from(h));
  const secrets = new Set<string>();
  const secretsOf = (p: PlantedRequest) => (fmt.detectorsOnly ? DETECTABLE_ONLY(p) : p.secrets);
  for (let i = parts.length; i < LINES; i++) {
    const kind = rng.next();
    const [planted, line] = rng.pick(rendered);
    let bytes: Buffer;
    if (kind < 0.45) bytes = Buffer.from(line);
    else if (kind < 0.75) bytes = nearValid(line, rng);
    else bytes = hostile(rng);
    if (kind < 0.75) {
      const text = bytes.toString('utf8');
      for (const s of secretsOf(planted)) if (text.includes(s)) secrets.add(s);
    }
    parts.push(bytes);
    // A broken W3C header makes the lines after it unreadable until the next header, as in a log
    // concatenated from several files; give the following lines their header back.
    if (fmt.header && bytes.toString('latin1').startsWith('#Fields:')) {
      for (const h of fmt.header) {
        if (i + 1 < LINES) {
          parts.push(Buffer.from(h));
          i++;
        }
      }
    }
  }
  const input = join(dir, 'fuzz.log');
  await writeFile(input, Buffer.concat(parts.flatMap((p) => [p, Buffer.from('\n')])));
  let terminal = '';
  const io = { stdout: (t: string) => (terminal += t), stderr: (t: string) => (terminal += t) };
  const out = join(dir, 'out');
  const code = await runCommand(
    runConfig([input], {
      out,
      format: fmt.format,
      saltDir: join(dir, 'salts'),
      site: 'www.example.com',
      json: true,
      visitorCookie: 'session',
    }),
    io,
  );
  expect([0, 1], `exit status (FUZZ_SEED=${SEED})`).toContain(code);
  const summary = JSON.parse(terminal.slice(0, terminal.indexOf('\n'))) as RunSummary;
  expect(summary.lines, `every line counted (FUZZ_SEED=${SEED})`).toBe(LINES);
  expect(summary.parsed + summary.malformed.total + summary.ignored).toBe(LINES);
  expect(summary.parsed).toBeGreaterThan(LINES * 0.3);
  const values = distinctValues(await readTable(out, ''));
  for (const line of await readTextOutput(out)) values.add(line);
  values.add(terminal);
  const haystack = [...values].join('\n');
  expect(secrets.size).toBeGreaterThan(50);
  for (const secret of secrets)
    expect(haystack.includes(secret), `planted value leaked: ${secret} (FUZZ_SEED=${SEED})`).toBe(false);
}
