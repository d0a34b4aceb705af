/**
 * The CDK app's configuration: `cdk.json` context read once and validated, with messages that name
 * the key and the rule (salts ≤ 2 days; events ≤ aggregates; dead letters < raw logs).
 */
import type { Node } from 'constructs';
import { DefinitionError, parseDefinitions } from '../lib/aggregate/goals.ts';
import { resolveSource, runtimeConfig } from '../lib/config/runtime-config.ts';
import { ASSUMED_SITE_CHARS } from '../lib/stream/processor-buffer.ts';

export interface Retention {
  readonly rawDays: number;
  readonly eventsDays: number;
  readonly aggregatesDays: number;
  readonly textDays: number;
  readonly saltDays: number;
  readonly errorsDays: number;
  readonly athenaResultsDays: number;
  readonly logDays: number;
  readonly deadLetterDays: number;
}

export interface PrivacyContext {
  readonly k: number;
  readonly visitorCookie?: string;
  readonly optoutCookie?: string;
  readonly pathRules: string[];
  readonly allowParams: string[];
  readonly internalHosts: string[];
  /** Browsers on hosting networks' addresses are bots (`--hosting-bots`); default true. */
  readonly hostingBots: boolean;
}

export interface InfraConfig {
  readonly retention: Retention;
  readonly privacy: PrivacyContext;
  /** `logveil:goals` and `logveil:funnels`: definitions as `logveil run --goal` and `--funnel` take them. */
  readonly goals: string[];
  readonly funnels: string[];
  readonly sources: unknown[];
  readonly rawDelete: boolean;
  readonly alarmEmail: string | null;
}

export const DEFAULT_RETENTION: Retention = {
  rawDays: 7,
  eventsDays: 30,
  aggregatesDays: 790,
  textDays: 30,
  saltDays: 2,
  errorsDays: 1,
  athenaResultsDays: 7,
  logDays: 30,
  deadLetterDays: 4,
};

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export class ContextError extends Error {
  constructor(message: string) {
    super(`cdk.json context: ${message}`);
    this.name = 'ContextError';
  }
}

export function retentionProblems(r: Retention): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(r)) {
    if (!Number.isInteger(value) || value < 1)
      problems.push(`logveil:retention.${key} must be a whole number of days, at least 1`);
  }
  if (r.saltDays > 2)
    problems.push('logveil:retention.saltDays must be at most 2: salts let visitor ids be reversed');
  if (r.eventsDays > r.aggregatesDays)
    problems.push('logveil:retention.eventsDays must not exceed aggregatesDays');
  if (r.textDays > r.aggregatesDays)
    problems.push('logveil:retention.textDays must not exceed aggregatesDays');
  if (r.deadLetterDays >= r.rawDays) {
    problems.push(
      'logveil:retention.deadLetterDays must be less than rawDays, so a redriven message still finds its raw object',
    );
  }
  if (r.deadLetterDays > 14)
    problems.push('logveil:retention.deadLetterDays must be at most 14 (the SQS maximum)');
  if (!LOG_RETENTION_DAYS.includes(r.logDays)) {
    problems.push(
      `logveil:retention.logDays must be one of ${LOG_RETENTION_DAYS.join(', ')} (CloudWatch Logs)`,
    );
  }
  return problems;
}

function object(node: Node, key: string): Record<string, unknown> {
  const value = node.tryGetContext(key) as unknown;
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ContextError(`${key} must be an object`);
  return value as Record<string, unknown>;
}

function strings(value: unknown, key: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new ContextError(`${key} must be a list of strings`);
  return value;
}

function hostingBotsContext(value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'boolean') throw new ContextError('logveil:privacy.hostingBots must be true or false');
  return value;
}

