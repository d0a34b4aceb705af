/**
 * What a format parser extracts from one log line, before any privacy rule runs. It holds personal
 * data (client IP, user name, cookies, raw user agent) and must never leave the process: only the
 * event builder reads it.
 */

export interface ParsedHit {
  /** Epoch milliseconds, UTC. */
  ts: number;
  /** Client address as logged (may carry a port or brackets); '' when the format has none. */
  clientIp: string;
  /** X-Forwarded-For as logged; its first address wins over clientIp when non-empty. */
  forwardedFor: string | null;
  /** `%u` / `$remote_user`: parsed so it can be dropped deliberately, never written. */
  user: string | null;
  /** Upper-case method, or '-' when the request could not be read. */
  method: string;
  /** Request target as logged (path, optional query, optional fragment); null when unreadable. */
  target: string | null;
  status: number;
  bytes: number;
  referrer: string | null;
  userAgent: string | null;
  /** Virtual host / Host header as logged; the site when present. */
  host: string | null;
  durationMs: number | null;
  /** Raw Cookie header, for visitor/opt-out cookies; never written. */
  cookies: string | null;
  gpc: boolean;
  dnt: boolean;
}

export const MALFORMED_REASONS = [
  'bad_request_line',
  'bad_timestamp',
  'bad_status',
  'bad_number',
  'too_long',
  'bad_json',
  'missing_field',
  'field_count',
] as const;

export type MalformedReason = (typeof MALFORMED_REASONS)[number];

/**
 * A parser's verdict on one line: a hit, a counted malformed reason, or a line to ignore (format
 * headers such as W3C `#Fields:`, and non-HTTP entries such as ELB TCP connections).
 */
export type ParseResult =
  | { readonly ok: true; readonly hit: ParsedHit }
  | { readonly ok: false; readonly reason: MalformedReason }
  | { readonly ok: false; readonly reason: 'ignored' };

export const IGNORED: ParseResult = { ok: false, reason: 'ignored' };

export function emptyHit(): ParsedHit {
  return {
    ts: 0,
    clientIp: '',
    forwardedFor: null,
    user: null,
    method: '-',
    target: null,
    status: 0,
    bytes: 0,
    referrer: null,
    userAgent: null,
    host: null,
    durationMs: null,
    cookies: null,
    gpc: false,
    dnt: false,
  };
}
