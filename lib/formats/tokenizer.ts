/**
 * The one tokenizer: walks a line against a LineFormatSpec with indexOf scans (linear time, no
 * backtracking regular expressions), then converts the delimited fields into a ParsedHit.
 */
import { parseClfTime } from './clf-time.ts';
import { unescapeLogValue } from './log-escapes.ts';
import { emptyHit, type MalformedReason, type ParsedHit, type ParseResult } from './parsed-hit.ts';
import { splitRequestLine } from './request-line.ts';
import type { FieldRole, FieldToken, LineFormatSpec, Token } from './spec.ts';
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

const FAIL_PREFIX = 0x40000000;

function reasonFor(token: Token | undefined): MalformedReason {
  if (token?.kind !== 'field') return 'missing_field';
  if (token.role === 'time_clf') return 'bad_timestamp';
  if (token.role === 'request') return 'bad_request_line';
  if (token.role === 'status') return 'bad_status';
  return 'missing_field';
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

export class SpecError extends Error {}

export function specParser(spec: LineFormatSpec, ctx: ParseContext): LineParser {
  const roles = new Set(spec.tokens.flatMap((t) => (t.kind === 'field' ? [t.role] : [])));
  if (!roles.has('time_clf')) throw new SpecError(`format ${spec.name} has no time field`);
  if (!roles.has('request') && !roles.has('path') && !roles.has('target')) {
    throw new SpecError(`format ${spec.name} has no request or path field`);
  }
  return new SpecParser(spec, ctx);
}

class SpecParser implements LineParser {
  readonly name: string;
  leftover = 0;
  private readonly tokens: readonly Token[];
  private readonly optionalFrom: number;
  private readonly values: (string | undefined)[];
  private lastTimeText = '';
  private lastTime = 0;

  constructor(
    spec: LineFormatSpec,
    private readonly ctx: ParseContext,
  ) {
    this.name = spec.name;
    this.tokens = spec.tokens;
    this.optionalFrom = spec.optionalFrom ?? spec.tokens.length;
    this.values = new Array(spec.tokens.length);
  }

  parse(line: string): ParseResult {
    const values = this.values;
    values.fill(undefined);
    let pos = this.scan(line, 0, this.optionalFrom, 0);
    if (pos >= FAIL_PREFIX) return { ok: false, reason: this.failureReason(pos - FAIL_PREFIX) };
    if (this.optionalFrom < this.tokens.length && pos < line.length) {
      const optionalPos = this.scan(line, this.optionalFrom, this.tokens.length, pos);
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

  /** Delimits tokens [from, to) starting at pos; returns the end position or FAIL_PREFIX + token index. */
  private scan(line: string, from: number, to: number, pos: number): number {
    const tokens = this.tokens;
    const len = line.length;
    for (let i = from; i < to; i++) {
      const t = tokens[i]!;
      if (t.kind === 'literal') {
        const end = matchLiteral(line, pos, t.text);
        if (end < 0) return FAIL_PREFIX + (tokens[i + 1] ? i + 1 : i);
        pos = end;
        continue;
      }
      if (pos >= len) return FAIL_PREFIX + i;
      if (t.quoted) {
        if (line.charCodeAt(pos) !== 34) return FAIL_PREFIX + i;
        const close = this.closingQuote(line, pos + 1, i, to);
        if (close < 0) return FAIL_PREFIX + i;
        this.values[i] = line.slice(pos + 1, close);
        pos = close + 1;
      } else if (t.bracketed) {
        if (line.charCodeAt(pos) !== 91) return FAIL_PREFIX + i;
        const close = line.indexOf(']', pos + 1);
        if (close < 0) return FAIL_PREFIX + i;
        this.values[i] = line.slice(pos + 1, close);
        pos = close + 1;
      } else {
        const end = plainEnd(line, pos, tokens[i + 1]);
        if (end <= pos) return FAIL_PREFIX + i;
        this.values[i] = line.slice(pos, end);
        pos = end;
      }
    }
    return pos;
  }

  /** First unescaped `"` after which the rest of the format can continue. */
  private closingQuote(line: string, from: number, index: number, to: number): number {
    let q = line.indexOf('"', from);
    while (q >= 0) {
      let backslashes = 0;
      for (let k = q - 1; k >= from && line.charCodeAt(k) === 92; k--) backslashes++;
      if (backslashes % 2 === 0 && this.canFollow(line, q + 1, index + 1, to)) return q;
      q = line.indexOf('"', q + 1);
    }
    return -1;
  }

  private canFollow(line: string, pos: number, next: number, to: number): boolean {
    const atBoundary = pos >= line.length || isBlank(line.charCodeAt(pos));
    if (next >= to) return atBoundary;
    const lit = this.tokens[next]!;
    if (lit.kind !== 'literal') return false;
    const after = matchLiteral(line, pos, lit.text);
    if (after < 0) return next >= this.optionalFrom && atBoundary;
    const following = this.tokens[next + 1];
    if (following?.kind !== 'field') return true;
    if (after >= line.length) return false;
    if (following.quoted) return line.charCodeAt(after) === 34;
    if (following.bracketed) return line.charCodeAt(after) === 91;
    return true;
  }

  private convert(): ParseResult {
    const hit: ParsedHit = emptyHit();
    const tokens = this.tokens;
    let request: string | undefined;
    let path: string | undefined;
    let query: string | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const raw = this.values[i];
      if (raw === undefined) continue;
      const role = (tokens[i] as FieldToken).role;
      switch (role) {
        case 'time_clf': {
          const ts = this.time(raw);
          if (ts === null) return { ok: false, reason: 'bad_timestamp' };
          hit.ts = ts;
          break;
        }
        case 'status': {
          const status = parseStatus(raw);
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
          if (raw === '-') break;
          const d = parseDuration(raw, role);
          if (d < 0) return { ok: false, reason: 'bad_number' };
          hit.durationMs = d;
          break;
        }
        case 'request':
          request = raw;
          break;
        case 'method':
          if (raw !== '-') hit.method = raw.toUpperCase();
          break;
        case 'target':
        case 'path':
          if (raw !== '-') path = raw;
          break;
        case 'query':
          if (raw !== '-' && raw !== '') query = raw.startsWith('?') ? raw.slice(1) : raw;
          break;
        default:
          assignText(hit, role, raw);
      }
    }
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

  private time(raw: string): number | null {
    if (raw === this.lastTimeText) return this.lastTime;
    const ts = parseClfTime(raw, this.ctx.zone);
    if (ts !== null) {
      this.lastTimeText = raw;
      this.lastTime = ts;
    }
    return ts;
  }
}

function assignText(hit: ParsedHit, role: FieldRole, raw: string): void {
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

/** Matches a literal where each run of blanks matches one or more blanks; returns the end or -1. */
function matchLiteral(line: string, pos: number, text: string): number {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (isBlank(c)) {
      if (!isBlank(line.charCodeAt(pos))) return -1;
      while (isBlank(line.charCodeAt(pos))) pos++;
      while (k + 1 < text.length && isBlank(text.charCodeAt(k + 1))) k++;
    } else {
      if (line.charCodeAt(pos) !== c) return -1;
      pos++;
    }
  }
  return pos;
}

function plainEnd(line: string, pos: number, next: Token | undefined): number {
  if (next?.kind === 'literal' && !isBlank(next.text.charCodeAt(0))) {
    const end = line.indexOf(next.text[0]!, pos);
    return end < 0 ? line.length : end;
  }
  let end = pos;
  while (end < line.length && !isBlank(line.charCodeAt(end))) end++;
  return end;
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

/** A byte count: digits, or `-` for zero; -1 when invalid. */
export function parseCount(raw: string): number {
  return raw === '-' ? 0 : parseDigits(raw, 15);
}

function parseDuration(raw: string, role: 'duration_us' | 'duration_ms' | 'duration_s'): number {
  if (!/^\d{1,15}(\.\d{1,9})?$/.test(raw)) return -1;
  const value = Number(raw);
  const ms = role === 'duration_us' ? value / 1000 : role === 'duration_s' ? value * 1000 : value;
  // int32 column: clamp absurd values rather than overflow.
  return Math.min(Math.round(ms), 2_147_483_647);
}
