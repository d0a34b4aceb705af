/**
 * `logveil run`: destroys expired salts, processes every input into events, recomputes every day it
 * touched, prints the summary and sets the exit status.
 */
import { availableParallelism } from 'node:os';
import { AGGREGATE_TABLES } from '../aggregate/aggregate-tables.ts';
import { EarlierEvents } from '../aggregate/earlier-events.ts';
import { hiddenShare, shareOf } from '../aggregate/hidden-share.ts';
import type { RecomputeResult } from '../aggregate/recompute-days.ts';
import { RunAggregator } from '../aggregate/run-aggregator.ts';
import { SqlDays } from '../aggregate/sql-days.ts';
import { type EventOutputFactory, localEventOutputs } from '../events/event-output.ts';
import { type InputSource, listInputs } from '../input/sources.ts';
import { EventsThread } from '../parallel/events-thread.ts';
import { processSource } from '../pipeline.ts';
import { LocalSaltStore } from '../privacy/local-salt-store.ts';
import { FsStore } from '../store/fs-store.ts';
import { exitCodeOf, type FileSummary, type RunSummary } from '../summary.ts';
import { ProgressBar } from './progress.ts';
import type { RunConfig } from './run-config.ts';
import { formatRunSummary } from './run-output.ts';

export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal: long runs may draw progress there. */
  stderrIsTTY?: boolean;
}

export async function runCommand(config: RunConfig, io: CommandIo): Promise<number> {
  const clock = () => config.now ?? Date.now();
  const salts = new LocalSaltStore(config.saltDir, clock);
  await salts.destroyExpired(clock());
  const store = new FsStore(config.out);
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
  const events = eventsBackend(config, sources, store, clock());
  try {
    return await runSources(config, io, { sources, files, store, salts, clock, backend: events });
  } finally {
    await events.close();
  }
}

/** Where events are written and aggregated: this thread, or a worker thread beside it. */
interface EventsBackend {
  readonly outputs: EventOutputFactory;
  /** Days to compute again even if no event of this run falls on them. */
  recompute(days: readonly string[]): Promise<void>;
  finish(): Promise<RecomputeResult>;
  close(): Promise<void>;
}

/**
 * Below this many bytes of input files (compressed size for gzip, about a tenth of the log) a
 * second thread costs about as much to start as it saves.
 */
const THREAD_MIN_BYTES = 8 * 1024 * 1024;

function eventsBackend(
  config: RunConfig,
  sources: readonly InputSource[],
  store: FsStore,
  computedAt: number,
): EventsBackend {
  const unknownSize = sources.some((s) => s.size === null);
  const threads =
    config.threads ??
    (availableParallelism() > 1 && (unknownSize || sumSizes(sources) >= THREAD_MIN_BYTES) ? 2 : 1);
  if (threads === 2) {
    const thread = new EventsThread({
      out: config.out,
      aggregate: config.aggregate,
      computedAt,
      force: config.force,
      sqlOnly: config.sqlOnly,
      ...(config.dayEventsInMemory !== undefined ? { dayEventsInMemory: config.dayEventsInMemory } : {}),
      ...(config.offloadFiles !== undefined ? { offloadFiles: config.offloadFiles } : {}),
    });
    return {
      outputs: thread.outputs(),
      recompute: (days) => thread.recompute(days),
      finish: () => thread.finish(),
      close: () => thread.close(),
    };
  }
  const aggregator = new RunAggregator(
    store,
    config.aggregate,
    computedAt,
    config.force,
    { sql: new SqlDays(store), sqlOnly: config.sqlOnly },
    undefined,
    config.dayEventsInMemory,
  );
  return {
    outputs: localEventOutputs(store, aggregator),
    recompute: async (days) => aggregator.recompute(days),
    finish: () => aggregator.finish(),
    close: async () => {},
  };
}

/** What a run works with once its inputs are listed and its events backend is up. */
interface RunContext {
  readonly sources: readonly InputSource[];
  /** Summaries so far (inputs that could not be listed); one is added per source. */
  readonly files: FileSummary[];
  readonly store: FsStore;
  readonly salts: LocalSaltStore;
  readonly clock: () => number;
  readonly backend: EventsBackend;
}

