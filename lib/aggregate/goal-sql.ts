/**
 * The goals' and funnels' parts of the tables' SQL (session_hits.sql, goals_daily.sql,
 * funnels_daily.sql), bound from their checked definitions (goals.ts): names become string literals,
 * patterns the conditions of hit-pattern.ts. Nothing else of the configuration reaches the SQL.
 */
import type { AggregateOptions } from './aggregate-options.ts';
import { type Funnel, type Goal, MAX_FUNNEL_STEPS, stepText } from './goals.ts';
import { type HitPattern, matchesPageViews, sqlCondition, sqlLiteral } from './hit-pattern.ts';

/** `CASE <column> WHEN 1 THEN … END` over numbered conditions; FALSE when there are none. */
function caseOf(column: string, conditions: ReadonlyArray<readonly [number, string]>): string {
  if (conditions.length === 0) return 'FALSE';
  return `CASE ${column} ${conditions.map(([n, c]) => `WHEN ${n} THEN ${c}`).join(' ')} ELSE FALSE END`;
}

/** VALUES rows; a list the SQL never reads (no goal) still has to parse: one row that matches nothing. */
function valuesOf(rows: readonly string[], none: string): string {
  return rows.length > 0 ? rows.join(', ') : none;
}

function patternsOf(goals: readonly Goal[], funnels: readonly Funnel[]): HitPattern[] {
  return [...goals.map((g) => g.pattern), ...funnels.flatMap((f) => f.steps.map((s) => s.pattern))];
}

/** The `{{name}}` values of the goals' and funnels' SQL. */
export function goalSqlValues(options: AggregateOptions): Record<string, string> {
  const { goals, funnels } = options;
  const hitPatterns = patternsOf(goals, funnels).filter((p) => !matchesPageViews(p));
  const values: Record<string, string> = {
    goal_hits: hitPatterns.length > 0 ? `(${hitPatterns.map(sqlCondition).join(' OR ')})` : 'FALSE',
    goals: valuesOf(
      goals.map((g, i) => `(${sqlLiteral(g.name)}, ${i + 1})`),
      '(CAST(NULL AS VARCHAR), 0)',
    ),
    goal_matched: caseOf(
      'goal_number',
      goals.map((g, i) => [i + 1, sqlCondition(g.pattern)] as const),
    ),
    funnels: valuesOf(
      funnels.map((f, i) => `(${sqlLiteral(f.name)}, ${i + 1})`),
      '(CAST(NULL AS VARCHAR), 0)',
    ),
    funnel_steps: valuesOf(
      funnels.flatMap((f) =>
        f.steps.map((s, j) => `(${sqlLiteral(f.name)}, ${j + 1}, ${sqlLiteral(stepText(s))})`),
      ),
      '(CAST(NULL AS VARCHAR), 0, CAST(NULL AS VARCHAR))',
    ),
  };
  for (let n = 1; n <= MAX_FUNNEL_STEPS; n++) {
    const withStep = funnels.flatMap((f, i) =>
      f.steps.length >= n ? [[i + 1, f.steps[n - 1]!] as const] : [],
    );
    values[`funnel_step_${n}`] = caseOf(
      'funnel_number',
      withStep.map(([i, step]) => [i, sqlCondition(step.pattern)] as const),
    );
    const optional = withStep.filter(([, step]) => step.optional).map(([i]) => i);
    values[`funnel_optional_${n}`] =
      optional.length > 0 ? `funnel_number IN (${optional.join(', ')})` : 'FALSE';
  }
  return values;
}
