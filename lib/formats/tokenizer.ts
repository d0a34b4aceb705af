/**
 * The one tokenizer: walks a line against a LineFormatSpec with indexOf scans (linear time, no
 * backtracking regular expressions), then converts the delimited fields into a ParsedHit.
 */

import { parseClfTime } from './clf-time.ts';
import { compileScan, FAIL_PREFIX, type ScanFunction } from './compiled-scan.ts';
import { parseEpochText, parseIsoTime } from './iso-time.ts';
import { unescapeLogValue } from './log-escapes.ts';
import { emptyHit, IGNORED, type MalformedReason, type ParsedHit, type ParseResult } from './parsed-hit.ts';
import { decodeFully } from './percent-decode.ts';
import { splitRequestLine } from './request-line.ts';
import type { FieldToken, LineFormatSpec, Token } from './spec.ts';
import { strftimeParser, type TimeParser } from './strftime-time.ts';
import type { ZoneResolver } from './time-zone.ts';

export interface ParseContext {
  readonly zone: ZoneResolver;
}

export interface LineParser {
  readonly name: string;
  parse(line: string): ParseResult;
  /** Characters left unread after the last successful parse (auto-detection prefers fewer). */
  readonly leftover: number;
}

const TIME_ROLES = new Set(['time_clf', 'time_iso', 'time_epoch', 'time_strftime', 'w3c_date', 'w3c_time']);

function reasonFor(token: Token | undefined): MalformedReason {
  if (token?.kind !== 'field') return 'missing_field';
  if (TIME_ROLES.has(token.role)) return 'bad_timestamp';
  if (token.role === 'request') return 'bad_request_line';
  if (token.role === 'status') return 'bad_status';
  return 'missing_field';
}

export class SpecError extends Error {
  override name = 'SpecError';
}

/** Checks that a spec can yield hits: it needs a time and a request or path. */
export function checkSpec(spec: LineFormatSpec): void {
  const roles = new Set(spec.tokens.flatMap((t) => (t.kind === 'field' ? [t.role] : [])));
  const hasTime = [...TIME_ROLES].some((r) => roles.has(r as FieldToken['role']));
  if (!hasTime) throw new SpecError(`format ${spec.name} has no time field`);
  if (roles.has('w3c_time') !== roles.has('w3c_date')) {
    throw new SpecError(`format ${spec.name} needs both a date and a time field`);
  }
  if (!roles.has('request') && !roles.has('path') && !roles.has('target')) {
    throw new SpecError(`format ${spec.name} has no request or path field`);
  }
}

export function specParser(spec: LineFormatSpec, ctx: ParseContext): LineParser {
  checkSpec(spec);
  return new SpecParser(spec, ctx);
}

/** How a spec's tokens are delimited: what the compiled scans are built from (and a test checks). */
export interface ScanPlan {
  readonly tokens: readonly Token[];
  /** Blank-separated words a plain field spans (a CLF time such as `10/Feb/2012:16:42:07 -0500` has two). */
  readonly words: number[];
  /** Tokens from here on may be missing from a line. */
  readonly optionalFrom: number;
  /** Whether a token's text is stored: skipped fields are delimited but never read. */
  readonly keep: (index: number) => boolean;
}

export function scanPlan(spec: LineFormatSpec): ScanPlan {
  const tokens = spec.tokens;
  return {
    tokens,
    words: tokens.map((t) => {
      if (t.kind !== 'field') return 1;
      if (t.role === 'time_clf') return 2;
      if (t.role === 'time_strftime') return 1 + (t.arg?.match(/ +/g)?.length ?? 0);
      return 1;
    }),
    optionalFrom: spec.optionalFrom ?? tokens.length,
    keep: (i) => {
      const t = tokens[i]!;
      return t.kind === 'field' && t.role !== 'skip';
    },
  };
}

export class SpecParser implements LineParser {
  readonly name: string;
  leftover = 0;
  private readonly tokens: readonly Token[];
  private readonly optionalFrom: number;
  private readonly values: (string | undefined)[];
  private readonly timeParsers: (TimeParser | undefined)[];
  private readonly words: number[];
  private lastTimeText = '';
  private lastTime = 0;
  /** Indexes of the fields convert reads, in line order (literals and skipped fields left out). */
  private readonly fields: number[];
  private readonly scanRequired: ScanFunction;
  private readonly scanOptional: ScanFunction;

