/** `logveil run`: destroys expired salts, processes every input, prints the summary, sets the exit status. */

import { listInputs } from '../input/sources.ts';
import { DayTotals, processSource } from '../pipeline.ts';
import { LocalSaltStore } from '../privacy/local-salt-store.ts';
import { FsStore } from '../store/fs-store.ts';
import { exitCodeOf, type FileSummary, type RunSummary } from '../summary.ts';
import type { RunConfig } from './run-config.ts';
import { formatRunSummary } from './run-output.ts';

export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function runCommand(config: RunConfig, io: CommandIo): Promise<number> {
  const clock = () => config.now ?? Date.now();
  const salts = new LocalSaltStore(config.saltDir, clock);
  await salts.destroyExpired(clock());
  const store = new FsStore(config.out);
  const totals = new DayTotals();
  const { sources, missing } = await listInputs(config.inputs);
  const files: FileSummary[] = missing.map((m) => ({
    path: m.path,
    format: config.format,
    lines: 0,
    parsed: 0,
    malformed: 0,
    ignored: 0,
    error: 'unreadable',
  }));
  const byReason: Record<string, number> = {};
  const days = new Set<string>();
  let events = 0;
  let textLines = 0;
  for (const source of sources) {
    const result = await processSource(source, {
      options: {
        format: config.format,
        zone: config.zone,
        privacy: config.privacy,
        sourceId: config.sourceId,
        jsonMap: config.jsonMap,
        nowMs: clock(),
      },
      store,
      salts,
      totals,
    });
    files.push(result.summary);
    for (const [reason, n] of Object.entries(result.byReason)) byReason[reason] = (byReason[reason] ?? 0) + n;
    for (const day of result.days) days.add(day);
    events += result.events;
    textLines += result.textLines;
  }
  const summary: RunSummary = {
    files,
    lines: sum(files, 'lines'),
    parsed: sum(files, 'parsed'),
    ignored: sum(files, 'ignored'),
    malformed: { total: sum(files, 'malformed'), by_reason: byReason },
    events,
    page_views: totals.pageViews,
    visitors: totals.visitors,
    days: [...days].sort(),
    frozen_days: [],
    tables: textLines > 0 ? { events, text: textLines } : { events },
  };
  if (config.json) io.stdout(`${JSON.stringify(summary)}\n`);
  else io.stdout(formatRunSummary(summary, config.out));
  for (const f of files) {
    if (f.error) io.stderr(`logveil: ${f.path}: ${describeError(f.error)}\n`);
    else if (f.warning === 'empty') io.stderr(`logveil: ${f.path}: warning: empty input\n`);
  }
  return exitCodeOf(summary);
}

function sum(files: FileSummary[], key: 'lines' | 'parsed' | 'ignored' | 'malformed'): number {
  let n = 0;
  for (const f of files) n += f[key];
  return n;
}

function describeError(error: NonNullable<FileSummary['error']>): string {
  switch (error) {
    case 'unreadable':
      return 'cannot be read (missing, not a file, or no permission)';
    case 'bad_gzip':
      return 'gzip data is corrupt or truncated; lines before the damage were processed';
    case 'binary':
      return 'looks binary, not a text log; skipped';
    case 'format_mismatch':
      return 'more than half of the lines are malformed: wrong --format? (see malformed reasons)';
  }
}
