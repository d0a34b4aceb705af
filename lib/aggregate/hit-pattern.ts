/**
 * The pattern a goal or a funnel step matches (docs/tables.md, "Goals and funnels"):
 * `[METHOD ]PATH[?name=value&…][ STATUS]`, e.g. `/checkout/confirm`, `/products/**`,
 * `POST /cart/add 3xx`, `/signup?plan=pro`.
 *
 * - PATH is matched against the generalized path the events hold, letters without regard to case;
 *   `*` stands for one whole segment (one character or more, no `/`), a final `**` for the rest of
 *   the path (`/products/**` matches every path under `/products/`, not `/products` itself).
 * - Query parameters match the kept query (only allow-listed parameters are kept, so only those may
 *   be named); every one named must be there with that value.
 * - Without METHOD and STATUS the pattern matches page views. With either, it matches any hit that is
 *   not a bot's (a form post, a redirect, a download) with that method and status: an exact code
 *   (`302`) or a class (`3xx`).
 *
 * A pattern is checked once, when the configuration is read, and then compiled twice: to a test on a
 * hit (the in-memory fast path) and to an SQL condition (the tables' SQL); the two are proven equal
 * by test/aggregate/sql-equals-js.test.ts.
 */

export interface HitPattern {
  /** The pattern as written back by `patternText` (the `step` column of funnels_daily). */
  readonly text: string;
  /** Upper case, or null: any method (page views: GET). */
  readonly method: string | null;
  /** Inclusive status range, or null. */
  readonly status: { readonly from: number; readonly to: number } | null;
  /**
   * The path split at `/`, lower case, after the leading empty part: a literal segment, `*` (one
   * segment) or, last only, `**` (the rest).
   */
  readonly segments: readonly string[];
  /** `name=value` pairs, lower case. */
  readonly query: readonly string[];
}

export class PatternError extends Error {
  override name = 'PatternError';
}

const ONE = '*';
const REST = '**';
const METHOD = /^[A-Za-z]{1,16}$/;
const STATUS = /^([1-5])(?:xx|XX)$|^([1-5]\d\d)$/;
const QUERY_PART = /^[A-Za-z0-9._~-]+$/;
/** Characters a path literal may not hold: they delimit the pattern or have no place in a path. */
const FORBIDDEN = /[\s?#>[\]'"\\*\p{Cc}]/u;

/** A pattern's pieces, checked; `allowedParams` are the kept query parameters (lower case). */
export function parseHitPattern(written: string, allowedParams: ReadonlySet<string>): HitPattern {
  const words = written.trim().split(/\s+/);
  if (words.length === 0 || words[0] === '') throw new PatternError('the pattern is empty');
  let method: string | null = null;
  let status: HitPattern['status'] = null;
  if (!words[0]!.startsWith('/')) {
    if (words.length === 1) throw new PatternError(`the path "${words[0]}" must start with /`);
    const first = words.shift()!;
    if (!METHOD.test(first))
      throw new PatternError(`"${first}" is neither a method (GET, POST, …) nor a path starting with /`);
    method = first.toUpperCase();
  }
  if (words.length > 2 || words[1]?.startsWith('/')) throw new PatternError('write one path, without spaces');
  if (words.length > 1) {
    const last = words.pop()!;
    const m = STATUS.exec(last);
    if (!m) throw new PatternError(`"${last}" is not a status: write a code (302) or a class (3xx)`);
    status = m[1] ? { from: Number(m[1]) * 100, to: Number(m[1]) * 100 + 99 } : { from: +m[2]!, to: +m[2]! };
  }
  if (words.length !== 1) throw new PatternError('write one path, without spaces');
  const target = words[0]!;
  if (!target.startsWith('/')) throw new PatternError(`the path "${target}" must start with /`);
  const mark = target.indexOf('?');
  const rawPath = mark < 0 ? target : target.slice(0, mark);
  const query = mark < 0 ? [] : parseQuery(target.slice(mark + 1), allowedParams);
  return finish({ method, status, segments: parseSegments(rawPath), query });
}

function parseSegments(rawPath: string): string[] {
  const segments = rawPath
    .slice(1)
    .split('/')
    .map((segment, i, all) => {
      if (segment === REST) {
        if (i !== all.length - 1) throw new PatternError('** may only be the last segment');
        return REST;
      }
      if (segment === ONE) return ONE;
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        throw new PatternError(`a segment of the path is not valid percent-encoding`);
      }
      if (decoded.includes('*')) throw new PatternError('* and ** stand for whole segments: /products/*');
      if (FORBIDDEN.test(decoded) || decoded.includes('/'))
        throw new PatternError('the path holds a character a path cannot (space, quote, ?, #, >, [, ], \\)');
      return decoded.toLowerCase();
    });
  return segments;
}

