/**
 * One JSON object per line (nginx `escape=json`, Caddy, Traefik, click-stream and cookie logs).
 * Common field names are found automatically (docs/formats.md), nested objects by dotted paths
 * (`request.headers.User-Agent`), header arrays by their first value, numbers written as strings
 * as numbers; `--json-map field=path` names the rest.
 */
import { parseClfTime } from './clf-time.ts';
import { parseEpochText, parseEpochTime, parseIsoTime } from './iso-time.ts';
import { emptyHit, type ParseResult } from './parsed-hit.ts';
import { splitRequestLine } from './request-line.ts';
import { type LineParser, type ParseContext, parseCount, parseDuration, parseStatus } from './tokenizer.ts';

export const JSON_FIELDS = [
  'time',
  'ip',
  'request',
  'method',
  'url',
  'query',
  'status',
  'bytes',
  'referrer',
  'user_agent',
  'host',
  'cookie',
  'gpc',
  'dnt',
  'user',
  'forwarded_for',
  'duration_s',
  'duration_ms',
  'duration_ns',
] as const;

export type JsonField = (typeof JSON_FIELDS)[number];

/** Where each field is looked for, first hit wins. */
export const JSON_AUTO_MAP: Readonly<Record<JsonField, readonly string[]>> = {
  time: ['time', 'timestamp', '@timestamp', 'ts', 'date', 'time_iso8601', 'time_local', 'msec', 'datetime'],
  ip: [
    'remote_addr',
    'client_ip',
    'ip',
    'clientip',
    'ClientHost',
    'c-ip',
    'request.client_ip',
    'request.remote_ip',
    'remote_ip',
  ],
  request: ['request'],
  method: ['method', 'request_method', 'RequestMethod', 'request.method', 'cs-method'],
  url: ['url', 'uri', 'request_uri', 'path', 'RequestPath', 'request.uri', 'request.path', 'cs-uri-stem'],
  query: ['query', 'args', 'query_string', 'cs-uri-query'],
  status: ['status', 'status_code', 'DownstreamStatus', 'sc-status', 'response.status'],
  bytes: ['bytes', 'body_bytes_sent', 'length', 'size', 'bytes_sent', 'DownstreamContentSize', 'sc-bytes'],
  referrer: [
    'http_referer',
    'referrer',
    'referer',
    'request_Referer',
    'request.headers.Referer',
    'cs(Referer)',
  ],
  user_agent: [
    'http_user_agent',
    'user_agent',
    'ua',
    'request_User-Agent',
    'request.headers.User-Agent',
    'cs(User-Agent)',
  ],
  host: ['host', 'http_host', 'RequestHost', 'request.host', 'x-host-header', 'server_name'],
  cookie: ['http_cookie', 'cookie', 'cookies', 'request.headers.Cookie', 'cs(Cookie)'],
  gpc: ['gpc', 'http_sec_gpc', 'sec_gpc', 'request.headers.Sec-Gpc'],
  dnt: ['dnt', 'http_dnt', 'request.headers.Dnt'],
  user: ['remote_user', 'user', 'ClientUsername', 'user_id', 'cs-username'],
  forwarded_for: ['http_x_forwarded_for', 'x_forwarded_for', 'request.headers.X-Forwarded-For'],
  duration_s: ['request_time', 'duration'],
  duration_ms: ['duration_ms', 'time-taken-ms'],
  duration_ns: ['Duration'],
};

export class JsonMapError extends Error {
  override name = 'JsonMapError';
}

/** Parses `field=path` options into overrides of the automatic map. */
export function parseJsonMap(entries: readonly string[]): Partial<Record<JsonField, string>> {
  const map: Partial<Record<JsonField, string>> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const name = entry.slice(0, eq).trim() as JsonField;
    const path = entry.slice(eq + 1).trim();
    if (eq <= 0 || path.length === 0)
      throw new JsonMapError(`--json-map "${entry}" needs the form FIELD=PATH`);
    if (!JSON_FIELDS.includes(name)) {
      throw new JsonMapError(`--json-map: unknown field "${name}" (known: ${JSON_FIELDS.join(', ')})`);
    }
    map[name] = path;
  }
  return map;
}

type Json = unknown;

function lookup(obj: Record<string, Json>, path: string): Json {
  if (path in obj) return obj[path];
  if (path.indexOf('.') < 0) return undefined;
  let current: Json = obj;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, Json>)[part];
  }
  return current;
}

/** A scalar as text: header arrays give their first value; objects and empty values give null. */
function text(value: Json): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v === 'string') return v.length > 0 && v !== '-' ? v : null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  return null;
}

export class JsonParser implements LineParser {
  readonly name = 'json';
  readonly leftover = 0;
  private readonly paths: Record<JsonField, readonly string[]>;

  constructor(
    private readonly ctx: ParseContext,
    overrides: Partial<Record<JsonField, string>> = {},
  ) {
    const paths = { ...JSON_AUTO_MAP } as Record<JsonField, readonly string[]>;
    for (const [k, v] of Object.entries(overrides)) paths[k as JsonField] = [v];
    this.paths = paths;
  }

