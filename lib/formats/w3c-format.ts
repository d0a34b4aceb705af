/**
 * W3C extended logs (IIS, NetScaler, SHOUTcast, CloudFront…): the `#Fields:` header names the columns,
 * and every time it appears (log files are often concatenated) a new spec for the shared tokenizer
 * is compiled from it. CloudFront values are URL-encoded (user agents even twice); other W3C writers
 * put `+` for spaces.
 */
import { CLOUDFRONT_LEGACY_FIELDS } from './aws-formats.ts';
import { IGNORED, type ParseResult } from './parsed-hit.ts';
import { type FieldRole, type FieldToken, field, literal, type Token } from './spec.ts';
import { checkSpec, type LineParser, type ParseContext, SpecParser } from './tokenizer.ts';

export type W3cFlavor = 'w3c' | 'cloudfront';

const ROLES: Readonly<Record<string, FieldRole>> = {
  date: 'w3c_date',
  'date-local': 'w3c_date',
  time: 'w3c_time',
  'time-local': 'w3c_time',
  timestamp: 'time_epoch',
  'timestamp(ms)': 'time_epoch',
  'c-ip': 'client_ip',
  'cs-username': 'user',
  'cs-method': 'method',
  'cs-uri-stem': 'path',
  'cs-uri-query': 'query',
  'sc-status': 'status',
  'c-status': 'status',
  'sc-bytes': 'bytes',
  'cs(user-agent)': 'user_agent',
  'cs(referer)': 'referrer',
  'cs(referrer)': 'referrer',
  'cs(cookie)': 'cookie',
  'cs-host': 'host',
  'cs(host)': 'host',
  'x-host-header': 'host',
  'x-forwarded-for': 'forwarded_for',
  'cs(x-forwarded-for)': 'forwarded_for',
  'time-taken': 'duration_ms',
  timetakenms: 'duration_ms',
};

function tokenFor(
  name: string,
  flavor: W3cFlavor,
  names: ReadonlySet<string>,
  takenInSeconds: boolean,
): FieldToken {
  let role = ROLES[name] ?? 'skip';
  if (name === 'time-taken' && (flavor === 'cloudfront' || takenInSeconds)) role = 'duration_s';
  // CloudFront's cs(Host) is the distribution domain; the site is the viewer's Host header.
  if (name === 'cs(host)' && names.has('x-host-header')) role = 'host_fallback';
  const textual =
    role === 'user_agent' || role === 'referrer' || role === 'cookie' || role === 'path' || role === 'query';
  let decode: FieldToken['decode'];
  if (flavor === 'cloudfront' && textual && role !== 'path' && role !== 'query') decode = 'url';
  else if (flavor === 'w3c' && role === 'user_agent') decode = 'plus';
  return field(role, false, false, { optionalQuotes: true, ...(decode ? { decode } : {}) });
}

export function w3cSpecTokens(
  fields: readonly string[],
  flavor: W3cFlavor,
  takenInSeconds: boolean,
): Token[] {
  const names = fields.map((f) => f.toLowerCase());
  const set = new Set(names);
  const tokens: Token[] = [];
  names.forEach((name, i) => {
    if (i > 0) tokens.push(literal(' '));
    tokens.push(tokenFor(name, flavor, set, takenInSeconds));
  });
  return tokens;
}

/** A W3C parser; with flavor `w3c` it calls itself `cloudfront` once CloudFront fields appear. */
export class W3cParser implements LineParser {
  private inner: SpecParser | null = null;
  private takenInSeconds = false;
  private detected: W3cFlavor;

  constructor(
    private readonly ctx: ParseContext,
    private readonly flavor: W3cFlavor,
  ) {
    this.detected = flavor;
    if (flavor === 'cloudfront') this.useFields(CLOUDFRONT_LEGACY_FIELDS);
  }

  get name(): string {
    return this.detected;
  }

  get leftover(): number {
    return this.inner?.leftover ?? 0;
  }

  parse(line: string): ParseResult {
    if (line.charCodeAt(0) === 35) {
      const header = /^#\s*([A-Za-z-]+):(.*)$/.exec(line);
      if (header) {
        const key = header[1]!.toLowerCase();
        const value = header[2]!.trim();
        if (key === 'software') this.takenInSeconds = /netscaler|shoutcast/i.test(value);
        if (key === 'fields') {
          const fields = value.split(/\s+/).filter((f) => f.length > 0 && f !== '\u200b');
          if (!this.useFields(fields)) return { ok: false, reason: 'field_count' };
        }
      }
      return IGNORED;
    }
    if (this.inner === null) return { ok: false, reason: 'missing_field' };
    const result = this.inner.parse(line);
    return result;
  }

  private useFields(fields: readonly string[]): boolean {
    const flavor: W3cFlavor =
      this.flavor === 'cloudfront' || fields.some((f) => f.toLowerCase() === 'x-edge-location')
        ? 'cloudfront'
        : 'w3c';
    const spec = { name: flavor, tokens: w3cSpecTokens(fields, flavor, this.takenInSeconds) };
    try {
      checkSpec(spec);
    } catch {
      this.inner = null;
      return false;
    }
    this.detected = flavor;
    this.inner = new SpecParser(spec, this.ctx);
    return true;
  }
}
