/**
 * The report page: one self-contained HTML document (inline style, one inline script, inline SVG; no
 * fonts, images or requests) with a section per question analysts and operators ask.
 */

import type { FunnelSummary } from './conversions.ts';
import { type Html, html, trusted } from './html.ts';
import { REPORT_CSP, REPORT_CSS, REPORT_SCRIPT } from './report-assets.ts';
import type { Headline, ReportModel, Row } from './report-model.ts';
import { bar, type FunnelBar, funnelChart, lineChart } from './svg-charts.ts';

type Kind = 'text' | 'count' | 'percent' | 'bytes';

interface Column {
  readonly key: string;
  readonly label: string;
  readonly kind: Kind;
  /** Draw a bar for this column's values beside it. */
  readonly bar?: boolean;
  /** How a text column shows its value (default: the value as text). */
  readonly display?: (value: string) => Html;
  /** The whole cell (`<td>…</td>`) for a row, for cells that are more than one value. */
  readonly cell?: (row: Row) => Html;
}

const counts = new Intl.NumberFormat('en-US');

export function formatCount(v: number): string {
  return counts.format(Math.round(v));
}

export function formatPercent(v: number): string {
  return `${(100 * v).toFixed(1)}%`;
}

export function formatBytes(v: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = v;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m}m ${String(s % 60).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

function formatValue(kind: Kind, v: string | number): string {
  switch (kind) {
    case 'text':
      return String(v);
    case 'count':
      return formatCount(Number(v));
    case 'percent':
      return formatPercent(Number(v));
    case 'bytes':
      return formatBytes(Number(v));
  }
}

function dataTable(
  name: string,
  columns: readonly Column[],
  rows: readonly Row[],
  empty: string,
  caption?: string,
): Html {
  if (rows.length === 0) return html`<p class="empty" data-table="${name}">${empty}</p>`;
  const maxima = new Map(columns.map((c) => [c.key, Math.max(0, ...rows.map((r) => Number(r[c.key]) || 0))]));
  return html`<div class="table-scroll"><table class="sortable" data-table="${name}">
${caption === undefined ? '' : html`<caption>${caption}</caption>`}
<thead><tr>${columns.map(
    (c) =>
      html`<th scope="col" class="${c.kind === 'text' ? '' : 'num'}"><button type="button">${c.label}</button></th>${c.bar ? html`<th aria-hidden="true"></th>` : ''}`,
  )}</tr></thead>
<tbody>
${rows.map(
  (r) =>
    html`<tr>${columns.map((c) => {
      const v = r[c.key] ?? '';
      const cell = c.cell
        ? c.cell(r)
        : c.kind === 'text' || v === ''
          ? html`<td class="text">${c.display && v !== '' ? c.display(String(v)) : String(v)}</td>`
          : html`<td class="num" data-v="${Number(v)}">${formatValue(c.kind, v)}</td>`;
      return c.bar
        ? html`${cell}<td class="barcell">${bar(Number(v) || 0, maxima.get(c.key) ?? 0)}</td>`
        : cell;
    })}</tr>\n`,
)}</tbody>
</table></div>`;
}

interface Card {
  readonly metric: string;
  readonly label: string;
  readonly value: number | null;
  readonly previous: number | null | undefined;
  readonly format: (v: number) => string;
  /** Rates compare in percentage points; counts in percent. */
  readonly rate?: boolean;
  /** For bounce rate, lower is better. */
  readonly lowerIsBetter?: boolean;
  readonly hint?: string;
}

function changeOf(card: Card): Html {
  if (card.previous === undefined)
    return html`<div class="change muted">no data for the previous period</div>`;
  if (card.value === null || card.previous === null)
    return html`<div class="change muted">no change to show</div>`;
  const delta = card.rate
    ? (card.value - card.previous) * 100
    : card.previous > 0
      ? ((card.value - card.previous) / card.previous) * 100
      : null;
  if (delta === null) return html`<div class="change muted">new (previous period: 0)</div>`;
  const better = card.lowerIsBetter ? delta < 0 : delta > 0;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const unit = card.rate ? ' pts' : '%';
  return html`<div class="change ${delta === 0 ? '' : better ? 'up' : 'down'}" data-change="${delta.toFixed(2)}">${sign}${Math.abs(delta).toFixed(1)}${unit} vs previous period</div>`;
}

function cards(model: ReportModel): Html {
  const h = model.headline;
  const p: Headline | null = model.previous;
  const prev = <K extends keyof Headline>(k: K) => (p === null ? undefined : p[k]);
  const list: Card[] = [
    {
      metric: 'page_views',
      label: 'Page views',
      value: h.pageViews,
      previous: prev('pageViews'),
      format: formatCount,
    },
    {
      metric: 'visitors',
      label: 'Visitors',
      value: h.visitors,
      previous: prev('visitors'),
      format: formatCount,
      hint: 'Daily unique visitors, summed over the days: visitor ids change every day by design, so one person on two days counts twice.',
    },
    {
      metric: 'sessions',
      label: 'Sessions',
      value: h.sessions,
      previous: prev('sessions'),
      format: formatCount,
    },
    {
      metric: 'bounce_rate',
      label: 'Bounce rate',
      value: h.bounceRate,
      previous: prev('bounceRate'),
      format: formatPercent,
      rate: true,
      lowerIsBetter: true,
      hint: 'Sessions of exactly one page view, out of all sessions.',
    },
    {
      metric: 'avg_session_seconds',
      label: 'Avg. session duration',
      value: h.avgSessionSeconds,
      previous: prev('avgSessionSeconds'),
      format: formatDuration,
      hint: 'From the first to the last page view of a session; one-page sessions count as 0s.',
    },
  ];
  return html`<div class="cards">${list.map(
    (c) =>
      html`<div class="card" data-metric="${c.metric}" data-value="${c.value === null ? '' : String(c.value)}" title="${c.hint ?? ''}">
<div class="label">${c.label}</div><div class="value">${c.value === null ? '–' : c.format(c.value)}</div>${changeOf(c)}</div>`,
  )}</div>`;
}

const siteColumn = (multiSite: boolean): Column[] =>
  multiSite ? [{ key: 'site', label: 'Site', kind: 'text' }] : [];

function navigation(model: ReportModel): Html {
  if (model.navigation.length === 0) return html`<p class="empty">No page views in this period.</p>`;
  const link: Column[] = [
    { key: 'path', label: 'Page', kind: 'text' },
    { key: 'count', label: 'Times', kind: 'count', bar: true },
  ];
  return html`${model.navigation.map(
    (
      entry,
    ) => html`<h3>${pathWithBreaks(entry.path)} <span class="muted">(${formatCount(entry.pageViews)} page views)</span></h3>
<div class="grid2"><div><h4>Came from</h4>${dataTable('came_from', link, entry.cameFrom, 'No recorded way in.')}</div>
<div><h4>Went next</h4>${dataTable('went_to', link, entry.wentTo, 'No recorded way out.')}</div></div>`,
  )}`;
}

export function renderReport(model: ReportModel): string {
  const h = model.headline;
  const multiSite = model.site === null && model.sites.length > 1;
  const siteTitle =
    model.site ?? (model.sites.length === 1 ? model.sites[0]! : `${model.sites.length} sites`);
  const r = model.range;
  const period = r.from === r.to ? r.from : `${r.from} – ${r.to}`;
  const series = model.series;
  const labels = series.map((s) => s.label);
  const per = r.granularity === 'hour' ? 'hour (UTC)' : 'day';
  const site = siteColumn(multiSite);
  const botShare = h.hits > 0 ? h.botHits / h.hits : 0;
  const sections: Array<[string, string, Html]> = [
    ['headline', 'Overview', cards(model)],
    [
      'over-time',
      `Page views and visitors per ${per}`,
      lineChart(`Page views and visitors per ${per}`, labels, [
        { name: 'Page views', className: 's1', values: series.map((s) => s.pageViews) },
        { name: 'Visitors', className: 's2', values: series.map((s) => s.visitors) },
      ]),
    ],
    [
      'pages',
      'Top pages',
      html`${dataTable(
        'pages',
        [
          ...site,
          { key: 'path', label: 'Page', kind: 'text' },
          { key: 'page_views', label: 'Page views', kind: 'count', bar: true },
          { key: 'visitors', label: 'Visitors', kind: 'count' },
          { key: 'entries', label: 'Entries', kind: 'count' },
          { key: 'exits', label: 'Exits', kind: 'count' },
          { key: 'exit_rate', label: 'Exit rate', kind: 'percent' },
        ],
        model.pages,
        'No page views in this period.',
      )}${hiddenNote(
        'hidden_page_views',
        model.hidden.pageViewsHidden,
        model.hidden.pageViewsGeneralized,
        model.hidden.pageViews,
        'page views',
        'pages',
      )}`,
    ],
    [
      'sources',
      'Channels and sources',
      html`<h3>Channels</h3>${dataTable(
        'channels',
        [
          { key: 'channel', label: 'Channel', kind: 'text' },
          { key: 'sessions', label: 'Sessions', kind: 'count', bar: true },
          { key: 'visitors', label: 'Visitors', kind: 'count' },
          { key: 'page_views', label: 'Page views', kind: 'count' },
          { key: 'bounce_rate', label: 'Bounce rate', kind: 'percent' },
        ],
        model.channels,
        'No sessions in this period.',
      )}<h3>Sources</h3>${dataTable(
        'sources',
        [
          ...site,
          { key: 'source', label: 'Source', kind: 'text' },
          { key: 'medium', label: 'Medium', kind: 'text' },
          { key: 'sessions', label: 'Sessions', kind: 'count', bar: true },
          { key: 'visitors', label: 'Visitors', kind: 'count' },
          { key: 'page_views', label: 'Page views', kind: 'count' },
          { key: 'bounce_rate', label: 'Bounce rate', kind: 'percent' },
        ],
        model.sources,
        'No sessions in this period.',
      )}`,
    ],
    [
      'campaigns',
      'Campaigns',
      html`${dataTable(
        'campaigns',
        [
          ...site,
          { key: 'campaign', label: 'Campaign', kind: 'text' },
          { key: 'source', label: 'Source', kind: 'text' },
          { key: 'medium', label: 'Medium', kind: 'text' },
          { key: 'sessions', label: 'Sessions', kind: 'count', bar: true },
          { key: 'visitors', label: 'Visitors', kind: 'count' },
          { key: 'bounce_rate', label: 'Bounce rate', kind: 'percent' },
        ],
        model.campaigns,
        'No campaign traffic (utm_campaign) in this period.',
      )}
<p class="muted">Campaigns seen by fewer than k visitors on a day are folded with other sources into “(other)” (see Sources) and not listed here.</p>`,
    ],
    ['goals', 'Goals', goalsSection(model, site)],
    ['funnels', 'Funnels', funnelsSection(model, multiSite)],
    [
      'technology',
      'Technology',
      html`<div class="grid2">${(
        [
          ['browsers', 'browser', 'Browser', model.browsers],
          ['systems', 'os', 'Operating system', model.systems],
          ['devices', 'device', 'Device', model.devices],
        ] as const
      ).map(
        ([name, key, label, rows]) =>
          html`<div><h3>${label}</h3>${dataTable(
            name,
            [
              { key, label, kind: 'text' },
              { key: 'page_views', label: 'Page views', kind: 'count', bar: true },
              { key: 'visitors', label: 'Visitors', kind: 'count' },
            ],
            rows,
            'No page views in this period.',
          )}</div>`,
      )}</div>`,
    ],
    [
      'countries',
      'Countries',
      html`${dataTable(
        'countries',
        [
          ...site,
          { key: 'country', label: 'Country', kind: 'text', display: countryName },
          { key: 'page_views', label: 'Page views', kind: 'count', bar: true },
          { key: 'visitors', label: 'Visitors', kind: 'count' },
          { key: 'sessions', label: 'Sessions', kind: 'count' },
          { key: 'bounce_rate', label: 'Bounce rate', kind: 'percent' },
        ],
        model.countries,
        'No country rows in this period (tables computed by a logveil without countries_daily have none).',
      )}
<p class="muted">Countries come from the client address through an offline database installed with logveil; the address itself is never stored. Countries seen by fewer than k visitors on a day are counted in “(other)”; “(unknown)” is an address the database does not place. Browsers on hosting and cloud networks are counted as bots (see Bots), not here, unless the tables were computed with <code>logveil run --hosting-bots off</code>.</p>`,
    ],
    ['navigation', 'Navigation: where visitors came from and went next', navigation(model)],
    [
      'capacity',
      'Capacity',
      html`<div class="cards">
<div class="card" data-metric="hits" data-value="${h.hits}"><div class="label">Hits (bots included)</div><div class="value">${formatCount(h.hits)}</div></div>
<div class="card" data-metric="bytes" data-value="${h.bytes}"><div class="label">Bytes served</div><div class="value">${formatBytes(h.bytes)}</div></div>
<div class="card" data-metric="peak_rpm" data-value="${model.capacity.peakRpm}"><div class="label">Peak requests per minute</div><div class="value">${formatCount(model.capacity.peakRpm)}</div></div>
<div class="card" data-metric="errors_5xx" data-value="${model.capacity.errors5xx}"><div class="label">5xx responses</div><div class="value">${formatCount(model.capacity.errors5xx)}</div></div>
</div>
<div class="charts3">${lineChart(`Hits per ${per}`, labels, [
        { name: 'Hits', className: 's1', values: series.map((s) => s.hits) },
      ])}${lineChart(`Peak requests per minute, per ${per}`, labels, [
        { name: 'Peak requests/min', className: 's2', values: series.map((s) => s.peakRpm) },
      ])}${lineChart(`5xx responses per ${per}`, labels, [
        { name: '5xx', className: 's3', values: series.map((s) => s.errors5xx) },
      ])}</div>
<h3>Busiest hours (UTC)</h3>${dataTable(
        'busiest',
        [
          ...site,
          { key: 'day', label: 'Day', kind: 'text' },
          { key: 'hour', label: 'Hour', kind: 'count' },
          { key: 'peak_rpm', label: 'Peak req/min', kind: 'count', bar: true },
          { key: 'hits', label: 'Hits', kind: 'count' },
          { key: 'bytes', label: 'Bytes', kind: 'bytes' },
          { key: 'errors_5xx', label: '5xx', kind: 'count' },
        ],
        model.capacity.busiest,
        'No hits in this period.',
      )}`,
    ],
    [
      'status',
      'Status codes',
      html`<div class="grid2"><div><h3>Responses</h3>${dataTable(
        'statuses',
        [
          { key: 'status', label: 'Status', kind: 'text' },
          { key: 'hits', label: 'Hits', kind: 'count', bar: true },
          { key: 'share', label: 'Share', kind: 'percent' },
        ],
        model.statuses,
        'No hits in this period.',
      )}</div><div><h3>Top 404s</h3>${dataTable(
        'not_found',
        [
          ...site,
          { key: 'path', label: 'Path', kind: 'text' },
          { key: 'hits', label: 'Hits', kind: 'count', bar: true },
          { key: 'visitors', label: 'Visitors', kind: 'count' },
        ],
        model.notFound,
        'No 404s in this period.',
      )}${hiddenNote(
        'hidden_not_found',
        model.hidden.notFoundHidden,
        model.hidden.notFoundGeneralized,
        model.hidden.notFoundHits,
        '404 hits',
        '404 paths',
      )}</div></div>`,
    ],
    [
      'bots',
      'Bots',
      html`<div class="cards"><div class="card" data-metric="bot_share" data-value="${botShare}"><div class="label">Bot share of hits</div><div class="value">${formatPercent(botShare)}</div><div class="change muted">${formatCount(h.botHits)} of ${formatCount(h.hits)} hits</div></div></div>
${dataTable(
  'bots',
  [
    { key: 'bot_name', label: 'Bot', kind: 'text' },
    { key: 'hits', label: 'Hits', kind: 'count', bar: true },
    { key: 'bytes', label: 'Bytes', kind: 'bytes' },
  ],
  model.bots,
  'No bot traffic in this period.',
)}`,
    ],
  ];
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>logveil report: ${siteTitle}, ${period}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
<header>
<h1>${siteTitle}</h1>
<div class="muted">${period} (UTC) · ${h.daysWithData} of ${r.days.length} days with data · compared with ${r.previous[0]} – ${r.previous.at(-1)}</div>
<nav>${sections.map(([id, title]) => html`<a href="#${id}">${title.split(':')[0]}</a>`)}</nav>
</header>
<main>
${h.daysWithData === 0 ? html`<p class="empty">No aggregates for this period.</p>` : ''}
${sections.map(([id, title, body]) => html`<section id="${id}"><h2>${title}</h2>${body}</section>\n`)}
</main>
<footer>
Built by logveil from its anonymized aggregate tables only. Rows seen by fewer than k visitors on a day are
folded into “(other)”. Visitors are daily unique visitors summed over days. Opted-out page views
(${formatCount(h.optOutPageViews)}) count as page views but not as visitors or sessions.
</footer>
<script>${trusted(REPORT_SCRIPT)}</script>
</body>
</html>
`;
  return page.text;
}

/** What k-anonymity hid of a table in the period: the shares under prefix rows and in `(other)`, and what sets it. */
function hiddenNote(
  metric: string,
  hidden: number,
  generalized: number,
  total: number,
  what: string,
  keys: string,
): Html {
  if (hidden === 0 && generalized === 0) return html``;
  const share = total > 0 ? hidden / total : 0;
  const prefixShare = total > 0 ? generalized / total : 0;
  return html`<p class="muted" data-metric="${metric}" data-value="${share}" data-generalized="${prefixShare}">${formatPercent(prefixShare)} of the ${what} of this period are counted under a parent prefix such as “/blog/(other)” and ${formatPercent(share)} (${formatCount(hidden)}) in “(other)”: ${keys} seen by fewer than k visitors on a day are not shown one by one. k is set when the tables are computed (<code>logveil run --k</code>, default 5).</p>`;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
/** Regional indicator symbol letter A (U+1F1E6): a flag emoji is the code's two letters in these. */
const REGIONAL_A = 0x1f1e6;

/** The flag emoji of an ISO 3166-1 alpha-2 code (two regional indicator symbols), or '' for anything else. */
export function flagOf(code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return '';
  return String.fromCodePoint(...[...code].map((c) => REGIONAL_A + c.charCodeAt(0) - 65));
}

/**
 * A country cell: flag, English name and code for an ISO 3166-1 alpha-2 code; anything else
 * (`(unknown)`, `(other)`) as its words, without a flag. Names come from the runtime's own ICU data,
 * never from the network.
 */
export function countryName(code: string): Html {
  const flag = flagOf(code);
  if (flag === '') return html`${code}`;
  const name = regionNames.of(code);
  // An unassigned code has no name (the runtime gives the code back): flag and code only.
  return name === undefined || name === code
    ? html`<span aria-hidden="true">${flag}</span> ${code}`
    : html`<span aria-hidden="true">${flag}</span> ${name} <span class="muted">${code}</span>`;
}

/** A path that may wrap after its slashes on a narrow screen, never inside a segment. */
function pathWithBreaks(path: string): Html {
  const parts = path.split('/');
  return html`${parts.map((part, i) => (i === 0 ? html`${part}` : html`/<wbr>${part}`))}`;
}

const K_NOTE = 'k is set when the tables are computed (logveil run --k, default 5)';

/** A change against the previous period as a table cell: signed, coloured, its exact value for sorting. */
function changeCell(delta: number | null, unit: '%' | ' pts', none: string, title: string): Html {
  if (delta === null)
    return html`<td class="num" title="${title}"><span class="change muted">${none}</span></td>`;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  return html`<td class="num" data-v="${delta}" data-change="${delta.toFixed(2)}" title="${title}"><span class="change ${delta > 0 ? 'up' : delta < 0 ? 'down' : ''}">${sign}${Math.abs(delta).toFixed(1)}${unit}</span></td>`;
}

function goalsSection(model: ReportModel, site: readonly Column[]): Html {
  const g = model.goals;
  if (g.goals.length === 0)
    return html`<p class="empty" data-table="goals">No goal conversions in this period: no goal is configured (add one with <code>logveil run --goal ${"'Order=/checkout/confirm'"}</code>, repeatable) or no session reached one.</p>`;
  const r = model.range;
  const previousPeriod = `${r.previous[0]} – ${r.previous.at(-1)}`;
  const rows: Row[] = g.goals.map((s) => ({
    ...(s.site === null ? {} : { site: s.site }),
    goal: s.goal,
    conversions: s.conversions,
    conversions_change: s.conversionsChange ?? '',
    rate: s.rate ?? '',
    rate_change: s.rateChange ?? '',
    visitors: s.visitors,
    page_views: s.pageViews,
    previous_conversions: s.previous?.conversions ?? '',
    previous_sessions: s.previous?.sessions ?? '',
    previous_rate: s.previous?.rate ?? '',
  }));
  const before = (row: Row) =>
    `previous period: ${formatCount(Number(row.previous_conversions))} conversions of ${formatCount(Number(row.previous_sessions))} sessions${row.previous_rate === '' ? '' : ` (${formatPercent(Number(row.previous_rate))})`}`;
  // Without goal data before there is no change to show: the change columns give way to a note.
  const compared = g.previousMissing === null;
  const changeColumn = (key: string, label: string, unit: '%' | ' pts', none: string): Column[] =>
    compared
      ? [
          {
            key,
            label,
            kind: 'percent',
            cell: (row) => changeCell(row[key] === '' ? null : Number(row[key]), unit, none, before(row)),
          },
        ]
      : [];
  const missing =
    g.previousMissing === 'no-traffic'
      ? html`<p class="change muted" data-metric="goals_previous" data-value="no-traffic">No data for the previous period (${previousPeriod}): no change to show.</p>`
      : g.previousMissing === 'no-goals'
        ? html`<p class="change muted" data-metric="goals_previous" data-value="no-goals">No goal conversions in the previous period (${previousPeriod}: goals not configured yet, or none reached): no change to show.</p>`
        : '';
  const sessions = g.goals[0]!.site === null ? ` (${formatCount(g.goals[0]!.sessions)})` : '';
  const folded = g.folded.reduce((sum, row) => sum + Number(row.conversions), 0);
  return html`<p class="muted">A conversion is a session that reached the goal, counted once however often. Conversion rate: conversions out of all sessions of the period${sessions}; by channel, out of that channel’s sessions.${compared ? ` Changes compare with ${previousPeriod}: percent for conversions, percentage points for the rate.` : ''}</p>
${dataTable(
  'goals',
  [
    ...site,
    { key: 'goal', label: 'Goal', kind: 'text' },
    { key: 'conversions', label: 'Conversions', kind: 'count', bar: true },
    ...changeColumn('conversions_change', 'Change', '%', 'new (previous period: 0)'),
    { key: 'rate', label: 'Conversion rate', kind: 'percent' },
    ...changeColumn('rate_change', 'Rate change', ' pts', 'no change to show'),
    { key: 'visitors', label: 'Visitors', kind: 'count' },
    { key: 'page_views', label: 'Page views', kind: 'count' },
  ],
  rows,
  '',
  'Conversions per goal',
)}${missing}
${dataTable(
  'goal_channels',
  [
    ...site,
    { key: 'goal', label: 'Goal', kind: 'text' },
    { key: 'channel', label: 'Channel', kind: 'text' },
    { key: 'conversions', label: 'Conversions', kind: 'count', bar: true },
    { key: 'sessions', label: 'Channel sessions', kind: 'count' },
    { key: 'rate', label: 'Conversion rate', kind: 'percent' },
    { key: 'visitors', label: 'Visitors', kind: 'count' },
    { key: 'page_views', label: 'Page views', kind: 'count' },
  ],
  g.byChannel,
  '',
  'By channel',
)}
${dataTable(
  'goal_campaigns',
  [
    ...site,
    { key: 'goal', label: 'Goal', kind: 'text' },
    { key: 'campaign', label: 'Campaign', kind: 'text' },
    { key: 'source', label: 'Source', kind: 'text' },
    { key: 'medium', label: 'Medium', kind: 'text' },
    { key: 'conversions', label: 'Conversions', kind: 'count', bar: true },
    { key: 'visitors', label: 'Visitors', kind: 'count' },
    { key: 'page_views', label: 'Page views', kind: 'count' },
  ],
  g.byCampaign,
  'No conversions from a named campaign (utm_campaign) in this period.',
  'By campaign',
)}
${
  folded > 0
    ? html`<p class="muted" data-metric="goal_conversions_other" data-value="${folded}">${formatCount(folded)} conversions are counted in “(other)” rows (${g.folded.map((row, i) => html`${i > 0 ? ', ' : ''}${row.site === undefined ? '' : `${row.site} `}${row.goal}: ${formatCount(Number(row.conversions))}`)}): their source, medium and campaign were seen by fewer than k visitors on a day, so they count in their goal and channel (see By channel), campaign or not, and are not listed by campaign. ${K_NOTE}.</p>`
    : ''
}`;
}

function funnelBars(f: FunnelSummary): FunnelBar[] {
  const bars: FunnelBar[] = f.steps.map((s) => {
    const skip = s.optional ? ' — may be skipped' : '';
    const label = `${s.stepNumber}. ${s.step ?? '(a step that may be skipped)'}${s.step === null ? '' : skip}`;
    let before: string;
    if (s.optional)
      before =
        s.sessions === null
          ? '↓ may be skipped: fewer than k visitors took this step'
          : '↓ may be skipped: no drop-off counted';
    else if (s.dropped === null) before = '▼ fewer than k visitors went on';
    else
      before = `▼ ${formatCount(s.dropped)} dropped (${formatPercent(s.dropRate ?? 0)})${s.dropFrom !== s.stepNumber - 1 ? ` since step ${s.dropFrom}` : ''}`;
    return {
      stepNumber: s.stepNumber,
      label,
      value: s.sessions,
      valueText:
        s.sessions === null
          ? 'fewer than k visitors'
          : `${formatCount(s.sessions)} sessions${s.daysLeftOut > 0 ? ` · on ${f.days - s.daysLeftOut} of ${f.days} days` : ''}`,
      share:
        s.shareOfFirst === null || s.stepNumber === 1 ? '' : `${formatPercent(s.shareOfFirst)} of step 1`,
      optional: s.optional,
      dropped: s.dropped,
      before,
    };
  });
  if (f.continuesHidden) {
    const next = f.steps.length + 1;
    bars.push({
      stepNumber: next,
      label: `${next}. (a later step)`,
      value: null,
      valueText: 'fewer than k visitors',
      share: '',
      optional: false,
      dropped: null,
      before: '▼ fewer than k visitors went on',
    });
  }
  return bars;
}

function funnelStepRows(f: FunnelSummary, bars: readonly FunnelBar[]): Row[] {
  return bars.map((b) => {
    const s = f.steps[b.stepNumber - 1];
    const notes: string[] = [];
    if (!s || s.sessions === null) notes.push('fewer than k visitors (left out)');
    if (s?.optional) notes.push('may be skipped');
    if (s && s.sessions !== null && s.daysLeftOut > 0)
      notes.push(
        `left out on ${s.daysLeftOut} of ${f.days} days (fewer than k visitors): those days not counted`,
      );
    if (s?.dropFrom !== null && s?.dropFrom !== undefined && s.dropFrom !== s.stepNumber - 1)
      notes.push(`drop-off since step ${s.dropFrom}`);
    return {
      step_number: b.stepNumber,
      step: s?.step ?? (b.stepNumber > f.steps.length ? '(a later step)' : '(a step that may be skipped)'),
      sessions: s?.sessions ?? '',
      visitors: s?.visitors ?? '',
      share: s?.shareOfFirst ?? '',
      dropped: s?.dropped ?? '',
      drop_rate: s?.dropRate ?? '',
      note: notes.join('; '),
    };
  });
}

function funnelsSection(model: ReportModel, multiSite: boolean): Html {
  if (model.funnels.length === 0)
    return html`<p class="empty" data-table="funnels">No funnel rows in this period: no funnel is configured (add one with <code>logveil run --funnel ${"'Purchase=/products/** > /cart > /checkout/confirm'"}</code>, repeatable; a step in [brackets] may be skipped) or fewer than k visitors reached a first step on every day.</p>`;
  return html`<p class="muted">Sessions that went through each funnel’s steps in order, summed over the days of the period. Drop-off: the sessions of the step before that did not reach the step; after a step that may be skipped, counted from the last step that may not be. A step reached by fewer than k visitors on a day is left out of that day, so a funnel’s rows end where fewer than k visitors went on; ${K_NOTE}.</p>
${model.funnels.map((f) => {
  const bars = funnelBars(f);
  const name = multiSite && f.site !== null ? `${f.funnel} (${f.site})` : f.funnel;
  const description = bars
    .map(
      (b) =>
        `${b.label}: ${b.valueText}${b.share === '' ? '' : ` (${b.share})`}${b.dropped === null ? '' : `, ${b.before.slice(2)}`}`,
    )
    .join('; ');
  return html`<div class="funnel" data-funnel="${f.funnel}" data-site="${f.site ?? ''}">
<h3>${name}</h3>
${funnelChart(`Funnel “${name}”: sessions per step and the drop-off between steps`, description, bars)}
${dataTable(
  'funnel_steps',
  [
    { key: 'step_number', label: '#', kind: 'count' },
    { key: 'step', label: 'Step', kind: 'text' },
    { key: 'sessions', label: 'Sessions', kind: 'count' },
    { key: 'visitors', label: 'Visitors', kind: 'count' },
    { key: 'share', label: 'Of step 1', kind: 'percent' },
    { key: 'dropped', label: 'Dropped', kind: 'count' },
    { key: 'drop_rate', label: 'Drop-off', kind: 'percent' },
    { key: 'note', label: 'Note', kind: 'text' },
  ],
  funnelStepRows(f, bars),
  '',
  `“${name}” step by step`,
)}
</div>`;
})}`;
}
