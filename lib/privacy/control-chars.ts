/**
 * Control characters (ESC, BEL, CR, …) kept percent-encoded in stored values: raw, they would let a
 * crafted request rewrite a terminal table, a CSV row or a report line that shows the value.
 */

const CONTROL = /[\x00-\x1f\x7f]/;
const CONTROLS = /[\x00-\x1f\x7f]/g;

export function escapeControls(text: string): string {
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROLS, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

// Control and zero-width characters: inserted inside a number or address they would hide it from the
// detectors while a reader could still see it.
const INVISIBLE = /[\x00-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]/;
const INVISIBLES = /[\x00-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]/g;

/** The text as the detectors must see it: without characters that do not show. */
export function stripInvisible(text: string): string {
  return INVISIBLE.test(text) ? text.replace(INVISIBLES, '') : text;
}
