/**
 * Human-readable `run` summary for the terminal: counts per file, malformed reasons, then each
 * day's headline numbers with its top pages and sources — from the aggregate tables only, so it
 * shows nothing the tables do not hold.
 */

import type { AggregateRow } from '../aggregate/compute-day.ts';
import { isHiddenPath } from '../aggregate/hidden-share.ts';
import type { RecomputeResult } from '../aggregate/recompute-days.ts';
import { escapeControls } from '../privacy/control-chars.ts';
import type { RunSummary } from '../summary.ts';

const MAX_DAYS_SHOWN = 14;
const TOP = 5;

export function formatRunSummary(summary: RunSummary, aggregates: RecomputeResult, out: string): string {
  const lines: string[] = [];
  const rows = summary.files.map((f) => [
    f.path,
    f.format,
    String(f.lines),
    String(f.parsed),
    String(f.malformed),
    String(f.ignored),
    f.error ?? f.warning ?? '',
  ]);
  lines.push(
    ...table(['file', 'format', 'lines', 'parsed', 'malformed', 'ignored', 'status'], rows, [2, 3, 4, 5]),
  );
  lines.push('');
  lines.push(
    `lines ${summary.lines}  parsed ${summary.parsed}  malformed ${summary.malformed.total}  ignored ${summary.ignored}`,
  );
  const reasons = Object.entries(summary.malformed.by_reason).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0)
    lines.push(`malformed by reason: ${reasons.map(([r, n]) => `${r} ${n}`).join(', ')}`);
  lines.push(`events ${summary.events}  page views ${summary.page_views}  visitors ${summary.visitors}`);

  // Days are computed as they settle, not in date order (a directory's files come in name order).
  const byDay = [...aggregates.traffic].sort((a, b) => compare(`${a.day}\n${a.site}`, `${b.day}\n${b.site}`));
  const traffic = byDay.slice(-MAX_DAYS_SHOWN * 4);
  if (traffic.length > 0) {
    lines.push('');
    const dayRows = traffic.map((r) => {
      const sessions = Number(r.sessions);
      return [
        String(r.day),
        String(r.site),
        String(r.page_views),
        String(r.visitors),
        String(sessions),
        sessions > 0 ? `${((100 * Number(r.bounces)) / sessions).toFixed(1)}%` : '-',
        sessions > 0 ? duration(Number(r.session_seconds) / sessions) : '-',
        String(r.hits),
      ];
    });
    lines.push(
      ...table(
        ['day', 'site', 'page views', 'visitors', 'sessions', 'bounce', 'avg session', 'hits'],
        dayRows,
        [2, 3, 4, 5, 6, 7],
      ),
    );
    if (byDay.length > traffic.length)
      lines.push(`(${byDay.length - traffic.length} earlier rows not shown)`);
    const highlights = [...aggregates.highlights].sort((a, b) => compare(a.day, b.day));
    for (const h of highlights.slice(-MAX_DAYS_SHOWN)) {
      // Table values come from requests: never let one drive the terminal.
      // `(other)` is no page: its share is told below.
      const pages = h.pages
        .filter((p) => !isHiddenPath(p.path))
        .slice(0, TOP)
        .map((p) => `${escapeControls(String(p.path))} ${p.page_views}`);
      const sources = h.sources
        .slice(0, TOP)
        .map((s) => `${escapeControls(String(s.source))} (${s.channel}) ${s.sessions}`);
      if (pages.length > 0) lines.push(`${h.day} top pages: ${pages.join(' · ')}`);
      if (sources.length > 0) lines.push(`${h.day} top sources: ${sources.join(' · ')}`);
      const goals = sumBy(h.goals, 'goal', 'conversions').map(([goal, n]) => `${escapeControls(goal)} ${n}`);
      if (goals.length > 0) lines.push(`${h.day} conversions: ${goals.join(' · ')}`);
      const funnels = funnelLines(h.funnels);
      for (const f of funnels) lines.push(`${h.day} funnel ${f}`);
    }
    const hidden = summary.hidden;
    if (hidden.generalized_page_views > 0 || hidden.generalized_not_found_hits > 0)
      lines.push(
        `generalized by k-anonymity (--k ${hidden.k}): ${percent(hidden.generalized_page_views_share)} of page views and ${percent(hidden.generalized_not_found_share)} of 404 hits are counted under a parent prefix such as /blog/(other), for pages seen by fewer than ${hidden.k} visitors in a day`,
      );
    if (hidden.page_views > 0 || hidden.not_found_hits > 0)
      lines.push(
        `hidden by k-anonymity (--k ${hidden.k}): ${percent(hidden.page_views_share)} of page views and ${percent(hidden.not_found_share)} of 404 hits are counted in (other) rows, for pages and 404 paths still below ${hidden.k} visitors in a day at the top of their path; a lower --k shows more of them`,
      );
  }
  if (summary.frozen_days.length > 0)
    lines.push(`frozen days (not recomputed): ${summary.frozen_days.join(', ')}`);
  const wrote = summary.events > 0 || (summary.tables.text ?? 0) > 0 || aggregates.computed.length > 0;
  lines.push(wrote ? `tables written to ${out}` : `nothing written to ${out} (no events)`);
  return `${lines.join('\n')}\n`;
}

/** Sums of one column per value of another, in order of first appearance. */
function sumBy(rows: readonly AggregateRow[], key: string, value: string): Array<[string, number]> {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(String(row[key]), (sums.get(String(row[key])) ?? 0) + Number(row[value]));
  return [...sums];
}

/** One line per site and funnel: its steps' sessions, in step order (steps below k are not there). */
function funnelLines(rows: readonly AggregateRow[]): string[] {
  const byFunnel = new Map<string, AggregateRow[]>();
  for (const row of rows) {
    const id = `${row.site}\u0000${row.funnel}`;
    byFunnel.set(id, [...(byFunnel.get(id) ?? []), row]);
  }
  return [...byFunnel.values()].map((steps) => {
    const ordered = [...steps].sort((a, b) => Number(a.step_number) - Number(b.step_number));
    return `${escapeControls(String(ordered[0]!.funnel))}: ${ordered.map((s) => s.sessions).join(' → ')} sessions`;
  });
}

function percent(share: number): string {
  return `${(100 * share).toFixed(1)} %`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function table(header: string[], rows: string[][], numeric: number[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const render = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [render(header), ...rows.map(render)];
}
