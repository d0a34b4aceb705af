/** The shape every PII detector shares, and the one helper they use to replace what they find. */

export type DetectorKind = 'token' | 'aws-key' | 'email' | 'iban' | 'card' | 'ip' | 'phone';

export interface Detector {
  readonly kind: DetectorKind;
  /** Replaces every occurrence with the detector's placeholder, e.g. `[email]`. */
  replace(text: string): string;
}

/**
 * Replaces matches of a global regex that pass `accept`. Regexes given here must run in linear time
 * (bounded quantifiers, no nested repetition): they see attacker-controlled text.
 */
export function replaceMatches(
  text: string,
  pattern: RegExp,
  placeholder: string,
  accept: (match: string) => boolean = () => true,
): string {
  pattern.lastIndex = 0;
  let out = '';
  let last = 0;
  let changed = false;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const match = m[0];
    if (match.length === 0) {
      pattern.lastIndex++;
      continue;
    }
    if (!accept(match)) continue;
    out += text.slice(last, m.index) + placeholder;
    last = m.index + match.length;
    changed = true;
  }
  return changed ? out + text.slice(last) : text;
}

/** Replaces each [start, end) span (sorted, non-overlapping) with the placeholder. */
export function replaceSpans(
  text: string,
  spans: ReadonlyArray<readonly [number, number]>,
  placeholder: string,
): string {
  if (spans.length === 0) return text;
  let out = '';
  let last = 0;
  for (const [start, end] of spans) {
    out += text.slice(last, start) + placeholder;
    last = end;
  }
  return out + text.slice(last);
}