async function runSources(config: RunConfig, io: CommandIo, run: RunContext): Promise<number> {
  const { sources, files, store, salts, clock, backend } = run;
  const byReason: Record<string, number> = {};
  const days = new Set<string>();
  const replaced = new Set<string>();
  // What earlier runs wrote, listed before this run writes anything: each source replaces its own.
  const earlier = await EarlierEvents.index(store);
  let events = 0;
  let textLines = 0;
  // Progress only for a person watching: never with --json, never into a pipe or file.
  const progress =
    io.stderrIsTTY && !config.json
      ? new ProgressBar(io.stderr, sources.every((s) => s.size !== null) ? sumSizes(sources) : null)
      : null;
  let bytesBefore = 0;
  let linesBefore = 0;
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
      earlier,
      outputs: backend.outputs,
      ...(progress
        ? {
            onProgress: (bytes: number, lines: number) =>
              progress.update(bytesBefore + bytes, linesBefore + lines),
          }
        : {}),
    });
    bytesBefore += source.size ?? 0;
    linesBefore += result.summary.lines;
    files.push(result.summary);
    for (const [reason, n] of Object.entries(result.byReason)) byReason[reason] = (byReason[reason] ?? 0) + n;
    for (const day of result.days) days.add(day);
    for (const day of result.replacedDays) replaced.add(day);
    events += result.events;
    textLines += result.textLines;
  }
  progress?.status('computing aggregates…');
  for (const day of replaced) days.add(day);
  await backend.recompute([...replaced]);
  const aggregates = await backend.finish();
  progress?.finish();
  const tables: Record<string, number> = { events };
  for (const table of AGGREGATE_TABLES) tables[table.name] = aggregates.rows[table.name] ?? 0;
  if (textLines > 0) tables.text = textLines;
  const summary: RunSummary = {
    files,
    lines: sum(files, 'lines'),
    parsed: sum(files, 'parsed'),
    ignored: sum(files, 'ignored'),
    malformed: { total: sum(files, 'malformed'), by_reason: byReason },
    events,
    page_views: aggregates.traffic.reduce((n, r) => n + Number(r.page_views), 0),
    visitors: aggregates.traffic.reduce((n, r) => n + Number(r.visitors), 0),
    days: [...days].sort(),
    frozen_days: aggregates.frozen,
    sql_days: aggregates.bySql,
    hidden: hiddenOf(aggregates, config.aggregate.k),
    tables,
  };
  if (config.json) io.stdout(`${JSON.stringify(summary)}\n`);
  else io.stdout(formatRunSummary(summary, aggregates, config.out));
  for (const f of files) {
    if (f.error) io.stderr(`logveil: ${f.path}: ${describeError(f.error)}\n`);
    else if (f.warning === 'empty') io.stderr(`logveil: ${f.path}: warning: empty input\n`);
  }
  for (const day of aggregates.frozen) {
    io.stderr(
      `logveil: ${day}: frozen — events it was computed from have expired; left untouched (--force recomputes)\n`,
    );
  }
  for (const row of aggregates.traffic) {
    if (Number(row.salt_epochs) > 1) {
      io.stderr(
        `logveil: ${row.day} ${row.site}: events under ${row.salt_epochs} salts (late data or several salt directories); visitors may be over-counted\n`,
      );
    }
  }
  return exitCodeOf(summary);
}

function sumSizes(sources: readonly InputSource[]): number {
  let n = 0;
  for (const s of sources) n += s.size ?? 0;
  return n;
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

/** The summary's `hidden`: k-anonymity's `(other)` rows over the days this run computed. */
function hiddenOf(aggregates: RecomputeResult, k: number): RunSummary['hidden'] {
  const share = hiddenShare(
    aggregates.highlights.flatMap((h) => h.pages),
    aggregates.highlights.flatMap((h) => h.notFound),
  );
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    k,
    page_views: share.pageViewsHidden,
    page_views_share: round(shareOf(share.pageViewsHidden, share.pageViews)),
    not_found_hits: share.notFoundHidden,
    not_found_share: round(shareOf(share.notFoundHidden, share.notFoundHits)),
    generalized_page_views: share.pageViewsGeneralized,
    generalized_page_views_share: round(shareOf(share.pageViewsGeneralized, share.pageViews)),
    generalized_not_found_hits: share.notFoundGeneralized,
    generalized_not_found_share: round(shareOf(share.notFoundGeneralized, share.notFoundHits)),
  };
}
