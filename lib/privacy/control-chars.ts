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