function parseQuery(text: string, allowed: ReadonlySet<string>): string[] {
  if (text === '') throw new PatternError('nothing follows ? in the pattern');
  return text.split('&').map((pair) => {
    const [name = '', value, extra] = pair.split('=');
    if (value === undefined || extra !== undefined || !QUERY_PART.test(name) || !QUERY_PART.test(value))
      throw new PatternError('query parameters are written name=value (letters, digits, . _ ~ -)');
    const key = name.toLowerCase();
    if (!allowed.has(key))
      throw new PatternError(
        `the query parameter ${key} is not kept, so it can never match: allow it with --allow-param ${key}`,
      );
    return `${key}=${value.toLowerCase()}`;
  });
}

function finish(p: Omit<HitPattern, 'text'>): HitPattern {
  const path = `/${p.segments.join('/')}`;
  const query = p.query.length > 0 ? `?${p.query.join('&')}` : '';
  const status =
    p.status === null
      ? ''
      : p.status.from === p.status.to
        ? ` ${p.status.from}`
        : ` ${p.status.from / 100}xx`;
  return { ...p, text: `${p.method === null ? '' : `${p.method} `}${path}${query}${status}` };
}

/** Whether the pattern matches page views only (no method, no status). */
export function matchesPageViews(p: HitPattern): boolean {
  return p.method === null && p.status === null;
}

/** The hit a pattern is tested on (its bot and page-view verdicts are the aggregation's). */
export interface PatternHit {
  readonly method: string;
  readonly path: string;
  readonly query: string | null;
  readonly status: number;
  readonly pageView: boolean;
  readonly bot: boolean;
}

/** The path part of a pattern as a test on a path (generalized, as events hold it). */
export function pathTest(p: HitPattern): (path: string) => boolean {
  const rest = p.segments[p.segments.length - 1] === REST;
  const fixed = rest ? p.segments.length - 1 : p.segments.length;
  return (path) => {
    const parts = path.toLowerCase().split('/');
    // parts[0] is what comes before the first `/`: empty for every path.
    if (parts[0] !== '') return false;
    const slashes = parts.length - 1;
    if (rest ? slashes < fixed + 1 : slashes !== fixed) return false;
    for (let i = 0; i < fixed; i++) {
      const want = p.segments[i]!;
      const got = parts[i + 1]!;
      if (want === ONE ? got === '' : got !== want) return false;
    }
    return true;
  };
}

/** The query part of a pattern as a test on a kept query (`name=value&…`, or null). */
export function queryTest(p: HitPattern): (query: string | null) => boolean {
  const needles = p.query.map((pair) => `&${pair}&`);
  return (query) => {
    if (needles.length === 0) return true;
    const padded = `&${(query ?? '').toLowerCase()}&`;
    return needles.every((needle) => padded.includes(needle));
  };
}

/** The pattern as a test on a hit. */
export function hitTest(p: HitPattern): (hit: PatternHit) => boolean {
  const pageViews = matchesPageViews(p);
  const path = pathTest(p);
  const query = queryTest(p);
  return (hit) => {
    if (pageViews ? !hit.pageView : hit.bot) return false;
    if (p.method !== null && hit.method.toUpperCase() !== p.method) return false;
    if (p.status !== null && (hit.status < p.status.from || hit.status > p.status.to)) return false;
    return path(hit.path) && query(hit.query);
  };
}

/** A string as an SQL literal. */
export function sqlLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The pattern as an SQL condition over a row with the columns `method`, `path`, `query`, `status`,
 * `page_view` and `bot` (hits.sql), in the common subset of Trino and DuckDB: `split_part` is
 * 1-based in both (past the last part Trino gives null and DuckDB '', and neither equals a
 * segment), and the number of `/` is counted with `replace`, which both have.
 */
export function sqlCondition(p: HitPattern): string {
  const rest = p.segments[p.segments.length - 1] === REST;
  const fixed = rest ? p.segments.length - 1 : p.segments.length;
  const terms: string[] = [matchesPageViews(p) ? 'page_view' : 'NOT bot'];
  if (p.method !== null) terms.push(`upper(method) = ${sqlLiteral(p.method)}`);
  if (p.status !== null) terms.push(`status BETWEEN ${p.status.from} AND ${p.status.to}`);
  terms.push("substr(path, 1, 1) = '/'");
  terms.push(
    `length(path) - length(replace(path, '/', '')) ${rest ? '>=' : '='} ${rest ? fixed + 1 : fixed}`,
  );
  p.segments.slice(0, fixed).forEach((want, i) => {
    const part = `split_part(lower(path), '/', ${i + 2})`;
    terms.push(want === ONE ? `${part} <> ''` : `${part} = ${sqlLiteral(want)}`);
  });
  for (const pair of p.query)
    terms.push(`strpos('&' || lower(coalesce(query, '')) || '&', ${sqlLiteral(`&${pair}&`)}) > 0`);
  return `(${terms.join(' AND ')})`;
}