  constructor(
    private readonly spec: LineFormatSpec,
    private readonly ctx: ParseContext,
  ) {
    this.name = spec.name;
    this.tokens = spec.tokens;
    this.optionalFrom = spec.optionalFrom ?? spec.tokens.length;
    this.values = new Array(spec.tokens.length);
    this.timeParsers = spec.tokens.map((t) =>
      t.kind === 'field' && t.role === 'time_strftime' ? strftimeParser(t.arg ?? '', ctx.zone) : undefined,
    );
    const plan = scanPlan(spec);
    this.words = plan.words;
    const keep = plan.keep;
    this.fields = this.tokens.flatMap((_, i) => (keep(i) ? [i] : []));
    this.scanRequired = compileScan(this.tokens, this.words, 0, this.optionalFrom, this.optionalFrom, keep);
    this.scanOptional = compileScan(
      this.tokens,
      this.words,
      this.optionalFrom,
      this.tokens.length,
      this.optionalFrom,
      keep,
    );
  }

  parse(line: string): ParseResult {
    const values = this.values;
    // A plain loop: Array.prototype.fill on this holey array showed up as a top cost per line.
    for (let i = 0; i < values.length; i++) values[i] = undefined;
    let pos = this.scanRequired(line, 0, values);
    // A line starting with `#` that is not a record is a comment (ELB and hand-edited logs have them).
    if (pos >= FAIL_PREFIX)
      return line.charCodeAt(0) === 35
        ? IGNORED
        : { ok: false, reason: this.failureReason(pos - FAIL_PREFIX) };
    if (this.optionalFrom < this.tokens.length && pos < line.length) {
      const optionalPos = this.scanOptional(line, pos, values);
      if (optionalPos < FAIL_PREFIX) pos = optionalPos;
      else for (let i = this.optionalFrom; i < this.tokens.length; i++) values[i] = undefined;
    }
    if (pos < line.length && !isBlank(line.charCodeAt(pos))) return { ok: false, reason: 'field_count' };
    this.leftover = line.length - pos;
    return this.convert();
  }

  /**
   * A failure after a request that swallowed a quote means the request's quotes were unbalanced: that,
   * not the field where scanning finally stopped, is what the user needs to hear.
   */
  private failureReason(index: number): MalformedReason {
    for (let i = 0; i < index; i++) {
      const t = this.tokens[i]!;
      if (t.kind === 'field' && t.role === 'request' && hasBareQuote(this.values[i]))
        return 'bad_request_line';
    }
    return reasonFor(this.tokens[index]);
  }

  private convert(): ParseResult {
    const hit: ParsedHit = emptyHit();
    const tokens = this.tokens;
    let request: string | undefined;
    let path: string | undefined;
    let query: string | undefined;
    let w3cDate: string | undefined;
    let w3cTime: string | undefined;
    let hostFallback: string | null = null;
    let timeSet = false;
    const fields = this.fields;
    for (let f = 0; f < fields.length; f++) {
      const i = fields[f]!;
      let raw = this.values[i];
      if (raw === undefined) continue;
      const token = tokens[i] as FieldToken;
      if (token.decode !== undefined && raw !== '-') raw = decodeValue(raw, token.decode);
      switch (token.role) {
        case 'time_clf':
        case 'time_iso':
        case 'time_epoch':
        case 'time_strftime': {
          const ts = this.time(raw, i, token.role);
          if (ts === null) return { ok: false, reason: 'bad_timestamp' };
          hit.ts = ts;
          timeSet = true;
          break;
        }
        case 'w3c_date':
          w3cDate = raw;
          break;
        case 'w3c_time':
          w3cTime = raw;
          break;
        case 'status': {
          if (raw === '-' && this.spec.dashStatusIsNonHttp) return IGNORED;
          const status = raw === '-' ? 0 : parseStatus(raw);
          if (status < 0) return { ok: false, reason: 'bad_status' };
          hit.status = status;
          break;
        }
        case 'bytes': {
          const bytes = parseCount(raw);
          if (bytes < 0) return { ok: false, reason: 'bad_number' };
          hit.bytes = bytes;
          break;
        }
        case 'duration_us':
        case 'duration_ms':
        case 'duration_s': {
          if (raw === '-' || raw === '-1') break;
          const d = parseDuration(raw, token.role);
          if (d < 0) return { ok: false, reason: 'bad_number' };
          hit.durationMs = d;
          break;
        }
        case 'request':
          request = raw;
          break;
        case 'method':
          if (raw !== '-' && raw !== '') hit.method = raw.toUpperCase();
          break;
        case 'target':
        case 'path':
          if (raw !== '-' && raw !== '') path = unescapeLogValue(raw);
          break;
        case 'query':
          if (raw !== '-' && raw !== '') query = raw.startsWith('?') ? raw.slice(1) : raw;
          break;
        case 'host_fallback':
          if (raw !== '-' && raw !== '') hostFallback = raw;
          break;
        case 'cookie_named':
          if (raw !== '-' && raw !== '') {
            const pair = `${token.arg}=${raw}`;
            hit.cookies = hit.cookies === null ? pair : `${hit.cookies}; ${pair}`;
          }
          break;
        default:
          assignText(hit, token.role, raw);
      }
    }
    if (w3cDate !== undefined && w3cTime !== undefined) {
      const ts = this.time(`${w3cDate}T${w3cTime}`, -1, 'time_iso');
      if (ts === null) return { ok: false, reason: 'bad_timestamp' };
      hit.ts = ts;
      timeSet = true;
    }
    if (!timeSet) return { ok: false, reason: 'missing_field' };
    if (hit.host === null) hit.host = hostFallback;
    if (request !== undefined) {
      const r = splitRequestLine(unescapeLogValue(request));
      hit.method = r.method;
      hit.target = r.target;
    } else if (path !== undefined) {
      hit.target = query ? `${path}?${query}` : path;
      if (hit.method === '-') hit.method = 'GET';
    }
    return { ok: true, hit };
  }

