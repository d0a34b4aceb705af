/** Removes e-mail addresses (including quoted local parts and IP-literal domains) → `[email]`. */
import { type Detector, replaceSpans } from './detector.ts';

const MAX_LOCAL = 64;
const MAX_DOMAIN = 255;

// Characters that end a local part when scanning left from '@': whitespace and the specials of
// RFC 5322 that cannot appear unquoted. `/ ? & =` are legal in addresses, so a URL such as
// `?to=x@y.z` loses a little more than the address: privacy first.
function stopsLocal(c: number): boolean {
  return (
    c <= 32 ||
    c === 60 || // <
    c === 62 || // >
    c === 40 || // (
    c === 41 || // )
    c === 91 || // [
    c === 93 || // ]
    c === 44 || // ,
    c === 59 || // ;
    c === 58 || // :
    c === 34 || // "
    c === 92 || // \
    c === 64 || // @
    c === 0xa0 ||
    c === 0x3000
  );
}

function isDomainChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 45 ||
    c === 46 ||
    c === 95 ||
    (c > 127 && c !== 0xa0 && c !== 0x3000 && c !== 0xfffd)
  );
}

/** Finds [start, end) of each address by scanning around every '@' (linear, no regex backtracking). */
export function findEmails(text: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  let at = text.indexOf('@');
  let floor = 0;
  while (at >= 0) {
    let start = at;
    if (at > 0 && text.charCodeAt(at - 1) === 34) {
      // Quoted local part: "…"@domain
      const open = text.lastIndexOf('"', at - 2);
      if (open >= floor && at - open <= MAX_LOCAL + 2) start = open;
    }
    if (start === at) {
      while (start > floor && at - start < MAX_LOCAL && !stopsLocal(text.charCodeAt(start - 1))) start--;
    }
    let end = at + 1;
    if (text.charCodeAt(end) === 91) {
      const close = text.indexOf(']', end);
      end = close > 0 && close - at < 50 ? close + 1 : end;
    } else {
      while (end < text.length && end - at <= MAX_DOMAIN && isDomainChar(text.charCodeAt(end))) end++;
      // A trailing dot or dash ends the sentence, not the domain.
      while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
    }
    if (start < at && end > at + 1 && plausibleDomain(text.slice(at + 1, end))) {
      found.push([start, end]);
      floor = end;
    }
    at = text.indexOf('@', Math.max(at + 1, floor));
  }
  return found;
}

function plausibleDomain(domain: string): boolean {
  if (domain.startsWith('[')) return domain.endsWith(']');
  const dot = domain.lastIndexOf('.');
  if (dot <= 0) return false;
  const tld = domain.slice(dot + 1);
  // Letters (any script) or an IPv4's last octet: email@255.255.255.255.
  return (
    tld.length >= 1 && (/^[0-9]{1,3}$/.test(tld) ? /^(\d{1,3}\.){3}\d{1,3}$/.test(domain) : tld.length >= 2)
  );
}

export const emailDetector: Detector = {
  kind: 'email',
  replace: (text) => (text.indexOf('@') < 0 ? text : replaceSpans(text, findEmails(text), '[email]')),
};
