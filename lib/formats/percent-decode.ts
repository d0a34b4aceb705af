/**
 * Tolerant percent-decoding: malformed `%` sequences stay as they are and invalid UTF-8 becomes
 * U+FFFD, so a hostile URL can neither crash the pipeline nor hide PII behind one more encoding.
 */

export function decodePercent(text: string, plusAsSpace = false): string {
  const input = plusAsSpace && text.indexOf('+') >= 0 ? text.replace(/\+/g, ' ') : text;
  if (input.indexOf('%') < 0) return input;
  try {
    return decodeURIComponent(input);
  } catch {
    return decodeLeniently(input);
  }
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function decodeLeniently(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 37 && i + 2 < text.length) {
      const hi = hexValue(text.charCodeAt(i + 1));
      const lo = hexValue(text.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes.push(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    if (c < 128) {
      bytes.push(c);
    } else {
      // Re-encode non-ASCII characters (including surrogate pairs) as UTF-8.
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Decodes until nothing changes (at most `rounds` times): `%2540` → `%40` → `@`. Used to look for
 * PII behind double encoding; the once-decoded form is what gets written.
 */
export function decodeFully(text: string, plusAsSpace = false, rounds = 4): string {
  // `+` means space only in the raw form: a `+` that decoding produced (from %2B) is a plus.
  let current = decodePercent(text, plusAsSpace);
  for (let i = 1; i < rounds; i++) {
    if (current.indexOf('%') < 0) break;
    const next = decodePercent(current);
    if (next === current) break;
    current = next;
  }
  return current;
}
