import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AGGREGATE_OPTIONS } from '../../lib/aggregate/aggregate-options.ts';
import { readDaySources } from '../../lib/aggregate/day-sources.ts';
import { markPending, pendingDays } from '../../lib/aggregate/pending-days.ts';
import { recomputeDays } from '../../lib/aggregate/recompute-days.ts';
import {
  type DaysRecompute,
  parseAggregateEvent,
  RequestError,
  runAggregate,
  SaltDestructionError,
} from '../../lib/aggregate/scheduled-run.ts';
import { SqlDays } from '../../lib/aggregate/sql-days.ts';
import { runCommand } from '../../lib/cli/run-command.ts';
import { runConfig } from '../../lib/cli/run-config.ts';
import type { SaltStore } from '../../lib/privacy/salts.ts';
import { FsStore } from '../../lib/store/fs-store.ts';
import { generatedLog, tempDir, writeLog } from '../helpers.ts';

const NOW = Date.parse('2026-11-25T00:30:00Z');
const noSalts: SaltStore = {
  saltFor: () => Promise.reject(new Error('unused')),
  destroyExpired: async () => ['2026-11-22'],
};

describe('parseAggregateEvent', () => {
  it.each([
    [{ schedule: 'hourly' }, { kind: 'hourly' }],
    [{ 'detail-type': 'Scheduled Event', source: 'aws.events' }, { kind: 'hourly' }],
    [{ schedule: 'daily' }, { kind: 'daily' }],
    [{ dt: '2026-11-01' }, { kind: 'days', days: ['2026-11-01'], force: false }],
    [
      { from: '2026-10-30', to: '2026-11-02', force: true },
      { kind: 'days', days: ['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02'], force: true },
    ],
  ])('%j', (event, expected) => {
    expect(parseAggregateEvent(event)).toEqual(expected);
  });

  it.each([
    [{}],
    [{ dt: 'yesterday' }],
    [{ from: '2026-11-02', to: '2026-11-01' }],
    [{ from: '2020-01-01', to: '2026-01-01' }],
  ])('refuses %j', (event) => {
    expect(() => parseAggregateEvent(event)).toThrow(RequestError);
  });
});

/** Days computed as a local run computes them: the tables' SQL in DuckDB over the store's files. */
function locally(store: FsStore): DaysRecompute {
  return async (days, force) => {
    const sql = new SqlDays(store);
    try {
      return await recomputeDays(store, days, DEFAULT_AGGREGATE_OPTIONS, NOW, force, { sql });
    } finally {
      await sql.close();
    }
  };
}

describe('runAggregate', () => {
  it('hourly: recomputes the last closed hours and pending days, clears markers, destroys salts', async () => {
    const store = new FsStore(await tempDir());
    await markPending(store, ['2026-11-20']);
    const result = await runAggregate(
      { kind: 'hourly' },
      { store, salts: noSalts, now: NOW, recompute: locally(store) },
    );
    expect(result.computed.sort()).toEqual(['2026-11-20', '2026-11-24']);
    expect(result.saltsDestroyed).toEqual(['2026-11-22']);
    expect(await pendingDays(store)).toEqual([]);
    expect(await store.getObject('aggregates/traffic_daily/dt=2026-11-24/part-00000.parquet')).not.toBeNull();
  });

  it('daily: recomputes D−1 to D−3', async () => {
    const store = new FsStore(await tempDir());
    const result = await runAggregate(
      { kind: 'daily' },
      { store, salts: noSalts, now: NOW, recompute: locally(store) },
    );
    expect(result.computed).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
    expect(result.saltsDestroyed).toEqual([]);
  });

  it('fails loudly when salts cannot be destroyed, after computing', async () => {
    const store = new FsStore(await tempDir());
    const failing: SaltStore = {
      ...noSalts,
      destroyExpired: () => Promise.reject(new Error('AccessDenied')),
    };
    await expect(
      runAggregate({ kind: 'hourly' }, { store, salts: failing, now: NOW, recompute: locally(store) }),
    ).rejects.toThrow(SaltDestructionError);
    expect(await store.getObject('aggregates/traffic_daily/dt=2026-11-24/part-00000.parquet')).not.toBeNull();
  });

  /** A day of events written and aggregated by a local run, as the analytics bucket would hold it. */
  async function aggregatedDay(): Promise<{ store: FsStore; keys: string[] }> {
    const dir = await tempDir();
    const log = join(dir, 'access.log');
    await writeLog(log, generatedLog({ lines: 400, seed: 'stale' }));
    const out = join(dir, 'out');
    const quiet = { stdout: () => {}, stderr: () => {} };
    expect(
      await runCommand(runConfig([log], { out, saltDir: join(dir, 'salts'), site: 'example.com' }), quiet),
    ).toBe(0);
    const store = new FsStore(out);
    const keys = (await readDaySources(store, '2026-11-01'))!.events.map((e) => e.key);
    expect(keys.length).toBeGreaterThan(0);
    return { store, keys };
  }

  it('hourly: a day whose events objects were delivered after its last computation is recomputed, once', async () => {
    const { store, keys } = await aggregatedDay();
    const hourly = () =>
      runAggregate({ kind: 'hourly' }, { store, salts: noSalts, now: NOW, recompute: locally(store) });
    // Nothing new: 2026-11-01 (older than D−3) is left alone.
    expect((await hourly()).computed).not.toContain('2026-11-01');
    // Firehose delivers an object minutes after the transform, with no marker.
    const delivered = 'events/dt=2026-11-01/hour=23/raw-1-2026-11-25-00-20-00-abc.parquet';
    await store.putObject(delivered, (await store.getObject(keys[0]!))!);
    expect((await hourly()).computed).toContain('2026-11-01');
    expect((await readDaySources(store, '2026-11-01'))!.events.map((e) => e.key)).toContain(delivered);
    expect((await hourly()).computed).not.toContain('2026-11-01');
  });

  it('hourly: a day whose recorded sources expired stays frozen, new objects or not', async () => {
    const { store, keys } = await aggregatedDay();
    await store.deleteObject(keys[0]!);
    await store.putObject(
      'events/dt=2026-11-01/hour=23/late.parquet',
      (await store.getObject(keys[1] ?? keys[0]!)) ?? Buffer.alloc(0),
    );
    const result = await runAggregate(
      { kind: 'hourly' },
      { store, salts: noSalts, now: NOW, recompute: locally(store) },
    );
    expect(result.computed).not.toContain('2026-11-01');
    expect(result.frozen).not.toContain('2026-11-01');
  });
});
