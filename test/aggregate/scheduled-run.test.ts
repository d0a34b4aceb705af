import { describe, expect, it } from 'vitest';
import { DEFAULT_AGGREGATE_OPTIONS } from '../../lib/aggregate/aggregate-options.ts';
import { markPending, pendingDays } from '../../lib/aggregate/pending-days.ts';
import {
  parseAggregateEvent,
  RequestError,
  runAggregate,
  SaltDestructionError,
} from '../../lib/aggregate/scheduled-run.ts';
import type { SaltStore } from '../../lib/privacy/salts.ts';
import { FsStore } from '../../lib/store/fs-store.ts';
import { tempDir } from '../helpers.ts';

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

describe('runAggregate', () => {
  it('hourly: recomputes the last closed hours and pending days, clears markers, destroys salts', async () => {
    const store = new FsStore(await tempDir());
    await markPending(store, ['2026-11-20']);
    const result = await runAggregate(
      { kind: 'hourly' },
      { store, salts: noSalts, options: DEFAULT_AGGREGATE_OPTIONS, now: NOW },
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
      { store, salts: noSalts, options: DEFAULT_AGGREGATE_OPTIONS, now: NOW },
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
      runAggregate(
        { kind: 'hourly' },
        { store, salts: failing, options: DEFAULT_AGGREGATE_OPTIONS, now: NOW },
      ),
    ).rejects.toThrow(SaltDestructionError);
    expect(await store.getObject('aggregates/traffic_daily/dt=2026-11-24/part-00000.parquet')).not.toBeNull();
  });
});
