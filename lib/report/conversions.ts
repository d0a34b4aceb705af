/**
 * Goals and funnels as the report shows them, from goals_daily, funnels_daily and the sessions of
 * traffic_daily and sources_daily only. Sums over the days of the period, like every other section:
 * `visitors` then counts visitor-days.
 */
import { OTHER } from '../aggregate/group-counter.ts';
import type { PlainRow } from '../tables/parquet-reader.ts';
import { groupRows, n, type Row } from './group-rows.ts';
import type { TableRows } from './load-aggregates.ts';

/** Conversions, sessions and rate of one goal over one period. */
export interface GoalPeriod {
  readonly conversions: number;
  /** Sessions of the period (traffic_daily, the goal's site). */
  readonly sessions: number;
  /** conversions / sessions, 0–1; null without sessions. */
  readonly rate: number | null;
}

export interface GoalSummary extends GoalPeriod {
  /** The goal's site when the report covers several; null otherwise. */
  readonly site: string | null;
  readonly goal: string;
  readonly visitors: number;
  readonly pageViews: number;
  /** The previous period of the same length; null when it holds no goal data to compare with. */
  readonly previous: GoalPeriod | null;
  /** Percent change of conversions; null without a previous period or when it had none. */
  readonly conversionsChange: number | null;
  /** Change of the conversion rate in percentage points; null when either rate is missing. */
  readonly rateChange: number | null;
}

export interface GoalsModel {
  readonly goals: GoalSummary[];
  /**
   * Why there is no change to show for any goal: the previous period has no traffic at all, or
   * traffic but no goal rows (goals were not configured yet, or nothing converted). Null otherwise.
   */
  readonly previousMissing: 'no-traffic' | 'no-goals' | null;
  /** Per goal and channel: conversions, visitors, page_views, sessions (of the channel) and rate. */
  readonly byChannel: Row[];
  /** Per goal and named campaign (with its source and medium): conversions, visitors, page_views. */
  readonly byCampaign: Row[];
  /** Per goal: the conversions counted in `(other)` rows (sources seen by fewer than k visitors). */
  readonly folded: Row[];
}

/** Percent change from `previous` to `now`; null when there was nothing before to compare with. */
export function countChange(now: number, previous: number | null | undefined): number | null {
  if (previous === null || previous === undefined || previous <= 0) return null;
  return ((now - previous) / previous) * 100;
}

/** Change of a 0–1 rate in percentage points; null when either rate is missing. */
export function rateChange(now: number | null, previous: number | null | undefined): number | null {
  if (now === null || previous === null || previous === undefined) return null;
  return (now - previous) * 100;
}

function sumBy(
  rows: readonly PlainRow[],
  key: (r: PlainRow) => string,
  measure: string,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(key(r), (out.get(key(r)) ?? 0) + n(r[measure]));
  return out;
}

const rateOf = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/**
 * The Goals section. `multiSite` keeps the sites apart (each goal's rate against its own site's
 * sessions); `previous` holds the previous period's traffic_daily and goals_daily rows.
 */