  private get(obj: Record<string, Json>, name: JsonField): Json {
    for (const path of this.paths[name]) {
      const value = lookup(obj, path);
      if (value !== undefined && value !== null) return value;
    }
    return undefined;
  }

  parse(line: string): ParseResult {
    const start = line.search(/\S/);
    if (start < 0 || line.charCodeAt(start) !== 123) return { ok: false, reason: 'bad_json' };
    let parsed: Json;
    try {
      parsed = JSON.parse(line);
    } catch {
      // Tolerate text after the object (a truncated concatenation, a trailing marker).
      const end = line.lastIndexOf('}');
      try {
        parsed = end > start ? JSON.parse(line.slice(start, end + 1)) : undefined;
      } catch {
        parsed = undefined;
      }
      if (parsed === undefined) return { ok: false, reason: 'bad_json' };
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      return { ok: false, reason: 'bad_json' };
    const obj = parsed as Record<string, Json>;
    const hit = emptyHit();

    const time = this.get(obj, 'time');
    if (time === undefined) return { ok: false, reason: 'missing_field' };
    const ts = this.time(time);
    if (ts === null) return { ok: false, reason: 'bad_timestamp' };
    hit.ts = ts;

    const request = text(this.get(obj, 'request'));
    const url = text(this.get(obj, 'url'));
    if (url !== null) {
      const query = text(this.get(obj, 'query'));
      hit.target = query && url.indexOf('?') < 0 ? `${url}?${query.replace(/^\?/, '')}` : url;
      hit.method = (text(this.get(obj, 'method')) ?? 'GET').toUpperCase();
    } else if (request !== null) {
      const r = splitRequestLine(request);
      hit.method = r.method;
      hit.target = r.target;
    } else {
      return { ok: false, reason: 'missing_field' };
    }

    const status = text(this.get(obj, 'status'));
    if (status !== null) {
      const n = parseStatus(status);
      if (n < 0) return { ok: false, reason: 'bad_status' };
      hit.status = n;
    } else {
      // Click-stream and cookie logs record page loads, not responses.
      hit.status = 200;
    }
    const bytes = text(this.get(obj, 'bytes'));
    if (bytes !== null) {
      const n = parseCount(bytes);
      if (n < 0) return { ok: false, reason: 'bad_number' };
      hit.bytes = n;
    }
    const duration = this.duration(obj);
    if (duration === -1) return { ok: false, reason: 'bad_number' };
    hit.durationMs = duration;

    hit.clientIp = text(this.get(obj, 'ip')) ?? '';
    hit.forwardedFor = text(this.get(obj, 'forwarded_for'));
    hit.user = text(this.get(obj, 'user'));
    hit.referrer = text(this.get(obj, 'referrer'));
    hit.userAgent = text(this.get(obj, 'user_agent'));
    hit.host = text(this.get(obj, 'host'));
    const cookies = this.get(obj, 'cookie');
    hit.cookies = cookieHeader(cookies);
    hit.gpc = flag(this.get(obj, 'gpc'));
    hit.dnt = flag(this.get(obj, 'dnt'));
    return { ok: true, hit };
  }

  private time(value: Json): number | null {
    if (typeof value === 'number') return parseEpochTime(value);
    const t = text(value);
    if (t === null) return null;
    if (/^\d/.test(t) && t.length > 4 && t[4] === '-') return parseIsoTime(t, this.ctx.zone);
    if (/^\d{1,2}\/[A-Za-z]{3}\//.test(t)) return parseClfTime(t.replace(/^\[|\]$/g, ''), this.ctx.zone);
    return parseEpochText(t);
  }

  /** Duration in ms, null when absent, -1 when not a number. */
  private duration(obj: Record<string, Json>): number | null {
    for (const [name, role] of [
      ['duration_ms', 'duration_ms'],
      ['duration_s', 'duration_s'],
    ] as const) {
      const t = text(this.get(obj, name));
      if (t !== null) {
        const d = parseDuration(t, role);
        return d < 0 ? -1 : d;
      }
    }
    const ns = text(this.get(obj, 'duration_ns'));
    if (ns === null) return null;
    const d = parseDuration(ns, 'duration_us');
    return d < 0 ? -1 : Math.round(d / 1000);
  }
}

function flag(value: Json): boolean {
  const t = text(value);
  return t === '1' || t === 'true';
}

/** A Cookie header from a string, an array of headers, or an object of name → value. */
function cookieHeader(value: Json): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const pairs = Object.entries(value as Record<string, Json>).flatMap(([k, v]) => {
      const t = text(v);
      return t === null ? [] : [`${k}=${t}`];
    });
    return pairs.length > 0 ? pairs.join('; ') : null;
  }
  if (Array.isArray(value)) {
    const parts = value.filter((v): v is string => typeof v === 'string');
    return parts.length > 0 ? parts.join('; ') : null;
  }
  return text(value);
}