export function readConfig(node: Node): InfraConfig {
  const retention = { ...DEFAULT_RETENTION, ...(object(node, 'logveil:retention') as Partial<Retention>) };
  const problems = retentionProblems(retention);
  if (problems.length > 0) throw new ContextError(problems.join('; '));
  const p = object(node, 'logveil:privacy');
  const privacy: PrivacyContext = {
    k: p.k === undefined ? 5 : Number(p.k),
    ...(typeof p.visitorCookie === 'string' ? { visitorCookie: p.visitorCookie } : {}),
    ...(typeof p.optoutCookie === 'string' ? { optoutCookie: p.optoutCookie } : {}),
    pathRules: strings(p.pathRules, 'logveil:privacy.pathRules'),
    allowParams: strings(p.allowParams, 'logveil:privacy.allowParams'),
    internalHosts: strings(p.internalHosts, 'logveil:privacy.internalHosts'),
    hostingBots: hostingBotsContext(p.hostingBots),
  };
  const sources = node.tryGetContext('logveil:sources') ?? [];
  if (!Array.isArray(sources))
    throw new ContextError('logveil:sources must be a list of { prefix, format, site, tz?, jsonMap? }');
  const rawDelete = node.tryGetContext('logveil:rawDelete') ?? true;
  if (typeof rawDelete !== 'boolean') throw new ContextError('logveil:rawDelete must be true or false');
  const alarmEmail = node.tryGetContext('logveil:alarmEmail') ?? null;
  if (alarmEmail !== null && (typeof alarmEmail !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(alarmEmail))) {
    throw new ContextError('logveil:alarmEmail must be an e-mail address');
  }
  const goals = strings(node.tryGetContext('logveil:goals'), 'logveil:goals');
  const funnels = strings(node.tryGetContext('logveil:funnels'), 'logveil:funnels');
  try {
    parseDefinitions(goals, funnels, privacy.allowParams, {
      goals: 'logveil:goals',
      funnels: 'logveil:funnels',
    });
  } catch (err) {
    if (err instanceof DefinitionError) throw new ContextError(err.message);
    throw err;
  }
  const config: InfraConfig = { retention, privacy, goals, funnels, sources, rawDelete, alarmEmail };
  // The functions validate the same values at cold start: check them now, at synth time.
  let runtime: ReturnType<typeof runtimeConfig>;
  try {
    runtime = runtimeConfig(functionEnvironment(config, 'analytics', 'salts'));
  } catch (err) {
    throw new ContextError((err as Error).message);
  }
  // The stream's processor buffer is sized for sites of this length (lib/stream/processor-buffer.ts).
  const streamSite = resolveSource('', runtime.sources).site ?? '';
  if (streamSite.length > ASSUMED_SITE_CHARS) {
    throw new ContextError(
      `logveil:sources: the stream's site (prefix "") must be at most ${ASSUMED_SITE_CHARS} characters: the Firehose processor buffer is sized for it`,
    );
  }
  return config;
}

/** The functions' environment (docs/operations.md) for these settings. */
export function functionEnvironment(
  config: InfraConfig,
  analyticsBucket: string,
  saltsBucket: string,
): Record<string, string> {
  const env: Record<string, string> = {
    ANALYTICS_BUCKET: analyticsBucket,
    SALTS_BUCKET: saltsBucket,
    RAW_DELETE: String(config.rawDelete),
    K_ANONYMITY: String(config.privacy.k),
    PATH_RULES: JSON.stringify(config.privacy.pathRules),
    ALLOW_PARAMS: JSON.stringify(config.privacy.allowParams),
    INTERNAL_HOSTS: JSON.stringify(config.privacy.internalHosts),
    HOSTING_BOTS: String(config.privacy.hostingBots),
    GOALS: JSON.stringify(config.goals),
    FUNNELS: JSON.stringify(config.funnels),
    SOURCES: JSON.stringify(config.sources),
    POWERTOOLS_METRICS_NAMESPACE: 'logveil',
  };
  if (config.privacy.visitorCookie) env.VISITOR_COOKIE = config.privacy.visitorCookie;
  if (config.privacy.optoutCookie) env.OPTOUT_COOKIE = config.privacy.optoutCookie;
  return env;
}