export function goalsOf(tables: TableRows, previous: TableRows, multiSite: boolean): GoalsModel {
  const goals = tables.goals_daily ?? [];
  const prevGoals = previous.goals_daily ?? [];
  const prevTraffic = previous.traffic_daily ?? [];
  const siteOf = (r: PlainRow) => (multiSite ? String(r.site) : '');
  const sessions = sumBy(tables.traffic_daily ?? [], siteOf, 'sessions');
  const prevSessions = sumBy(prevTraffic, siteOf, 'sessions');
  const previousMissing =
    prevTraffic.length === 0 ? 'no-traffic' : prevGoals.length === 0 ? 'no-goals' : null;
  const siteKey = multiSite ? ['site'] : [];
  const key = (site: string, goal: string) => JSON.stringify([site, goal]);
  const prevConversions = sumBy(prevGoals, (r) => key(siteOf(r), String(r.goal)), 'conversions');

  const summaries: GoalSummary[] =
    goals.length === 0
      ? []
      : groupRows(goals, [...siteKey, 'goal'], ['conversions', 'visitors', 'page_views'], 'conversions').map(
          (g) => {
            const site = multiSite ? String(g.site) : '';
            const conversions = n(g.conversions);
            const periodSessions = sessions.get(site) ?? 0;
            const rate = rateOf(conversions, periodSessions);
            let before: GoalPeriod | null = null;
            if (previousMissing === null) {
              const c = prevConversions.get(key(site, String(g.goal))) ?? 0;
              const s = prevSessions.get(site) ?? 0;
              before = { conversions: c, sessions: s, rate: rateOf(c, s) };
            }
            return {
              site: multiSite ? site : null,
              goal: String(g.goal),
              conversions,
              visitors: n(g.visitors),
              pageViews: n(g.page_views),
              sessions: periodSessions,
              rate,
              previous: before,
              conversionsChange: before === null ? null : countChange(conversions, before.conversions),
              rateChange: before === null ? null : rateChange(rate, before.rate),
            };
          },
        );
  // A goal with conversions before and none now still has a row: 0 conversions, −100 %.
  if (summaries.length > 0 && previousMissing === null) {
    const shown = new Set(summaries.map((s) => key(s.site ?? '', s.goal)));
    for (const g of groupRows(prevGoals, [...siteKey, 'goal'], ['conversions'], 'conversions')) {
      const site = multiSite ? String(g.site) : '';
      if (shown.has(key(site, String(g.goal)))) continue;
      const s = prevSessions.get(site) ?? 0;
      const before = { conversions: n(g.conversions), sessions: s, rate: rateOf(n(g.conversions), s) };
      const periodSessions = sessions.get(site) ?? 0;
      const rate = rateOf(0, periodSessions);
      summaries.push({
        site: multiSite ? site : null,
        goal: String(g.goal),
        conversions: 0,
        visitors: 0,
        pageViews: 0,
        sessions: periodSessions,
        rate,
        previous: before,
        conversionsChange: countChange(0, before.conversions),
        rateChange: rateChange(rate, before.rate),
      });
    }
  }

  const channelSessions = sumBy(
    tables.sources_daily ?? [],
    (r) => JSON.stringify([siteOf(r), String(r.channel)]),
    'sessions',
  );
  const byChannel = groupRows(
    goals,
    [...siteKey, 'goal', 'channel'],
    ['conversions', 'visitors', 'page_views'],
    'conversions',
  );
  for (const r of byChannel) {
    const s = channelSessions.get(JSON.stringify([multiSite ? String(r.site) : '', String(r.channel)])) ?? 0;
    r.sessions = s;
    r.rate = s > 0 ? n(r.conversions) / s : '';
  }
  return {
    goals: summaries,
    previousMissing,
    byChannel,
    // Named campaigns only, as isNamedCampaign (report-model.ts) for sources_daily: a fold row's
    // `(other)` holds untagged sessions too, so it is no campaign.
    byCampaign: groupRows(
      goals.filter((r) => r.campaign !== '(none)' && r.campaign !== OTHER),
      [...siteKey, 'goal', 'campaign', 'source', 'medium'],
      ['conversions', 'visitors', 'page_views'],
      'conversions',
    ),
    folded: groupRows(
      goals.filter((r) => r.source === OTHER),
      [...siteKey, 'goal'],
      ['conversions', 'visitors'],
      'conversions',
    ),
  };
}

export interface FunnelStepSummary {
  readonly stepNumber: number;
  /** The step's pattern as the table writes it (`[…]` when it may be skipped); null when unknown. */
  readonly step: string | null;
  /** The step may be skipped: written in brackets, or a left-out step with later steps shown. */
  readonly optional: boolean;
  /** Sessions and visitor-days over the period; null when left out (fewer than k visitors) every day. */
  readonly sessions: number | null;
  readonly visitors: number | null;
  /** sessions / the first step's sessions, 0–1. */
  readonly shareOfFirst: number | null;
  /**
   * The step the drop-off counts from: the nearest earlier step that may not be skipped (sessions
   * that skip a step reach the next one without it, so the step before may count fewer). Null for
   * the first step and steps that may be skipped.
   */
  readonly dropFrom: number | null;
  /** Sessions of `dropFrom` that did not reach this step; null when it was left out. */
  readonly dropped: number | null;
  /** dropped / the sessions of `dropFrom`, 0–1. */
  readonly dropRate: number | null;
  /** Days with rows of this funnel on which this step had none (fewer than k visitors that day). */
  readonly daysLeftOut: number;
}

