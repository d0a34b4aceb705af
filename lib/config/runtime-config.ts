/**
 * The Lambda functions' configuration (docs/operations.md), read from the environment once at cold start and
 * validated with messages that say which variable is wrong and how. `TZ` is never used: it would
 * change the runtime's own clock zone.
 */
import { type AggregateOptions, DEFAULT_AGGREGATE_OPTIONS } from '../aggregate/aggregate-options.ts';
import { DefinitionError, type Definitions, parseDefinitions } from '../aggregate/goals.ts';
import { checkFormatName } from '../formats/index.ts';
import { type JsonField, parseJsonMap } from '../formats/json-format.ts';
import { zoneResolver } from '../formats/time-zone.ts';
import { normalizeHost, stripWww } from '../privacy/hostname.ts';
import { parsePathRule } from '../privacy/path-rules.ts';
import { defaultPrivacySettings, type PrivacySettings } from '../privacy/privacy-settings.ts';

export interface SourceEntry {
  /** Raw-bucket key prefix; `""` is the stream's entry. */
  readonly prefix: string;
  readonly format: string;
  readonly site: string | null;
  readonly tz: string;
  readonly jsonMap: Partial<Record<JsonField, string>>;
}

export interface RuntimeConfig {
  readonly analyticsBucket: string;
  readonly saltsBucket: string;
  readonly rawDelete: boolean;
  readonly aggregate: AggregateOptions;
  readonly privacy: PrivacySettings;
  /** SOURCES, longest prefix first; empty when keys name their site. */
  readonly sources: readonly SourceEntry[];
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} must be set (the bucket name)`);
  return value;
}

function jsonList(env: Env, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ConfigError(`${name} must be a JSON list of strings, e.g. ["a","b"]`);
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new ConfigError(`${name} must be a JSON list of strings, e.g. ["a","b"]`);
  }
  return value;
}

function host(value: string, name: string): string {
  const h = normalizeHost(value);
  if (h.kind !== 'name') throw new ConfigError(`${name}: "${value}" is not a host name`);
  return h.host;
}

function parseSources(env: Env): SourceEntry[] {
  const raw = env.SOURCES?.trim();
  if (!raw) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ConfigError('SOURCES must be a JSON list of { prefix, format, site, tz?, jsonMap? }');
  }
  if (!Array.isArray(value))
    throw new ConfigError('SOURCES must be a JSON list of { prefix, format, site, tz?, jsonMap? }');
  const entries = value.map((entry, i): SourceEntry => {
    const e = entry as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || typeof e.prefix !== 'string') {
      throw new ConfigError(`SOURCES[${i}] needs a string "prefix" ("" for the stream)`);
    }
    const format = typeof e.format === 'string' ? e.format : 'auto';
    try {
      checkFormatName(format);
    } catch (err) {
      throw new ConfigError(`SOURCES[${i}].format: ${(err as Error).message}`);
    }
    const tz = typeof e.tz === 'string' ? e.tz : 'UTC';
    try {
      zoneResolver(tz);
    } catch {
      throw new ConfigError(`SOURCES[${i}].tz "${tz}" is not a time zone`);
    }
    let jsonMap: Partial<Record<JsonField, string>> = {};
    if (e.jsonMap !== undefined) {
      if (typeof e.jsonMap !== 'object' || e.jsonMap === null)
        throw new ConfigError(`SOURCES[${i}].jsonMap must be an object`);
      try {
        jsonMap = parseJsonMap(Object.entries(e.jsonMap).map(([k, v]) => `${k}=${String(v)}`));
      } catch (err) {
        throw new ConfigError(`SOURCES[${i}].jsonMap: ${(err as Error).message}`);
      }
    }
    const site = typeof e.site === 'string' ? host(e.site, `SOURCES[${i}].site`) : null;
    return { prefix: e.prefix, format, site, tz, jsonMap };
  });
  return entries.sort((a, b) => b.prefix.length - a.prefix.length);
}

export function runtimeConfig(env: Env): RuntimeConfig {
  const kText = env.K_ANONYMITY?.trim() || '5';
  const k = Number(kText);
  if (!Number.isInteger(k) || k < 1)
    throw new ConfigError('K_ANONYMITY must be a whole number of at least 1');
  const rawDelete = (env.RAW_DELETE?.trim() || 'true').toLowerCase();
  if (rawDelete !== 'true' && rawDelete !== 'false')
    throw new ConfigError('RAW_DELETE must be true or false');
  const hostingBots = (env.HOSTING_BOTS?.trim() || 'true').toLowerCase();
  if (hostingBots !== 'true' && hostingBots !== 'false')
    throw new ConfigError('HOSTING_BOTS must be true or false');
  let pathRules: PrivacySettings['pathRules'];
  try {
    pathRules = jsonList(env, 'PATH_RULES').map(parsePathRule);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`PATH_RULES: ${(err as Error).message}`);
  }
  const allowParams = jsonList(env, 'ALLOW_PARAMS');
  let definitions: Definitions;
  try {
    definitions = parseDefinitions(jsonList(env, 'GOALS'), jsonList(env, 'FUNNELS'), allowParams, {
      goals: 'GOALS',
      funnels: 'FUNNELS',
    });
  } catch (err) {
    if (err instanceof DefinitionError) throw new ConfigError(err.message);
    throw err;
  }
  return {
    analyticsBucket: required(env, 'ANALYTICS_BUCKET'),
    saltsBucket: required(env, 'SALTS_BUCKET'),
    rawDelete: rawDelete === 'true',
    aggregate: { ...DEFAULT_AGGREGATE_OPTIONS, k, hostingBots: hostingBots === 'true', ...definitions },
    privacy: defaultPrivacySettings({
      visitorCookie: env.VISITOR_COOKIE?.trim() || null,
      optoutCookie: env.OPTOUT_COOKIE?.trim() || null,
      pathRules,
      allowParams,
      internalHosts: jsonList(env, 'INTERNAL_HOSTS').map((h) => stripWww(host(h, 'INTERNAL_HOSTS'))),
    }),
    sources: parseSources(env),
  };
}

export interface ResolvedSource {
  readonly format: string;
  readonly site: string | null;
  readonly tz: string;
  readonly jsonMap: Partial<Record<JsonField, string>>;
}

/**
 * Site and format of a raw object: the SOURCES entry with the longest matching prefix; without one,
 * the key's first path segment is the site (`www.example.com/2026/11/…`) and the format is detected.
 */
export function resolveSource(key: string, sources: readonly SourceEntry[]): ResolvedSource {
  const entry = sources.find((s) => key.startsWith(s.prefix));
  if (entry) return entry;
  const first = key.split('/')[0] ?? '';
  const h = key.includes('/') ? normalizeHost(first) : { kind: 'invalid' as const };
  return { format: 'auto', site: h.kind === 'name' ? h.host : null, tz: 'UTC', jsonMap: {} };
}
