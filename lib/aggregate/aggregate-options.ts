/** Settings of the aggregation, read once from CLI flags or the environment. */
import type { Funnel, Goal } from './goals.ts';

export interface AggregateOptions {
  /** k-anonymity: rows of the folded tables with fewer visitors become `(other)`. */
  readonly k: number;
  /** More page views than this in one calendar UTC minute make a visitor a bot for the day. */
  readonly botPageViewsPerMinute: number;
  /** More page views than this in one day make a visitor a bot for the day. */
  readonly botPageViewsPerDay: number;
  /** Seconds of inactivity after which a new session starts (more than this, not equal). */
  readonly sessionGapSeconds: number;
  /** A browser's hits from a hosting network's address are bot hits named `(hosting network)`. */
  readonly hostingBots: boolean;
  /** Goals (goals_daily): a session converts when one of its hits matches. */
  readonly goals: readonly Goal[];
  /** Funnels (funnels_daily): ordered steps within one session. */
  readonly funnels: readonly Funnel[];
}

export const DEFAULT_AGGREGATE_OPTIONS: AggregateOptions = {
  k: 5,
  botPageViewsPerMinute: 60,
  botPageViewsPerDay: 1000,
  sessionGapSeconds: 30 * 60,
  hostingBots: true,
  goals: [],
  funnels: [],
};
