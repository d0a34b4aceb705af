/**
 * `aggregates/_sources/dt=….json`: which events objects a day was computed from. A day whose sources
 * have since expired is frozen, so late data never replaces complete aggregates with partial ones.
 */
import type { Store, StoredObject } from '../store/store.ts';

export interface DaySources {
  readonly day: string;
  readonly computed_at: string;
  readonly events: Array<{ key: string; size: number }>;
}

export function daySourcesKey(day: string): string {
  return `aggregates/_sources/dt=${day}.json`;
}

export function eventsPrefix(day: string): string {
  return `events/dt=${day}/`;
}

const EVENTS_DAY = /^events\/dt=(\d{4}-\d{2}-\d{2})\//;

/**
 * Days whose events objects are not the ones their aggregates were computed from: never computed,
 * or an object added (a Firehose delivery, minutes after its lines were transformed) or rewritten
 * since. Days whose recorded sources have expired are frozen and left out: only an explicit request
 * recomputes them. One listing of `events/` and one small read per day with events.
 */
export async function staleDays(store: Store): Promise<string[]> {
  const byDay = new Map<string, StoredObject[]>();
  for await (const object of store.list('events/dt=')) {
    const day = EVENTS_DAY.exec(object.key)?.[1];
    if (day === undefined || !object.key.endsWith('.parquet')) continue;
    const objects = byDay.get(day);
    if (objects) objects.push(object);
    else byDay.set(day, [object]);
  }
  const stale: string[] = [];
  for (const [day, objects] of byDay) {
    const previous = await readDaySources(store, day);
    if (previous === null) {
      stale.push(day);
      continue;
    }
    if (expiredSources(previous, objects).length > 0) continue;
    const computed = new Map(previous.events.map((e) => [e.key, e.size]));
    if (objects.some((o) => computed.get(o.key) !== o.size)) stale.push(day);
  }
  return stale.sort();
}

export async function listDayEvents(store: Store, day: string): Promise<StoredObject[]> {
  const objects: StoredObject[] = [];
  for await (const object of store.list(eventsPrefix(day)))
    if (object.key.endsWith('.parquet')) objects.push(object);
  return objects.sort((a, b) => (a.key < b.key ? -1 : 1));
}

export async function readDaySources(store: Store, day: string): Promise<DaySources | null> {
  const bytes = await store.getObject(daySourcesKey(day));
  if (bytes === null) return null;
  try {
    return JSON.parse(bytes.toString('utf8')) as DaySources;
  } catch {
    return null;
  }
}

/** Keys the last computation read that no longer exist. */
export function expiredSources(previous: DaySources | null, current: readonly StoredObject[]): string[] {
  if (previous === null) return [];
  const now = new Set(current.map((o) => o.key));
  return previous.events.map((e) => e.key).filter((key) => !now.has(key));
}

export async function writeDaySources(
  store: Store,
  day: string,
  objects: readonly StoredObject[],
  computedAt: number,
): Promise<void> {
  const record: DaySources = {
    day,
    computed_at: new Date(computedAt).toISOString(),
    events: objects.map((o) => ({ key: o.key, size: o.size })),
  };
  await store.putObject(daySourcesKey(day), `${JSON.stringify(record, null, 1)}\n`);
}

/** Takes keys out of a day's record: their files were replaced on purpose, not expired. */
export async function forgetSources(store: Store, day: string, keys: readonly string[]): Promise<void> {
  const previous = await readDaySources(store, day);
  if (previous === null) return;
  const gone = new Set(keys);
  const record: DaySources = { ...previous, events: previous.events.filter((e) => !gone.has(e.key)) };
  await store.putObject(daySourcesKey(day), `${JSON.stringify(record, null, 1)}\n`);
}
