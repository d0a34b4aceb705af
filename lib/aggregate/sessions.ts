/**
 * Sessions (DESIGN §4): one visitor's page views in time order (ties broken by event_id); a gap of
 * more than 30 minutes starts a new one; sessions never cross UTC midnight (a day is computed alone).
 */
import type { DayEvent } from './day-event.ts';

export interface Session {
  readonly visitor: string;
  /** Page views in order; the first one decides the session's traffic source. */
  readonly pageViews: DayEvent[];
}

/**
 * `pageViews` are non-bot page views with a visitor id, of one site and day, in time then id order
 * (computeSite's order), so each visitor's list is in order as it is collected.
 */
export function sessionsOf(pageViews: readonly DayEvent[], gapSeconds: number): Session[] {
  const byVisitor = new Map<string, DayEvent[]>();
  for (const e of pageViews) {
    const list = byVisitor.get(e.visitor_id!);
    if (list) list.push(e);
    else byVisitor.set(e.visitor_id!, [e]);
  }
  const sessions: Session[] = [];
  const gapMs = gapSeconds * 1000;
  for (const [visitor, list] of byVisitor) {
    let current: DayEvent[] = [];
    for (const e of list) {
      const last = current[current.length - 1];
      if (last && e.ts - last.ts > gapMs) {
        sessions.push({ visitor, pageViews: current });
        current = [];
      }
      current.push(e);
    }
    if (current.length > 0) sessions.push({ visitor, pageViews: current });
  }
  return sessions;
}

/** Whole seconds from the first to the last page view. */
export function sessionSeconds(session: Session): number {
  const views = session.pageViews;
  return Math.floor((views[views.length - 1]!.ts - views[0]!.ts) / 1000);
}
