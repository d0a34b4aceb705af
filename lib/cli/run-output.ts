/** Human-readable `run` summary for the terminal: counts per file, reasons, days, where the tables are. */
import type { RunSummary } from '../summary.ts';

export function formatRunSummary(summary: RunSummary, out: string): string {
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
  lines.push(...table(['file', 'format', 'lines', 'parsed', 'malformed', 'ignored', 'status'], rows));
  lines.push('');
  lines.push(
    `lines ${summary.lines}  parsed ${summary.parsed}  malformed ${summary.malformed.total}  ignored ${summary.ignored}`,
  );
  const reasons = Object.entries(summary.malformed.by_reason).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0)
    lines.push(`malformed by reason: ${reasons.map(([r, n]) => `${r} ${n}`).join(', ')}`);
  lines.push(`events ${summary.events}  page views ${summary.page_views}  visitors ${summary.visitors}`);
  if (summary.days.length > 0) {
    const span = summary.days.length === 1 ? summary.days[0] : `${summary.days[0]} .. ${summary.days.at(-1)}`;
    lines.push(`days ${summary.days.length} (${span})`);
  }
  lines.push(`tables written to ${out}`);
  return `${lines.join('\n')}\n`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const render = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [render(header), ...rows.map(render)];
}
