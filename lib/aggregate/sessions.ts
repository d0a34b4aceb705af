/**
 * Sessions (docs/tables.md): one visitor's page views in time order (ties broken by event_id); a gap of
 * more than 30 minutes starts a new one; sessions never cross UTC midnight (a day is computed alone).
 * A visitor's other hits that goals or funnel steps can match join the session of the visitor's
 * latest page view before them, when they come at most the gap after it (session_hits.sql).
 */
import { type DayTable, VISITOR } from './day-table.ts';

export interface Session {
  readonly visitor: string;
  /** Rows of the page views in order; the first one decides the session's traffic source. */
  readonly pageViews: number[];
  /** Rows of the page views and the other hits of the session, in order (`pageViews` when none). */
  readonly hits: number[];
}

const NONE: ReadonlySet<number> = new Set();

/**
 * `rows` are rows of non-bot page views with a visitor id, of one site and day, in time then id order
 * (computeSite's order), so each visitor's list is in order as it is collected; `others` are those
 * of `rows` that are not page views (hits a goal or funnel step may match).
 */
export function sessionsOf(
  table: DayTable,
  rows: readonly number[],
  gapSeconds: number,
  others: ReadonlySet<number> = NONE,
): Session[] {
  const visitorOf = table.codes[VISITOR]!;
  const ts = table.ts;
  const byVisitor = new Map<number, number[]>();
  for (const r of rows) {
    const visitor = visitorOf[r]!;
    const list = byVisitor.get(visitor);
    if (list) list.push(r);
    else byVisitor.set(visitor, [r]);
  }
  const sessions: Session[] = [];
  const gapMs = gapSeconds * 1000;
  for (const [code, list] of byVisitor) {
    const visitor = table.strings[code]!;
    let current: Session | null = null;
    let lastPageView = 0;
    for (const r of list) {
      if (others.has(r)) {
        if (current !== null && ts[r]! - lastPageView <= gapMs) current.hits.push(r);
        continue;
      }
      if (current === null || ts[r]! - lastPageView > gapMs) {
        const pageViews: number[] = [];
        current = { visitor, pageViews, hits: others.size === 0 ? pageViews : [] };
        sessions.push(current);
      }
      current.pageViews.push(r);
      if (current.hits !== current.pageViews) current.hits.push(r);
      lastPageView = ts[r]!;
    }
  }
  return sessions;
}

/** Whole seconds from the first to the last page view. */
export function sessionSeconds(table: DayTable, session: Session): number {
  const views = session.pageViews;
  return Math.floor((table.ts[views[views.length - 1]!]! - table.ts[views[0]!]!) / 1000);
}
