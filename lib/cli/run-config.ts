/**
 * Reads and validates `logveil run` options once into a typed RunConfig; everything after this sees
 * only validated values.
 */
import { homedir } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import { type AggregateOptions, DEFAULT_AGGREGATE_OPTIONS } from '../aggregate/aggregate-options.ts';
import { DefinitionError, type Definitions, parseDefinitions } from '../aggregate/goals.ts';
import { checkFormatName } from '../formats/index.ts';
import { type JsonField, parseJsonMap } from '../formats/json-format.ts';
import { type ZoneResolver, zoneResolver } from '../formats/time-zone.ts';
import { normalizeHost, stripWww } from '../privacy/hostname.ts';
import { type PathRule, parsePathRule } from '../privacy/path-rules.ts';
import { defaultPrivacySettings, type PrivacySettings } from '../privacy/privacy-settings.ts';
import { UsageError } from './usage-error.ts';

export interface RunConfig {
  readonly inputs: readonly string[];
  readonly out: string;
  readonly format: string;
  readonly zone: ZoneResolver;
  readonly aggregate: AggregateOptions;
  readonly saltDir: string;
  readonly sourceId: string | null;
  /** Fixed clock (`--now`), else null for the real one. */
  readonly now: number | null;
  readonly force: boolean;
  readonly json: boolean;
  readonly privacy: PrivacySettings;
  readonly jsonMap: Partial<Record<JsonField, string>>;
  /** `--threads`: 1 or 2, or null to decide from the cores and the input size. */
  readonly threads: 1 | 2 | null;
  /** `--aggregate sql`: every day computed by the tables' SQL in DuckDB, none by the fast path. */
  readonly sqlOnly: boolean;
  /** Events of one day held in memory at most (RunAggregator); no option sets it, tests lower it. */
  readonly dayEventsInMemory?: number;
  /** When the events thread hands small files to the reading thread; no option sets it (tests). */
  readonly offloadFiles?: 'auto' | 'always';
}

export interface RunFlags {
  out?: string;
  format?: string;
  site?: string;
  internalHost?: string[];
  tz?: string;
  k?: string;
  visitorCookie?: string;
  optoutCookie?: string;
  pathRule?: string[];
  jsonMap?: string[];
  allowParam?: string[];
  saltDir?: string;
  sourceId?: string;
  now?: string;
  force?: boolean;
  json?: boolean;
  threads?: string;
  aggregate?: string;
  hostingBots?: string;
  goal?: string[];
  funnel?: string[];
  /** Not a command-line option: tests lower RunAggregator's bound on a day in memory. */
  dayEventsInMemory?: number;
  /** Not a command-line option: tests make the events thread hand over every small file. */
  offloadFiles?: 'auto' | 'always';
}

export function defaultSaltDir(): string {
  const state = process.env.XDG_STATE_HOME || resolve(homedir(), '.local', 'state');
  return resolve(state, 'logveil', 'salts');
}

export function parseNow(text: string | undefined): number | null {
  if (text === undefined) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`--now must be an ISO-8601 time, e.g. 2026-11-25T12:00:00Z`);
  return ms;
}

/** Salts next to the data would let whoever reads the output reverse visitor ids: refuse. */
export function checkSaltDirOutsideOut(saltDir: string, out: string): void {
  const rel = relative(resolve(out), resolve(saltDir));
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
    throw new UsageError(
      '--salt-dir must not be inside --out: salts are kept apart from the data they protect',
    );
  }
}

function hostOption(value: string, option: string): string {
  const host = normalizeHost(value);
  if (host.kind !== 'name') throw new UsageError(`${option} must be a host name, e.g. example.com`);
  return host.host;
}

export function runConfig(inputs: string[], flags: RunFlags): RunConfig {
  if (inputs.length === 0) throw new UsageError('name at least one input file, directory or - for stdin');
  const out = flags.out ?? './out';
  const saltDir = flags.saltDir ?? defaultSaltDir();
  checkSaltDirOutsideOut(saltDir, out);
  const format = flags.format ?? 'auto';
  try {
    checkFormatName(format);
  } catch (err) {
    throw new UsageError(`--format: ${(err as Error).message}`);
  }
  let zone: ZoneResolver;
  try {
    zone = zoneResolver(flags.tz ?? 'UTC');
  } catch {
    throw new UsageError('--tz must be an IANA time zone (Europe/Berlin), UTC, or an offset such as +05:30');
  }
  const k = Number(flags.k ?? '5');
  if (!Number.isInteger(k) || k < 1) throw new UsageError('--k must be a whole number of at least 1');
  let pathRules: PathRule[];
  try {
    pathRules = (flags.pathRule ?? []).map(parsePathRule);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  for (const p of flags.allowParam ?? []) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(p))
      throw new UsageError(`--allow-param "${p}" is not a parameter name`);
  }
  let jsonMap: Partial<Record<JsonField, string>>;
  try {
    jsonMap = parseJsonMap(flags.jsonMap ?? []);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const privacy = defaultPrivacySettings({
    site: flags.site === undefined ? null : hostOption(flags.site, '--site'),
    internalHosts: (flags.internalHost ?? []).map((h) => stripWww(hostOption(h, '--internal-host'))),
    pathRules,
    allowParams: flags.allowParam ?? [],
    visitorCookie: flags.visitorCookie ?? null,
    optoutCookie: flags.optoutCookie ?? null,
  });
  const threads = flags.threads ?? 'auto';
  if (threads !== 'auto' && threads !== '1' && threads !== '2')
    throw new UsageError('--threads must be 1, 2 or auto');
  const engine = flags.aggregate ?? 'auto';
  if (engine !== 'auto' && engine !== 'sql') throw new UsageError('--aggregate must be auto or sql');
  const hostingBots = flags.hostingBots ?? 'on';
  if (hostingBots !== 'on' && hostingBots !== 'off') throw new UsageError('--hosting-bots must be on or off');
  let definitions: Definitions;
  try {
    definitions = parseDefinitions(flags.goal ?? [], flags.funnel ?? [], flags.allowParam ?? [], {
      goals: '--goal',
      funnels: '--funnel',
    });
  } catch (err) {
    if (err instanceof DefinitionError) throw new UsageError(err.message);
    throw err;
  }
  return {
    inputs,
    out,
    format,
    zone,
    aggregate: { ...DEFAULT_AGGREGATE_OPTIONS, k, hostingBots: hostingBots === 'on', ...definitions },
    saltDir,
    sourceId: flags.sourceId ?? null,
    now: parseNow(flags.now),
    force: flags.force ?? false,
    json: flags.json ?? false,
    privacy,
    jsonMap,
    threads: threads === 'auto' ? null : threads === '1' ? 1 : 2,
    sqlOnly: engine === 'sql',
    ...(flags.dayEventsInMemory !== undefined ? { dayEventsInMemory: flags.dayEventsInMemory } : {}),
    ...(flags.offloadFiles !== undefined ? { offloadFiles: flags.offloadFiles } : {}),
  };
}
