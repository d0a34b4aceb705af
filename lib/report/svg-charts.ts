/**
 * Inline SVG charts: no library, no script, colours from CSS variables so light and dark mode both
 * read well. Labels go through the `html` tag like every other value.
 */
import { type Html, html } from './html.ts';

export interface LineSeries {
  readonly name: string;
  /** CSS class that sets the stroke colour (`s1`, `s2`, …). */
  readonly className: string;
  readonly values: readonly number[];
}

const WIDTH = 860;
const HEIGHT = 240;
const PAD = { left: 56, right: 28, top: 12, bottom: 34 };

/** A round axis maximum (1, 2 or 5 × 10ⁿ) at or above `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export function lineChart(title: string, labels: readonly string[], series: readonly LineSeries[]): Html {
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (labels.length <= 1 ? plotW / 2 : (i * plotW) / (labels.length - 1));
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const labelEvery = Math.max(1, Math.ceil(labels.length / 8));
  const fixed = (v: number) => v.toFixed(1);
  return html`<figure class="chart">
<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${title}" preserveAspectRatio="xMidYMid meet">
${ticks.map(
  (t) =>
    html`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${fixed(y(t))}" y2="${fixed(y(t))}"/><text class="axis" x="${PAD.left - 6}" y="${fixed(y(t) + 4)}" text-anchor="end">${compact.format(t)}</text>`,
)}
${labels.map((label, i) =>
  i % labelEvery === 0
    ? html`<text class="axis" x="${fixed(x(i))}" y="${HEIGHT - 12}" text-anchor="middle">${shortLabel(label)}</text>`
    : '',
)}
${series.map(
  (s) =>
    html`<polyline class="line ${s.className}" fill="none" points="${s.values.map((v, i) => `${fixed(x(i))},${fixed(y(v))}`).join(' ')}"><title>${s.name}</title></polyline>
${s.values.map((v, i) => html`<circle class="dot ${s.className}" cx="${fixed(x(i))}" cy="${fixed(y(v))}" r="2.5"><title>${labels[i]}: ${s.name} ${v.toLocaleString('en-US')}</title></circle>`)}`,
)}
</svg>
<figcaption>${series.map((s) => html`<span class="key ${s.className}">${s.name}</span>`)}</figcaption>
</figure>`;
}

/** `2026-11-01 13:00` → `11-01 13h`; `2026-11-01` → `11-01`. */
function shortLabel(label: string): string {
  const [day, time] = label.split(' ');
  const md = day!.slice(5);
  return time ? `${md} ${time.slice(0, 2)}h` : md;
}

/** A horizontal bar for a table cell: the share of the largest value in the column. */
export function bar(value: number, max: number): Html {
  const pct = max > 0 ? Math.max(0, Math.min(100, (100 * value) / max)) : 0;
  // An SVG rect rather than a style attribute: the page's CSP allows no inline style attributes.
  return html`<svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true"><rect width="${pct.toFixed(1)}" height="6"/></svg>`;
}
