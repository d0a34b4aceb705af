/**
 * `--threads 2` against `--threads 1` on the same inputs, salts and clock: aggregates byte for byte,
 * events equal as sets (they come out byte-identical too, but only the set is promised).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../lib/cli/run-command.ts';
import { runConfig } from '../../lib/cli/run-config.ts';
import { FsStore } from '../../lib/store/fs-store.ts';
import { generatedLog, readTable, tempDir, writeLog } from '../helpers.ts';

async function run(
  inputs: string[],
  out: string,
  saltDir: string,
  threads: '1' | '2',
  offloadFiles?: 'always',
) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCommand(
    runConfig(inputs, {
      out,
      saltDir,
      threads,
      now: '2026-11-20T00:00:00Z',
      site: 'example.com',
      json: true,
      ...(offloadFiles ? { offloadFiles } : {}),
    }),
    { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) },
  );
  return { code, summary: JSON.parse(stdout.join('')), stderr: stderr.join('') };
}

async function files(out: string, prefix: string): Promise<Map<string, Buffer>> {
  const store = new FsStore(out);
  const found = new Map<string, Buffer>();
  for await (const object of store.list(prefix))
    found.set(object.key, await readFile(store.pathOf(object.key)));
  return found;
}

describe('run --threads 2', () => {
  it('writes the same aggregates, byte for byte, and the same events as the single-threaded run', async () => {
    const dir = await tempDir();
    // Three days in one file, late lines and another source for a day already computed, malformed lines.
    const big = generatedLog({ lines: 60_000, seed: 'threads', days: 3 });
    const late = generatedLog({ lines: 6_000, seed: 'late', days: 1 });
    await writeLog(join(dir, 'a.log'), [...big.slice(0, 30_000), 'not a log line', ...big.slice(30_000)]);
    await writeLog(join(dir, 'b.log'), [...late, '"broken']);
    const inputs = [join(dir, 'a.log'), join(dir, 'b.log')];
    const saltDir = join(dir, 'salts');
    const one = await run(inputs, join(dir, 'one'), saltDir, '1');
    const two = await run(inputs, join(dir, 'two'), saltDir, '2');

    expect(two.code).toBe(one.code);
    expect(two.summary).toEqual(one.summary);
    expect(one.summary.days).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(one.summary.malformed.total).toBe(2);

    const aggOne = await files(join(dir, 'one'), 'aggregates/');
    const aggTwo = await files(join(dir, 'two'), 'aggregates/');
    expect(aggOne.size).toBeGreaterThan(20);
    expect([...aggTwo.keys()].sort()).toEqual([...aggOne.keys()].sort());
    for (const [key, bytes] of aggOne) expect(aggTwo.get(key)!.equals(bytes), key).toBe(true);

    const byId = (rows: Awaited<ReturnType<typeof readTable>>) =>
      rows.map(({ _key, ...row }) => JSON.stringify(row)).sort();
    const eventsOne = byId(await readTable(join(dir, 'one')));
    expect(eventsOne.length).toBe(66_000);
    expect(byId(await readTable(join(dir, 'two')))).toEqual(eventsOne);

    // Every small finished events file written by the reading thread instead: the same files.
    const handed = await run(inputs, join(dir, 'handed'), saltDir, '2', 'always');
    expect(handed.summary).toEqual(one.summary);
    const eventsTwo = await files(join(dir, 'two'), 'events/');
    const eventsHanded = await files(join(dir, 'handed'), 'events/');
    expect(eventsTwo.size).toBeGreaterThan(70);
    expect([...eventsHanded.keys()].sort()).toEqual([...eventsTwo.keys()].sort());
    for (const [key, bytes] of eventsTwo) expect(eventsHanded.get(key)!.equals(bytes), key).toBe(true);
    const aggHanded = await files(join(dir, 'handed'), 'aggregates/');
    for (const [key, bytes] of aggOne) expect(aggHanded.get(key)!.equals(bytes), key).toBe(true);
  }, 120_000);

  it('writes the same when the values of a column never repeat (they cross as plain strings)', async () => {
    const dir = await tempDir();
    // A new client address on every line: every visitor id is new, so that column stops being
    // dictionary-coded between the threads after its first batch.
    const lines = generatedLog({ lines: 40_000, seed: 'plain', days: 2 }).map(
      (line, i) => `${11 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.9${line.slice(line.indexOf(' '))}`,
    );
    await writeLog(join(dir, 'in.log'), lines);
    const one = await run([join(dir, 'in.log')], join(dir, 'one'), join(dir, 'salts'), '1');
    const two = await run([join(dir, 'in.log')], join(dir, 'two'), join(dir, 'salts'), '2');
    // Page-viewing visitors only; every line's visitor id is new.
    expect(one.summary.visitors).toBeGreaterThan(10_000);
    expect(two.summary).toEqual(one.summary);
    const aggOne = await files(join(dir, 'one'), 'aggregates/');
    const aggTwo = await files(join(dir, 'two'), 'aggregates/');
    for (const [key, bytes] of aggOne) expect(aggTwo.get(key)!.equals(bytes), key).toBe(true);
    const eventsOne = await files(join(dir, 'one'), 'events/');
    const eventsTwo = await files(join(dir, 'two'), 'events/');
    for (const [key, bytes] of eventsOne) expect(eventsTwo.get(key)!.equals(bytes), key).toBe(true);
  }, 60_000);

  it('counts a copy of a log given in the same run once, on one thread and on two', async () => {
    const dir = await tempDir();
    const lines = generatedLog({ lines: 8_000, seed: 'copy', days: 2 });
    await writeLog(join(dir, 'a.log'), lines);
    await writeLog(join(dir, 'a-copy.log'), lines);
    const alone = await run([join(dir, 'a.log')], join(dir, 'alone'), join(dir, 'salts'), '1');
    expect(alone.summary.page_views).toBeGreaterThan(1_000);
    for (const threads of ['1', '2'] as const) {
      const both = await run(
        [join(dir, 'a.log'), join(dir, 'a-copy.log')],
        join(dir, `both-${threads}`),
        join(dir, 'salts'),
        threads,
      );
      expect(both.summary.events).toBe(16_000);
      expect(both.summary.page_views).toBe(alone.summary.page_views);
      expect(both.summary.visitors).toBe(alone.summary.visitors);
    }
  }, 60_000);

  it('reads stdin on two threads like on one', async () => {
    const dir = await tempDir();
    const lines = generatedLog({ lines: 5_000, seed: 'stdin' });
    await writeLog(join(dir, 'in.log'), lines);
    const one = await run([join(dir, 'in.log')], join(dir, 'one'), join(dir, 'salts'), '1');
    const two = await run([join(dir, 'in.log')], join(dir, 'two'), join(dir, 'salts'), '2');
    expect(two.summary.events).toBe(5_000);
    expect(two.summary.tables).toEqual(one.summary.tables);
  }, 60_000);

  it('fails the run with the write error, without hanging, when the events thread cannot write', async () => {
    const dir = await tempDir();
    await writeLog(join(dir, 'in.log'), generatedLog({ lines: 2_000, seed: 'ro' }));
    // A file where the events directory should be: every events file write fails.
    const out = join(dir, 'out');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'events'), 'not a directory');
    const failed = (threads: '1' | '2', offloadFiles?: 'always') =>
      run([join(dir, 'in.log')], out, join(dir, 'salts'), threads, offloadFiles).then(
        () => null,
        (err: NodeJS.ErrnoException) => err.code ?? err.message,
      );
    const single = await failed('1');
    expect(single).not.toBeNull();
    expect(await failed('2')).toBe(single);
    // The same when the reading thread writes the files the events thread hands it.
    expect(await failed('2', 'always')).toBe(single);
  }, 60_000);
});
