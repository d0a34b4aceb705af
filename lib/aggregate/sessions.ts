/**
 * Sessions (docs/tables.md): one visitor's page views in time order (ties broken by event_id); a gap of
 * more than 30 minutes starts a new one; sessions never cross UTC midnight (a day is computed alone).
 */
import { type DayTable, VISITOR } from './day-table.ts';

export interface Session {
  readonly visitor: string;
  /** Rows of the page views in order; the first one decides the session's traffic source. */
  readonly pageViews: number[];
}

/**
 * `pageViews` are rows of non-bot page views with a visitor id, of one site and day, in time then
 * id order (computeSite's order), so each visitor's list is in order as it is collected.
 */
export function sessionsOf(table: DayTable, pageViews: readonly number[], gapSeconds: number): Session[] {
  const visitorOf = table.codes[VISITOR]!;
  const ts = table.ts;
  const byVisitor = new Map<number, number[]>();
  for (const r of pageViews) {
    const visitor = visitorOf[r]!;
    const list = byVisitor.get(visitor);
    if (list) list.push(r);
    else byVisitor.set(visitor, [r]);
  }
  const sessions: Session[] = [];
  const gapMs = gapSeconds * 1000;
  for (const [code, list] of byVisitor) {
    const visitor = table.strings[code]!;
    let current: number[] = [];
    for (const r of list) {
      const last = current[current.length - 1];
      if (last !== undefined && ts[r]! - ts[last]! > gapMs) {
        sessions.push({ visitor, pageViews: current });
        current = [];
      }
      current.push(r);
    }
    if (current.length > 0) sessions.push({ visitor, pageViews: current });
  }
  return sessions;
}

/** Whole seconds from the first to the last page view. */
export function sessionSeconds(table: DayTable, session: Session): number {
  const views = session.pageViews;
  return Math.floor((table.ts[views[views.length - 1]!]! - table.ts[views[0]!]!) / 1000);
}
