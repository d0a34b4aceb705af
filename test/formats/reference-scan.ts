/**
 * The tokenizer's delimiting step as an interpreter, token by token: the reference the compiled scans
 * (lib/formats/compiled-scan.ts) were built from and are proven equal to. Test-only: it is the
 * readable statement of what the generated code must do, kept from the tokenizer before it was compiled.
 */
import { FAIL_PREFIX } from '../../lib/formats/compiled-scan.ts';
import type { ScanPlan } from '../../lib/formats/tokenizer.ts';

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
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

function plainEnd(
  line: string,
  pos: number,
  next: ScanPlan['tokens'][number] | undefined,
  words: number,
): number {
  if (next?.kind === 'literal' && !isBlank(next.text.charCodeAt(0))) {
    const end = line.indexOf(next.text[0]!, pos);
    return end < 0 ? line.length : end;
  }
  let end = pos;
  for (let w = 0; w < words; w++) {
    if (w > 0) {
      if (!isBlank(line.charCodeAt(end))) break;
      while (isBlank(line.charCodeAt(end))) end++;
    }
    while (end < line.length && !isBlank(line.charCodeAt(end))) end++;
  }
  return end;
}

/** Delimits tokens [from, to) from `pos`; returns the end position or FAIL_PREFIX + token index. */
export function referenceScan(
  plan: ScanPlan,
  line: string,
  from: number,
  to: number,
  pos: number,
  values: (string | undefined)[],
): number {
  const tokens = plan.tokens;
  const len = line.length;
  const canFollow = (at: number, next: number): boolean => {
    const atBoundary = at >= len || isBlank(line.charCodeAt(at));
    if (next >= to) return atBoundary;
    const lit = tokens[next]!;
    if (lit.kind !== 'literal') return false;
    const after = matchLiteral(line, at, lit.text);
    if (after < 0) return next >= plan.optionalFrom && atBoundary;
    const following = tokens[next + 1];
    if (following?.kind !== 'field') return true;
    if (after >= len) return false;
    if (following.quoted) return line.charCodeAt(after) === 34;
    if (following.bracketed) return line.charCodeAt(after) === 91;
    return true;
  };
  const closingQuote = (start: number, index: number): number => {
    let q = line.indexOf('"', start);
    while (q >= 0) {
      let backslashes = 0;
      for (let k = q - 1; k >= start && line.charCodeAt(k) === 92; k--) backslashes++;
      if (backslashes % 2 === 0 && canFollow(q + 1, index + 1)) return q;
      q = line.indexOf('"', q + 1);
    }
    return -1;
  };
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.kind === 'literal') {
      const end = matchLiteral(line, pos, t.text);
      if (end < 0) return FAIL_PREFIX + (tokens[i + 1] ? i + 1 : i);
      pos = end;
      continue;
    }
    if (pos >= len) return FAIL_PREFIX + i;
    if (t.quoted || (t.optionalQuotes && line.charCodeAt(pos) === 34)) {
      if (line.charCodeAt(pos) !== 34) return FAIL_PREFIX + i;
      const close = closingQuote(pos + 1, i);
      if (close < 0) return FAIL_PREFIX + i;
      values[i] = line.slice(pos + 1, close);
      pos = close + 1;
    } else if (t.bracketed) {
      if (line.charCodeAt(pos) !== 91) return FAIL_PREFIX + i;
      const close = line.indexOf(']', pos + 1);
      if (close < 0) return FAIL_PREFIX + i;
      values[i] = line.slice(pos + 1, close);
      pos = close + 1;
    } else {
      const end = plainEnd(line, pos, tokens[i + 1], plan.words[i]!);
      if (end <= pos) return FAIL_PREFIX + i;
      values[i] = line.slice(pos, end);
      pos = end;
    }
  }
  return pos;
}
