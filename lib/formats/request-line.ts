/**
 * Splits a logged request line (`GET /path?q HTTP/1.1`) into method and target. A line that is `-`
 * or not an HTTP request (TLS handshakes, scanners' garbage) is still a hit, with method '-' and no
 * target, as docs/tables.md defines.
 */

export interface RequestLine {
  method: string;
  target: string | null;
}

const INVALID: RequestLine = { method: '-', target: null };
const MAX_METHOD = 24;

function isMethodChar(c: number): boolean {
  // RFC 9110 token characters that appear in real methods: letters, digits, '-' and '_'.
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;
}

export function splitRequestLine(request: string): RequestLine {
  const first = request.indexOf(' ');
  if (first <= 0 || first > MAX_METHOD) return INVALID;
  for (let i = 0; i < first; i++) if (!isMethodChar(request.charCodeAt(i))) return INVALID;
  let end = request.length;
  const last = request.lastIndexOf(' ');
  if (last > first && request.startsWith('HTTP/', last + 1)) end = last;
  const target = request.slice(first + 1, end).trim();
  if (target.length === 0 || !isTarget(target)) return INVALID;
  return { method: methodOf(request, first), target };
}

/** The upper-cased method that ends at `end` (a space); GET and POST, most lines, as shared constants. */
function methodOf(request: string, end: number): string {
  // No new string per line to upper-case here and hash again in every cache and dictionary after.
  if (
    end === 3 &&
    request.charCodeAt(0) === 71 &&
    request.charCodeAt(1) === 69 &&
    request.charCodeAt(2) === 84
  )
    return 'GET';
  if (end === 4 && request.startsWith('POST')) return 'POST';
  return request.slice(0, end).toUpperCase();
}

/** Origin-form (`/…`), absolute-form (`http://host/…`) or asterisk-form (`*`). */
export function isTarget(target: string): boolean {
  const c = target.charCodeAt(0);
  if (c === 47 || target === '*') return true;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
}
