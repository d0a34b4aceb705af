/**
 * The report's only style sheet and script, inlined into the page. The page's Content-Security-Policy
 * allows exactly these two (by hash) and no network at all, so even markup that slipped past escaping
 * could neither run nor fetch anything.
 */
import { createHash } from 'node:crypto';

export const REPORT_CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1d2430; --muted: #5b6574; --card: #f4f6f9;
  --line: #d9dee6; --s1: #2563eb; --s2: #d9480f; --s3: #2b8a3e; --up: #2b8a3e; --down: #c92a2a; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #12161c; --fg: #e6e9ef; --muted: #9aa4b2; --card: #1c222b; --line: #2e3742;
    --s1: #74a4ff; --s2: #ff9a5c; --s3: #69db7c; --up: #69db7c; --down: #ff8787; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 16px 20px; }
header h1 { margin: 0 0 4px; font-size: 1.5em; }
.muted, figcaption, footer { color: var(--muted); }
nav { display: flex; flex-wrap: wrap; gap: 4px 14px; margin-top: 6px; }
nav a { color: var(--s1); white-space: nowrap; }
section { margin: 28px 0; }
h2 { font-size: 1.2em; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1em; margin: 16px 0 6px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; }
.card { background: var(--card); border-radius: 8px; padding: 12px 14px; }
.card .label { color: var(--muted); font-size: 0.85em; }
.card .value { font-size: 1.6em; font-weight: 600; font-variant-numeric: tabular-nums; }
.change.up { color: var(--up); } .change.down { color: var(--down); } .change { font-size: 0.85em; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 20px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; }
/* Cells never break inside a word (a path one letter per line): a table wider than the screen
   scrolls sideways in its own box instead. */
td.text, th { white-space: nowrap; }
.table-scroll { overflow-x: auto; max-width: 100%; }
.grid2 > div { min-width: 0; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible { outline: 2px solid var(--s1); }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
td.barcell { width: 22%; }
svg.bar { width: 100%; height: 8px; display: block; }
svg.bar rect { fill: var(--s1); opacity: 0.7; }
figure.chart { margin: 0; }
figure.chart svg { width: 100%; height: auto; }
.charts3 { display: grid; grid-template-columns: 1fr; gap: 8px; }
.grid { stroke: var(--line); stroke-width: 1; }
.axis { fill: var(--muted); font-size: 11px; }
.line { stroke-width: 2; }
.line.s1 { stroke: var(--s1); } .line.s2 { stroke: var(--s2); } .line.s3 { stroke: var(--s3); }
.dot { fill-opacity: 0; stroke: none; } .dot:hover { fill-opacity: 1; }
.dot.s1 { fill: var(--s1); } .dot.s2 { fill: var(--s2); } .dot.s3 { fill: var(--s3); }
.key::before { content: ""; display: inline-block; width: 12px; height: 3px; margin: 0 6px 3px 12px; }
.key.s1::before { background: var(--s1); } .key.s2::before { background: var(--s2); } .key.s3::before { background: var(--s3); }
.empty { color: var(--muted); font-style: italic; }
caption { text-align: left; font-weight: 600; margin: 16px 0 6px; white-space: normal; }
td .change { font-size: 1em; }
/* A funnel: one bar per step, drawn 480 units wide so its text stays legible on a phone. */
figure.funnel { max-width: 560px; margin: 0 0 8px; }
.fbar { fill: var(--s1); opacity: 0.8; }
.fbar.optional { opacity: 0.45; }
.fbar.left-out { fill: none; stroke: var(--muted); stroke-dasharray: 4 3; }
.flabel { fill: var(--fg); font-size: 14px; font-weight: 600; }
.fvalue { fill: var(--fg); font-size: 14px; } .fshare { fill: var(--muted); font-size: 14px; }
.fdrop { fill: var(--down); font-size: 13px; } .fdrop.muted { fill: var(--muted); }
/* A chart is drawn 860 units wide and scaled to the screen: on a phone its labels are drawn larger
   (in chart units) so they stay legible, and every other day label is left out so they do not collide. */
@media (max-width: 600px) {
  header, main, footer { padding: 12px 10px; }
  .card .value { font-size: 1.3em; }
  .axis { font-size: 24px; }
  .axis.every2 { display: none; }
}
`;

/** Click a column header to sort its table; numbers sort by their exact value, not their display. */
export const REPORT_SCRIPT = `
document.querySelectorAll('table.sortable').forEach(function (table) {
  var heads = table.querySelectorAll('thead th');
  heads.forEach(function (th, col) {
    var button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', function () {
      var descending = th.getAttribute('aria-sort') !== 'descending';
      heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col], y = b.cells[col];
        var xv = x.getAttribute('data-v'), yv = y.getAttribute('data-v');
        var order = xv !== null && yv !== null ? Number(xv) - Number(yv)
          : x.textContent.localeCompare(y.textContent);
        return descending ? -order : order;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export const REPORT_CSP = [
  "default-src 'none'",
  `style-src ${sha256(REPORT_CSS)}`,
  `script-src ${sha256(REPORT_SCRIPT)}`,
  "img-src 'none'",
  "connect-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');
