/**
 * Goals and funnels (docs/tables.md, "Goals and funnels"): what a shop measures, written as
 * configuration — `--goal 'Order=/checkout/confirm'`, `--funnel 'Purchase=/products/** > /cart >
 * [/checkout/shipping] > /checkout/confirm'` — and in cdk.json (`logveil:goals`, `logveil:funnels`).
 * Checked once, where the configuration is read (command line, synth, cold start), with messages
 * that say which definition is wrong and how.
 */
import { DEFAULT_ALLOWED_PARAMS } from '../privacy/query.ts';
import { type HitPattern, PatternError, parseHitPattern } from './hit-pattern.ts';

export interface Goal {
  readonly name: string;
  readonly pattern: HitPattern;
}

export interface FunnelStep {
  readonly pattern: HitPattern;
  /** The step may be skipped: the next one then counts after the step before it. */
  readonly optional: boolean;
}

export interface Funnel {
  readonly name: string;
  readonly steps: readonly FunnelStep[];
}

/** Limits that keep the tables' SQL small (Athena takes at most 256 KB of query text). */
export const MAX_GOALS = 20;
export const MAX_FUNNELS = 10;
/** As Plausible: 2 to 8 steps. The funnel SQL has one window per step (funnels_daily.sql). */
export const MAX_FUNNEL_STEPS = 8;
const MAX_NAME = 64;
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u;

export class DefinitionError extends Error {
  override name = 'DefinitionError';
}

/** Lower-case kept query parameters: the defaults and `--allow-param`. */
export function keptParams(allowParams: readonly string[]): ReadonlySet<string> {
  return new Set([...DEFAULT_ALLOWED_PARAMS, ...allowParams.map((p) => p.toLowerCase())]);
}

function splitName(kind: string, definition: string): { name: string; body: string } {
  const eq = definition.indexOf('=');
  if (eq < 0) throw new DefinitionError(`a ${kind} is written NAME=PATTERN, e.g. ${EXAMPLES[kind]}`);
  const name = definition.slice(0, eq).trim();
  if (name.length === 0 || name.length > MAX_NAME || !NAME.test(name))
    throw new DefinitionError(
      `a ${kind}'s name has 1 to ${MAX_NAME} letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit`,
    );
  return { name, body: definition.slice(eq + 1) };
}

const EXAMPLES: Record<string, string> = {
  goal: "'Order=/checkout/confirm'",
  funnel: "'Purchase=/products/** > /cart > /checkout/confirm'",
};

function pattern(kind: string, name: string, text: string, allowed: ReadonlySet<string>): HitPattern {
  try {
    return parseHitPattern(text, allowed);
  } catch (err) {
    if (err instanceof PatternError) throw new DefinitionError(`${kind} "${name}": ${err.message}`);
    throw err;
  }
}

export function parseGoal(definition: string, allowed: ReadonlySet<string>): Goal {
  const { name, body } = splitName('goal', definition);
  return { name, pattern: pattern('goal', name, body, allowed) };
}

export function parseFunnel(definition: string, allowed: ReadonlySet<string>): Funnel {
  const { name, body } = splitName('funnel', definition);
  const parts = body.split('>').map((s) => s.trim());
  if (parts.length < 2 || parts.length > MAX_FUNNEL_STEPS)
    throw new DefinitionError(
      `funnel "${name}" has ${parts.length} step${parts.length === 1 ? '' : 's'}: a funnel has 2 to ${MAX_FUNNEL_STEPS}, separated by >`,
    );
  const steps = parts.map((part, i): FunnelStep => {
    const optional = part.startsWith('[') && part.endsWith(']');
    const text = optional ? part.slice(1, -1) : part;
    if (text.trim() === '') throw new DefinitionError(`funnel "${name}": step ${i + 1} is empty`);
    return { pattern: pattern('funnel', name, text, allowed), optional };
  });
  if (steps[0]!.optional || steps[steps.length - 1]!.optional)
    throw new DefinitionError(
      `funnel "${name}": the first and the last step cannot be optional ([…]); only steps between them can`,
    );
  return { name, steps };
}

/** How a step is written back (the `step` column): its pattern, in brackets when optional. */
export function stepText(step: FunnelStep): string {
  return step.optional ? `[${step.pattern.text}]` : step.pattern.text;
}

export interface Definitions {
  readonly goals: readonly Goal[];
  readonly funnels: readonly Funnel[];
}

/**
 * Every goal and funnel, checked: each on its own, then as a set (names unique without regard to
 * case, at most MAX_GOALS goals and MAX_FUNNELS funnels). `where` names the setting in messages.
 */
export function parseDefinitions(
  goals: readonly string[],
  funnels: readonly string[],
  allowParams: readonly string[],
  where: { goals: string; funnels: string },
): Definitions {
  const allowed = keptParams(allowParams);
  const each = <T extends { name: string }>(
    list: readonly string[],
    label: string,
    max: number,
    parse: (d: string) => T,
  ): T[] => {
    if (list.length > max) throw new DefinitionError(`${label}: at most ${max}, got ${list.length}`);
    const seen = new Set<string>();
    return list.map((definition, i) => {
      let parsed: T;
      try {
        parsed = parse(definition);
      } catch (err) {
        if (err instanceof DefinitionError) throw new DefinitionError(`${label}[${i}]: ${err.message}`);
        throw err;
      }
      const key = parsed.name.toLowerCase();
      if (seen.has(key)) throw new DefinitionError(`${label}[${i}]: the name "${parsed.name}" is used twice`);
      seen.add(key);
      return parsed;
    });
  };
  return {
    goals: each(goals, where.goals, MAX_GOALS, (d) => parseGoal(d, allowed)),
    funnels: each(funnels, where.funnels, MAX_FUNNELS, (d) => parseFunnel(d, allowed)),
  };
}