export interface FunnelSummary {
  /** The funnel's site when the report covers several; null otherwise. */
  readonly site: string | null;
  readonly funnel: string;
  /** Days of the period with rows of this funnel. */
  readonly days: number;
  /** Its steps from 1 to the last one with rows, left-out steps in between included. */
  readonly steps: FunnelStepSummary[];
  /**
   * The last step shown may be skipped, so the funnel goes on: a later step was left out (fewer
   * than k visitors on every day). Without it, rows that end may still hide later steps.
   */
  readonly continuesHidden: boolean;
}

const isOptionalText = (step: string) => step.startsWith('[') && step.endsWith(']');

/**
 * funnels_daily summed over the days per (site,) funnel and step number. The table leaves out a step
 * reached by fewer than k visitors on a day; such a step shows with null sessions.
 */
export function funnelsOf(rows: readonly PlainRow[], multiSite: boolean): FunnelSummary[] {
  interface Acc {
    site: string;
    funnel: string;
    days: Set<string>;
    steps: Map<
      number,
      { step: string; lastDay: string; sessions: number; visitors: number; days: Set<string> }
    >;
  }
  const funnels = new Map<string, Acc>();
  for (const r of rows) {
    const site = multiSite ? String(r.site) : '';
    const id = JSON.stringify([site, String(r.funnel)]);
    let f = funnels.get(id);
    if (!f) {
      f = { site, funnel: String(r.funnel), days: new Set(), steps: new Map() };
      funnels.set(id, f);
    }
    const day = String(r.day);
    f.days.add(day);
    const number = n(r.step_number);
    let s = f.steps.get(number);
    if (!s) {
      s = { step: String(r.step), lastDay: day, sessions: 0, visitors: 0, days: new Set() };
      f.steps.set(number, s);
    }
    // The funnel may have been redefined: the newest day's pattern names the step.
    if (day >= s.lastDay) {
      s.step = String(r.step);
      s.lastDay = day;
    }
    s.sessions += n(r.sessions);
    s.visitors += n(r.visitors);
    s.days.add(day);
  }
  return [...funnels.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, f]) => {
      const last = Math.max(...f.steps.keys());
      const first = f.steps.get(1)?.sessions ?? null;
      const steps: FunnelStepSummary[] = [];
      let base: { number: number; sessions: number | null } | null = null;
      for (let number = 1; number <= last; number++) {
        const s = f.steps.get(number);
        // A step left out between steps with rows can only be one that may be skipped: a step that
        // may not be skipped is on the way to every later one, which then has no more visitors.
        const optional = s ? isOptionalText(s.step) : true;
        const sessions = s ? s.sessions : null;
        const counted = !optional && number > 1 && base !== null;
        const dropped =
          counted && sessions !== null && base!.sessions !== null ? base!.sessions - sessions : null;
        steps.push({
          stepNumber: number,
          step: s ? s.step : null,
          optional,
          sessions,
          visitors: s ? s.visitors : null,
          shareOfFirst: sessions !== null && first ? sessions / first : null,
          dropFrom: counted ? base!.number : null,
          dropped,
          dropRate: dropped !== null && base!.sessions ? dropped / base!.sessions : null,
          daysLeftOut: f.days.size - (s ? s.days.size : 0),
        });
        if (!optional) base = { number, sessions };
      }
      return {
        site: multiSite ? f.site : null,
        funnel: f.funnel,
        days: f.days.size,
        steps,
        continuesHidden: steps.at(-1)!.optional,
      };
    });
}
