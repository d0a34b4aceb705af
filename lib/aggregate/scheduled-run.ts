/**
 * What the aggregate function does per invocation: hourly (the last closed hours, pending days, days
 * with events objects not aggregated yet, salt destruction), daily (recompute D−1 to D−3: CloudFront delivers up to a day late), or the days an
 * operator asks for (`{ "dt": … }`, `{ "from": …, "to": … }`, optional `"force": true`).
 */
import type { SaltStore } from '../privacy/salts.ts';
import type { Store } from '../store/store.ts';
import { staleDays } from './day-sources.ts';
import { clearPending, pendingDays } from './pending-days.ts';

export type AggregateRequest =
  | { readonly kind: 'hourly' }
  | { readonly kind: 'daily' }
  | { readonly kind: 'days'; readonly days: string[]; readonly force: boolean };

export class RequestError extends Error {
  override name = 'RequestError';
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 800;

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function checkDay(value: unknown, field: string): string {
  if (typeof value !== 'string' || !DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new RequestError(`"${field}" must be a day, YYYY-MM-DD`);
  }
  return value;
}

export function parseAggregateEvent(event: unknown): AggregateRequest {
  const e = (event ?? {}) as Record<string, unknown>;
  if (e.schedule === 'daily') return { kind: 'daily' };
  if (e.schedule === 'hourly' || e['detail-type'] === 'Scheduled Event') return { kind: 'hourly' };
  const force = e.force === true;
  if (e.dt !== undefined) return { kind: 'days', days: [checkDay(e.dt, 'dt')], force };
  if (e.from !== undefined || e.to !== undefined) {
    const from = Date.parse(`${checkDay(e.from, 'from')}T00:00:00Z`);
    const to = Date.parse(`${checkDay(e.to, 'to')}T00:00:00Z`);
    if (to < from) throw new RequestError('"to" must not be before "from"');
    if ((to - from) / DAY_MS >= MAX_RANGE_DAYS)
      throw new RequestError(`at most ${MAX_RANGE_DAYS} days per request`);
    const days: string[] = [];
    for (let t = from; t <= to; t += DAY_MS) days.push(day(t));
    return { kind: 'days', days, force };
  }
  throw new RequestError(
    'expected { "schedule": "hourly" | "daily" }, { "dt": "YYYY-MM-DD" } or { "from": …, "to": … }',
  );
}

export interface AggregateRunResult {
  readonly computed: string[];
  readonly frozen: string[];
  readonly saltsDestroyed: string[];
}

export class SaltDestructionError extends Error {
  override name = 'SaltDestructionError';
}

/** Recomputes whole days (all tables); reports the days computed and the frozen ones left alone. */
export type DaysRecompute = (
  days: string[],
  force: boolean,
) => Promise<{ readonly computed: string[]; readonly frozen: string[] }>;

export async function runAggregate(
  request: AggregateRequest,
  deps: {
    store: Store;
    salts: SaltStore;
    now: number;
    /** How days are computed: in AWS by Athena (the function), locally by DuckDB (tests). */
    recompute: DaysRecompute;
  },
): Promise<AggregateRunResult> {
  let days: string[];
  let force = false;
  if (request.kind === 'hourly') {
    // Pending markers (ingest) and days whose delivered events objects were not aggregated yet
    // (Firehose writes minutes after the transform, so only what was delivered can tell).
    const pending = await pendingDays(deps.store);
    const stale = await staleDays(deps.store);
    days = [...new Set([day(deps.now - 3_600_000), day(deps.now - 2 * 3_600_000), ...pending, ...stale])];
  } else if (request.kind === 'daily') {
    days = [1, 2, 3].map((d) => day(deps.now - d * DAY_MS));
  } else {
    days = request.days;
    force = request.force;
  }
  const result = await deps.recompute(days, force);
  for (const d of [...result.computed, ...result.frozen]) await clearPending(deps.store, d);
  let saltsDestroyed: string[] = [];
  if (request.kind === 'hourly') {
    try {
      saltsDestroyed = await deps.salts.destroyExpired(deps.now);
    } catch (err) {
      // Salts outliving two days would let ids be linked: fail loudly (the alarm watches this).
      throw new SaltDestructionError(`salt destruction failed: ${err instanceof Error ? err.name : 'error'}`);
    }
  }
  return { computed: result.computed, frozen: result.frozen, saltsDestroyed };
}
