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

/** One step of a funnel chart: a bar, its label above, and the drop-off from the step before. */
export interface FunnelBar {
  readonly stepNumber: number;
  /** The step's label, e.g. `1. /products/**` (cut to fit; the whole text is the step's title). */
  readonly label: string;
  /** Sessions; null when the step was left out (fewer than k visitors). */
  readonly value: number | null;
  /** What the bar's end says: `491 sessions`, or why there is no bar. */
  readonly valueText: string;
  /** Drawn at the right end of the label line, e.g. `5.3% of step 1`. */
  readonly share: string;
  /** The step may be skipped: drawn lighter. */
  readonly optional: boolean;
  /** Sessions lost since the step the drop-off counts from; null when none is counted. */
  readonly dropped: number | null;
  /** The line drawn between this step and the one before it (drop-off, or why there is none). */
  readonly before: string;
}

// Drawn 480 units wide and shown at most 560 px wide: its 14-unit text stays at least 10 px tall
// scaled down to a phone and about 16 px on a wide screen.
const FUNNEL = { width: 480, valueWidth: 130, pad: 4, drop: 20, label: 19, bar: 22, gap: 8 };
const LABEL_CHARS = 58;
const LABEL_CHARS_WITH_SHARE = 40;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A funnel as horizontal bars, one per step, on a scale from 0 to its largest step (the first,
 * unless steps were left out); a step left out is a dashed empty box.
 */
export function funnelChart(title: string, description: string, bars: readonly FunnelBar[]): Html {
  const max = Math.max(0, ...bars.map((b) => b.value ?? 0));
  const plotW = FUNNEL.width - 2 * FUNNEL.pad - FUNNEL.valueWidth;
  let y = FUNNEL.pad;
  const parts: Html[] = [];
  bars.forEach((b, i) => {
    let drop: Html | string = '';
    if (i > 0) {
      drop = html`<text class="fdrop${b.dropped === null ? ' muted' : ''}" x="${FUNNEL.pad + 10}" y="${y + 14}">${b.before}</text>`;
      y += FUNNEL.drop;
    }
    const label = html`<text class="flabel" x="${FUNNEL.pad}" y="${y + 14}">${clip(b.label, b.share === '' ? LABEL_CHARS : LABEL_CHARS_WITH_SHARE)}</text>${
      b.share === ''
        ? ''
        : html`<text class="fshare" x="${FUNNEL.width - FUNNEL.pad}" y="${y + 14}" text-anchor="end">${b.share}</text>`
    }`;
    y += FUNNEL.label;
    const w = b.value === null || max === 0 ? 0 : Math.max(2, (b.value / max) * plotW);
    const rect =
      b.value === null
        ? html`<rect class="fbar left-out" x="${FUNNEL.pad + 0.5}" y="${y + 0.5}" width="21" height="${FUNNEL.bar - 1}"/>`
        : html`<rect class="fbar${b.optional ? ' optional' : ''}" x="${FUNNEL.pad}" y="${y}" width="${w.toFixed(1)}" height="${FUNNEL.bar}"/>`;
    const valueX = FUNNEL.pad + (b.value === null ? 22 : w) + 6;
    parts.push(
      html`<g class="fstep" data-step="${b.stepNumber}" data-sessions="${b.value === null ? '' : b.value}" data-dropped="${b.dropped === null ? '' : b.dropped}"><title>${b.label}: ${b.valueText}</title>${drop}${label}${rect}<text class="fvalue" x="${valueX.toFixed(1)}" y="${y + 16}">${b.valueText}</text></g>`,
    );
    y += FUNNEL.bar + FUNNEL.gap;
  });
  const height = y - FUNNEL.gap + FUNNEL.pad;
  return html`<figure class="chart funnel">
<svg viewBox="0 0 ${FUNNEL.width} ${height}" role="img" aria-label="${title}: ${description}" preserveAspectRatio="xMinYMin meet">
${parts}
</svg>
<figcaption>${title}</figcaption>
</figure>`;
}
