/**
 * goals_daily and funnels_daily for the in-memory fast path (compute-day.ts), with the definitions of
 * goals_daily.sql and funnels_daily.sql: a session converts when one of its hits matches a goal; it
 * reaches a funnel's step with its first matching hit after the hit that reached the step before
 * (the step before that, when that one may be skipped). Proven equal to the SQL by
 * test/aggregate/sql-equals-js.test.ts.
 */
import type { AggregateOptions } from './aggregate-options.ts';
import type { AggregateRow } from './compute-day.ts';
import { type DayTable, METHOD, NULL_CODE, PATH, QUERY } from './day-table.ts';
import { DistinctCounter } from './distinct-counter.ts';
import type { Funnel } from './goals.ts';
import { stepText } from './goals.ts';
import { GroupCounter } from './group-counter.ts';
import { type HitPattern, matchesPageViews, pathTest, queryTest } from './hit-pattern.ts';
import type { Session } from './sessions.ts';

/** A pattern's test on a row of the day; `pageView` says whether the row is a (non-bot) page view. */
type RowTest = (row: number, pageView: boolean) => boolean;

/** The source of a session's first page view: channel, source, medium, campaign. */
export type SessionSource = readonly [string, string, string, string];

export class GoalCounts {
  /** Whether any goal or funnel is configured (else both tables are empty and nothing is tested). */
  readonly active: boolean;
  private readonly goalTests: RowTest[];
  private readonly stepTests: RowTest[][];
  /** Tests of the patterns that match other hits than page views (a method or a status). */
  private readonly hitTests: RowTest[];

  constructor(
    private readonly table: DayTable,
    private readonly options: AggregateOptions,
  ) {
    this.active = options.goals.length > 0 || options.funnels.length > 0;
    this.goalTests = options.goals.map((g) => this.rowTest(g.pattern));
    this.stepTests = options.funnels.map((f) => f.steps.map((s) => this.rowTest(s.pattern)));
    const patterns = [
      ...options.goals.map((g) => g.pattern),
      ...options.funnels.flatMap((f) => f.steps.map((s) => s.pattern)),
    ];
    this.hitTests = patterns.filter((p) => !matchesPageViews(p)).map((p) => this.rowTest(p));
  }

  /** Whether a hit that is not a page view (nor a bot's) belongs in sessions: a goal or step may match it. */
  matchesOtherHit(row: number): boolean {
    for (const test of this.hitTests) if (test(row, false)) return true;
    return false;
  }

  /** Whether any pattern matches other hits than page views. */
  get testsOtherHits(): boolean {
    return this.hitTests.length > 0;
  }

  /**
   * The rows of both tables for one site's sessions; `others` are the session hits that are not
   * page views, `sourceOf` a session's source.
   */
  rows(
    site: string,
    sessions: readonly Session[],
    others: ReadonlySet<number>,
    sourceOf: (session: Session) => SessionSource,
  ): { goals: AggregateRow[]; funnels: AggregateRow[] } {
    if (!this.active) return { goals: [], funnels: [] };
    const k = this.options.k;
    const goals = new GroupCounter(2); // conversions, page_views
    const steps = this.options.funnels.map((f) =>
      f.steps.map(() => ({ sessions: 0, visitors: new DistinctCounter() })),
    );
    for (const session of sessions) {
      const hits = session.hits;
      let source: SessionSource | null = null;
      this.goalTests.forEach((test, g) => {
        if (!hits.some((r) => test(r, !others.has(r)))) return;
        source ??= sourceOf(session);
        goals.add([this.options.goals[g]!.name, ...source], [1, session.pageViews.length], session.visitor);
      });
      this.options.funnels.forEach((funnel, f) => {
        reachedSteps(funnel, this.stepTests[f]!, hits, others).forEach((reached, s) => {
          if (!reached) return;
          const step = steps[f]![s]!;
          step.sessions += 1;
          step.visitors.add(session.visitor);
        });
      });
    }
    const goalRows = goals
      .folded(k, (i) => i <= 1)
      .map((g) => ({
        site,
        goal: g.keys[0]!,
        channel: g.keys[1]!,
        source: g.keys[2]!,
        medium: g.keys[3]!,
        campaign: g.keys[4]!,
        conversions: g.sums[0]!,
        visitors: g.visitors.size,
        page_views: g.sums[1]!,
      }));
    const funnelRows: AggregateRow[] = [];
    this.options.funnels.forEach((funnel, f) => {
      funnel.steps.forEach((s, i) => {
        const step = steps[f]![i]!;
        if (step.visitors.size < k) return;
        funnelRows.push({
          site,
          funnel: funnel.name,
          step_number: i + 1,
          step: stepText(s),
          sessions: step.sessions,
          visitors: step.visitors.size,
        });
      });
    });
    return { goals: goalRows, funnels: funnelRows };
  }

  /**
   * A pattern as a test on a row of a session (never a bot's). The path's and the query's answers
   * are kept per string (a day has far fewer paths than hits), so each is worked out once.
   */
  private rowTest(pattern: HitPattern): RowTest {
    const { strings, status, codes } = this.table;
    const methodOf = codes[METHOD]!;
    const pathOf = codes[PATH]!;
    const queryOf = codes[QUERY]!;
    const pageViewsOnly = matchesPageViews(pattern);
    const { method, status: range } = pattern;
    const path = remembered(pathTest(pattern), (code) => strings[code]!);
    const noQuery = pattern.query.length === 0;
    const query = remembered(queryTest(pattern), (code) => (code === NULL_CODE ? null : strings[code]!));
    return (row, pageView) => {
      if (pageViewsOnly && !pageView) return false;
      if (method !== null && strings[methodOf[row]!]!.toUpperCase() !== method) return false;
      if (range !== null && (status[row]! < range.from || status[row]! > range.to)) return false;
      return path(pathOf[row]!) && (noQuery || query(queryOf[row]!));
    };
  }
}

/** A test on a string of the day, answered once per string code. */
function remembered<T>(test: (value: T) => boolean, valueAt: (code: number) => T): (code: number) => boolean {
  const answers = new Map<number, boolean>();
  return (code) => {
    let answer = answers.get(code);
    if (answer === undefined) {
      answer = test(valueAt(code));
      answers.set(code, answer);
    }
    return answer;
  };
}

/**
 * Which steps of a funnel a session reached, in order (funnels_daily.sql): step 1 with its first
 * matching hit, each next step with its first matching hit after the point the step before left
 * off — the hit that reached it, or, for a step that may be skipped, the point before it.
 */
export function reachedSteps(
  funnel: Funnel,
  tests: readonly RowTest[],
  hits: readonly number[],
  others: ReadonlySet<number>,
): boolean[] {
  const reached: boolean[] = [];
  // Positions are 1-based as in the SQL; Infinity: the step before was not reached.
  let after = 0;
  funnel.steps.forEach((step, s) => {
    let at = Number.POSITIVE_INFINITY;
    for (let i = after; i < hits.length && Number.isFinite(after); i++) {
      const r = hits[i]!;
      if (tests[s]!(r, !others.has(r))) {
        at = i + 1;
        break;
      }
    }
    reached.push(Number.isFinite(at));
    if (!step.optional) after = at;
  });
  return reached;
}
