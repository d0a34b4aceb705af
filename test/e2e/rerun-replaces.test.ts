/**
 * Processing the same input again replaces its earlier events, whatever options changed (issue 15,
 * item 8): a corrected --site used to double every count, a changed --tz left the old hours behind.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../lib/cli/run-command.ts';
import { type RunFlags, runConfig } from '../../lib/cli/run-config.ts';
import { legacyLocalSourceId, sourceKey } from '../../lib/events/event-id.ts';
import { FsStore } from '../../lib/store/fs-store.ts';
import type { RunSummary } from '../../lib/summary.ts';
import { generatedLog, readTable, tempDir, writeLog } from '../helpers.ts';

async function run(dir: string, inputs: string[], flags: RunFlags): Promise<RunSummary> {
  let stdout = '';
  const io = { stdout: (t: string) => (stdout += t), stderr: () => {} };
  const code = await runCommand(
    runConfig(inputs, {
      out: join(dir, 'out'),
      saltDir: join(dir, 'salts'),
      json: true,
      threads: '1',
      ...flags,
    }),
    io,
  );
  expect(code).toBe(0);
  return JSON.parse(stdout) as RunSummary;
}

async function traffic(dir: string): Promise<Array<Record<string, unknown>>> {
  return (await readTable(join(dir, 'out'), 'aggregates/traffic_daily/')).map(({ computed_at, ...r }) => r);
}

async function eventFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(join(dir, 'out', 'events'), { recursive: true }))
    if (String(entry).endsWith('.parquet')) files.push(String(entry));
  return files.sort();
}

describe('running the same input again', () => {
  it('with a corrected --site replaces the earlier events instead of adding to them', async () => {
    const dir = await tempDir();
    const log = join(dir, 'access.log');
    await writeLog(log, generatedLog({ lines: 3_000, seed: 'rerun' }));
    const once = await tempDir();
    await run(once, [log], { site: 'blog.example.org' });

    await run(dir, [log], { site: 'wrong.example.org' });
    const second = await run(dir, [log], { site: 'blog.example.org' });
    expect(second.days).toEqual(['2026-11-01']);
    // Both sites' rows are recomputed: the wrong one has nothing left.
    expect(await traffic(dir)).toEqual(await traffic(once));
    const events = await readTable(join(dir, 'out'), 'events/');
    expect(events).toHaveLength(3_000);
    expect(new Set(events.map((e) => e.site))).toEqual(new Set(['blog.example.org']));
    expect(await eventFiles(dir)).toEqual(await eventFiles(once));
  });

  it('with another --tz leaves no events in the hours it no longer writes', async () => {
    const dir = await tempDir();
    const log = join(dir, 'click.log');
    const lines = Array.from(
      { length: 40 },
      (_, i) =>
        `{"time":"2026-11-01T${String(i % 24).padStart(2, '0')}:15:00","url":"/p${i % 3}","ip":"192.0.2.${i}"}`,
    );
    await writeLog(log, lines);
    await run(dir, [log], { site: 'example.com', format: 'json', tz: 'UTC' });
    const later = await run(dir, [log], { site: 'example.com', format: 'json', tz: '+05:00' });
    // The hours after 19:00 local moved to the day before; the old day's late hours are gone.
    expect(later.days).toEqual(['2026-10-31', '2026-11-01']);
    const events = await readTable(join(dir, 'out'), 'events/');
    expect(events).toHaveLength(40);
    const rows = await traffic(dir);
    expect(rows.reduce((n, r) => n + Number(r.hits), 0)).toBe(40);
  });

  it('replaces files an earlier version named with the site in the source key', async () => {
    const dir = await tempDir();
    const log = join(dir, 'access.log');
    const lines = generatedLog({ lines: 500, seed: 'legacy' });
    await writeLog(log, lines);
    await run(dir, [log], { site: 'example.com' });
    // Rename the files as logveil 0.1 named them (site + first line).
    const store = new FsStore(join(dir, 'out'));
    const legacy = sourceKey(legacyLocalSourceId('example.com', lines[0]!));
    for (const file of await eventFiles(dir)) {
      const key = `events/${file}`;
      const renamed = key.replace(/\/[0-9a-f]+(-\d+)?\.parquet$/, `/${legacy}$1.parquet`);
      await store.putObject(renamed, (await store.getObject(key))!);
      await store.deleteObject(key);
    }
    await run(dir, [log], { site: 'example.com' });
    expect(await readTable(join(dir, 'out'), 'events/')).toHaveLength(500);
    expect((await eventFiles(dir)).some((f) => f.includes(legacy))).toBe(false);
  });
});