  private time(raw: string, index: number, role: string): number | null {
    if (raw === this.lastTimeText) return this.lastTime;
    let ts: number | null;
    if (role === 'time_clf') ts = parseClfTime(raw, this.ctx.zone);
    else if (role === 'time_iso') ts = parseIsoTime(raw, this.ctx.zone);
    else if (role === 'time_epoch') ts = parseEpochText(raw);
    else ts = this.timeParsers[index]?.(raw) ?? null;
    if (ts !== null) {
      this.lastTimeText = raw;
      this.lastTime = ts;
    }
    return ts;
  }
}

function decodeValue(raw: string, decode: 'url' | 'plus'): string {
  return decodeFully(raw, decode === 'plus');
}

function assignText(hit: ParsedHit, role: FieldToken['role'], raw: string): void {
  const absent = raw === '-' || raw === '';
  switch (role) {
    case 'client_ip':
      hit.clientIp = absent ? '' : raw;
      return;
    case 'user':
      hit.user = absent ? null : raw;
      return;
    case 'referrer':
      hit.referrer = absent ? null : unescapeLogValue(raw);
      return;
    case 'user_agent':
      hit.userAgent = absent ? null : unescapeLogValue(raw);
      return;
    case 'host':
      hit.host = absent ? null : raw;
      return;
    case 'forwarded_for':
      hit.forwardedFor = absent ? null : raw;
      return;
    case 'cookie':
      hit.cookies = absent ? null : unescapeLogValue(raw);
      return;
    case 'gpc':
      hit.gpc = raw === '1';
      return;
    case 'dnt':
      hit.dnt = raw === '1';
      return;
    default:
      return;
  }
}

function hasBareQuote(value: string | undefined): boolean {
  if (value === undefined) return false;
  for (let q = value.indexOf('"'); q >= 0; q = value.indexOf('"', q + 1)) {
    if (q === 0 || value.charCodeAt(q - 1) !== 92) return true;
  }
  return false;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** A non-negative integer of at most `maxDigits` digits, or -1. */
function parseDigits(raw: string, maxDigits: number): number {
  if (raw.length === 0 || raw.length > maxDigits) return -1;
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** HTTP status: one to three digits (0 for connections closed before a response). */
export function parseStatus(raw: string): number {
  return parseDigits(raw, 3);
}

/** A byte count: digits, or `-` (or empty) for zero; -1 when invalid. */
export function parseCount(raw: string): number {
  return raw === '-' || raw === '' ? 0 : parseDigits(raw, 15);
}

export function parseDuration(raw: string, role: 'duration_us' | 'duration_ms' | 'duration_s'): number {
  if (!/^\d{1,15}(\.\d{1,9})?$/.test(raw)) return -1;
  const value = Number(raw);
  const ms = role === 'duration_us' ? value / 1000 : role === 'duration_s' ? value * 1000 : value;
  // int32 column: clamp absurd values rather than overflow.
  return Math.min(Math.round(ms), 2_147_483_647);
}
