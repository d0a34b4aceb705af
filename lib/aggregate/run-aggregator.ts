/**
 * Aggregation during a run: the events a run builds are kept in memory per UTC day, and a day is
 * computed as soon as the input has moved well past it — reading back only events files this run did
 * not write — then its events are released. Memory follows the days in flight, not the input. A day
 * that gets more events later (another file, late lines) is computed again at the end.
 */

import type { EventColumns } from '../events/event-columns.ts';
import type { EventSink } from '../events/event-sink.ts';
import { TS_COLUMN } from '../events/schema.ts';
import type { Store } from '../store/store.ts';
import type { AggregateOptions } from './aggregate-options.ts';
import { DayColumns } from './day-columns.ts';
import type { DayEvent } from './day-event.ts';
import {
  type DayMemory,
  emptyResult,
  mergeResults,
  type RecomputeResult,
  recomputeDays,
} from './recompute-days.ts';

const DAY_MS = 86_400_000;
/** Hours past a day's end before it is computed: the events writer closes hours three hours behind. */
const SETTLE_MS = 4 * 3_600_000;

interface OpenDay {
  events: DayColumns;
  keys: Set<string>;
}

export class RunAggregator implements EventSink {
  private readonly open = new Map<string, OpenDay>();
  private readonly pending = new Set<string>();
  private readonly result = emptyResult();
  /** Rows written per table by the latest computation of each day. */
  private readonly dayRows = new Map<string, Record<string, number>>();
  private lastDay = '';
  private lastDayNo = -1;
  private lastOpen: OpenDay | null = null;
  private readonly sources = new Set<string>();
  /** A source was opened twice (a copy of a file): events in memory may repeat ids. */
  private sourceRepeated = false;

  constructor(
    private readonly store: Store,
    private readonly options: AggregateOptions,
    private readonly computedAt: number,
    private readonly force: boolean,
    /** Called once a computed day's memory is released (the events thread collects garbage then). */
    private readonly dayReleased: () => void = () => {},
  ) {}

  openSource(sourceKey: string): void {
    if (this.sources.has(sourceKey)) this.sourceRepeated = true;
    this.sources.add(sourceKey);
  }

  add(event: DayEvent, sourceKey: string, lineNo: number): void {
    this.dayOf(event.ts).add(event, sourceKey, lineNo);
  }

  addRange(columns: EventColumns, from: number, to: number, sourceKey: string): void {
    const ts = columns.typed[TS_COLUMN]!;
    let start = from;
    while (start < to) {
      // Logs are nearly in time order: rows come in long runs of one day.
      const dayNo = Math.floor(ts[start]! / DAY_MS);
      let end = start + 1;
      while (end < to && Math.floor(ts[end]! / DAY_MS) === dayNo) end++;
      this.dayOf(ts[start]!).addRows(columns, start, end, sourceKey);
      start = end;
    }
  }

  /** The open day of a hit time; consecutive events nearly always share one. */
  private dayOf(ts: number): DayColumns {
    const dayNo = Math.floor(ts / DAY_MS);
    if (this.lastDayNo === dayNo && this.lastOpen !== null) return this.lastOpen.events;
    const day = new Date(dayNo * DAY_MS).toISOString().slice(0, 10);
    let open = this.open.get(day);
    if (open === undefined) {
      open = { events: new DayColumns(), keys: new Set() };
      this.open.set(day, open);
    }
    this.lastDay = day;
    this.lastDayNo = dayNo;
    this.lastOpen = open;
    this.pending.add(day);
    return open.events;
  }

  fileWritten(key: string, dt: string): void {
    this.open.get(dt)?.keys.add(key);
    this.pending.add(dt);
  }

  async advance(newestTs: number): Promise<void> {
    for (const day of [...this.pending]) {
      if (Date.parse(`${day}T00:00:00Z`) + DAY_MS + SETTLE_MS <= newestTs) await this.compute([day]);
    }
  }

  /** Days to compute again though no event of this run falls on them (their files were replaced). */
  recompute(days: readonly string[]): void {
    for (const day of days) this.pending.add(day);
  }

  /** Computes every day still waiting; returns what the whole run computed. */
  async finish(): Promise<RecomputeResult> {
    await this.compute([...this.pending]);
    // A day computed early and again later is reported once, with its last numbers.
    const last = new Map<string, number>();
    this.result.traffic.forEach((row, i) => {
      last.set(`${row.day}\n${row.site}`, i);
    });
    this.result.traffic.splice(
      0,
      this.result.traffic.length,
      ...this.result.traffic.filter((row, i) => last.get(`${row.day}\n${row.site}`) === i),
    );
    const lastHighlight = new Map(this.result.highlights.map((h, i) => [h.day, i]));
    this.result.highlights.splice(
      0,
      this.result.highlights.length,
      ...this.result.highlights.filter((h, i) => lastHighlight.get(h.day) === i),
    );
    this.result.computed.splice(0, this.result.computed.length, ...new Set(this.result.computed));
    this.result.frozen.splice(0, this.result.frozen.length, ...new Set(this.result.frozen));
    for (const name of Object.keys(this.result.rows)) this.result.rows[name] = 0;
    for (const rows of this.dayRows.values()) {
      for (const [name, n] of Object.entries(rows))
        this.result.rows[name] = (this.result.rows[name] ?? 0) + n;
    }
    return this.result;
  }

  private async compute(days: string[]): Promise<void> {
    const memory = (day: string): DayMemory | undefined => {
      const open = this.open.get(day);
      return (
        open && {
          events: () => open.events.toEvents(),
          table: () => open.events.table(),
          keys: open.keys,
          uniqueIds: !this.sourceRepeated,
        }
      );
    };
    for (const day of days.sort()) {
      const computed = await recomputeDays(
        this.store,
        [day],
        this.options,
        this.computedAt,
        this.force,
        memory,
      );
      mergeResults(this.result, computed);
      if (computed.computed.length > 0) this.dayRows.set(day, computed.rows);
      this.pending.delete(day);
      this.open.delete(day);
      if (this.lastDay === day) {
        this.lastDay = '';
        this.lastDayNo = -1;
        this.lastOpen = null;
      }
      this.dayReleased();
    }
  }
}
