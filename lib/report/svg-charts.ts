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
// Room on the left for tick labels drawn large on a phone (see the report CSS).
const PAD = { left: 84, right: 28, top: 22, bottom: 40 };

/** A round axis maximum (1, 2 or 5 × 10ⁿ) at or above `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

/**
 * Axis ticks at round numbers from 0 to `niceMax(max)`: a step of 1, 2 or 5 × 10ⁿ giving four to
 * six intervals (0, 500, 1,000, 1,500, 2,000 — not 0, 1.3K, 2.5K, 3.8K).
 */
export function axisTicks(max: number): number[] {
  const top = niceMax(max);
  const magnitude = 10 ** Math.floor(Math.log10(top));
  let step = magnitude;
  for (const s of [0.1, 0.2, 0.25, 0.5, 1, 2]) {
    const candidate = s * magnitude;
    if (top / candidate <= 6 && Number.isInteger(candidate)) {
      step = candidate;
      break;
    }
  }
  // Whole numbers only: a count axis has no 0.5.
  if (step < 1) step = 1;
  const ticks: number[] = [];
  for (let t = 0; t <= top + 1e-9; t += step) ticks.push(Math.round(t));
  return ticks;
}

/** A tick label: exact thousands as `1K`, `1.5K`; anything else in full (`1,250`). */
export function tickLabel(value: number): string {
  if (value >= 1_000_000 && value % 100_000 === 0) return `${value / 1_000_000}M`;
  if (value >= 1_000 && value % 100 === 0) return `${value / 1_000}K`;
  return value.toLocaleString('en-US');
}

export function lineChart(title: string, labels: readonly string[], series: readonly LineSeries[]): Html {
  const ticks = axisTicks(Math.max(0, ...series.flatMap((s) => s.values)));
  const max = ticks[ticks.length - 1]!;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (labels.length <= 1 ? plotW / 2 : (i * plotW) / (labels.length - 1));
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const labelEvery = Math.max(1, Math.ceil(labels.length / 8));
  const fixed = (v: number) => v.toFixed(1);
  return html`<figure class="chart">
<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${title}" preserveAspectRatio="xMidYMid meet">
${ticks.map(
  (t) =>
    html`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${fixed(y(t))}" y2="${fixed(y(t))}"/><text class="axis" x="${PAD.left - 6}" y="${fixed(y(t) + 4)}" text-anchor="end">${tickLabel(t)}</text>`,
)}
${labels.map((label, i) =>
  i % labelEvery === 0
    ? html`<text class="axis${(i / labelEvery) % 2 === 1 ? ' every2' : ''}" x="${fixed(x(i))}" y="${HEIGHT - 6}" text-anchor="middle">${shortLabel(label)}</text>`
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
