/**
 * `aggregates/_pending/dt=…`: empty markers for days that got new events (ingest, transform); each
 * scheduled aggregate run recomputes the marked days — backfills included — and removes the markers.
 */
import type { Store } from '../store/store.ts';

const PREFIX = 'aggregates/_pending/dt=';

export async function markPending(store: Store, days: Iterable<string>): Promise<void> {
  for (const day of new Set(days)) await store.putObject(`${PREFIX}${day}`, '');
}

export async function pendingDays(store: Store): Promise<string[]> {
  const days: string[] = [];
  for await (const o of store.list(PREFIX)) {
    const day = o.key.slice(PREFIX.length);
    if (/^\d{4}-\d{2}-\d{2}$/.test(day)) days.push(day);
  }
  return days.sort();
}

export async function clearPending(store: Store, day: string): Promise<void> {
  await store.deleteObject(`${PREFIX}${day}`);
}
