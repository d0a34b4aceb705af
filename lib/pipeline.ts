/**
 * The local pipeline, wired once: input bytes → lines → format → privacy rules → events Parquet.
 * Lines are handled a chunk at a time in a synchronous loop; the only awaits are for reading, for a
 * new day's salt and for writing row groups, so throughput is bounded by parsing, not by promises.
 */

import type { EarlierEvents } from './aggregate/earlier-events.ts';
import { EventBuilder } from './events/build-event.ts';
import { legacyLocalSourceId, localSourceId, sourceKey } from './events/event-id.ts';
import { type EventOutput, type EventOutputFactory, localEventOutputs } from './events/event-output.ts';
import type { WrittenFile } from './events/events-writer.ts';
import { dayOf } from './events/schema.ts';
import {
  detectFormat,
  type LineParser,
  type ParsedHit,
  parsersFor,
  SNIFF_LINES,
  TEXT_FORMAT,
} from './formats/index.ts';
import type { JsonField } from './formats/json-format.ts';
import type { ZoneResolver } from './formats/time-zone.ts';
import { decodedChunks, InputError } from './input/decoded-chunks.ts';
import { LineSplitter } from './input/line-splitter.ts';
import type { InputSource } from './input/sources.ts';
import { anonymize, DaySalts, isBlankLine } from './line-stages.ts';
import { scrubFreeText } from './privacy/free-text.ts';
import type { PrivacySettings } from './privacy/privacy-settings.ts';
import type { SaltStore } from './privacy/salts.ts';
import type { Store } from './store/store.ts';
import type { FileSummary } from './summary.ts';
import { TextWriter, textKey } from './text/text-writer.ts';

export interface PipelineOptions {
  readonly format: string;
  readonly zone: ZoneResolver;
  readonly privacy: PrivacySettings;
  /** `--source-id`, for stdin. */
  readonly sourceId: string | null;
  /** `--json-map` overrides for the json format. */
  readonly jsonMap?: Partial<Record<JsonField, string>>;
  /** The run's clock, epoch ms: the day under which `text` output is filed. */
  readonly nowMs: number;
}

export interface SourceResult {
  readonly summary: FileSummary;
  readonly byReason: Record<string, number>;
  readonly written: WrittenFile[];
  readonly events: number;
  /** Scrubbed lines written by the `text` format. */
  readonly textLines: number;
  readonly days: ReadonlySet<string>;
  /** Days that held events files an earlier run wrote for this source (deleted): compute them again. */
  readonly replacedDays: readonly string[];
}

export interface PipelineContext {
  readonly options: PipelineOptions;
  readonly store: Store;
  readonly salts: SaltStore;
  /** Where each source's events go; default: events files on this thread, nothing else. */
  readonly outputs?: EventOutputFactory;
  /** Events files of earlier runs, replaced by this run's (local runs). */
  readonly earlier?: EarlierEvents;
  /** Called with this source's raw bytes read and lines seen so far, for progress displays. */
  readonly onProgress?: (bytes: number, lines: number) => void;
}

const MISMATCH_MIN_LINES = 100;

export async function processSource(source: InputSource, ctx: PipelineContext): Promise<SourceResult> {
  const run = new SourceRun(source, ctx);
  return run.execute();
}

class SourceRun {
  private readonly summary: FileSummary;
  private readonly byReason: Record<string, number> = {};
  private readonly builder: EventBuilder;
  private readonly candidates: LineParser[];
  private parser: LineParser | null = null;
  private sniffing = true;
  private readonly head: Array<[string | null, number]> = [];
  private texts: Array<string | null> = [];
  private lineNos: number[] = [];
  private sourceId = '';
  private sourceHash = '';
  /** Keys an earlier version of logveil gave this source: their files are replaced too. */
  private legacyHash: string | null = null;
  private replacedDays: string[] = [];
  private output: EventOutput | null = null;
  private readonly isText: boolean;
  private textWriter: TextWriter | null = null;
  private readonly salts: DaySalts;
  private readonly days = new Set<string>();
  private events = 0;
  private newestTs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly source: InputSource,
    private readonly ctx: PipelineContext,
  ) {
    this.summary = {
      path: source.path,
      format: ctx.options.format,
      lines: 0,
      parsed: 0,
      malformed: 0,
      ignored: 0,
    };
    this.builder = new EventBuilder(ctx.options.privacy);
    this.salts = new DaySalts(ctx.salts);
    this.isText = ctx.options.format === TEXT_FORMAT;
    this.candidates = this.isText
      ? []
      : parsersFor(ctx.options.format, {
          zone: ctx.options.zone,
          ...(ctx.options.jsonMap ? { jsonMap: ctx.options.jsonMap } : {}),
        });
    if (this.candidates.length === 1) this.summary.format = this.candidates[0]!.name;
  }

  async execute(): Promise<SourceResult> {
    const splitter = new LineSplitter({
      line: (text, lineNo) => {
        this.texts.push(text);
        this.lineNos.push(lineNo);
      },
      tooLong: (lineNo) => {
        this.texts.push(null);
        this.lineNos.push(lineNo);
      },
    });
    let written: WrittenFile[] = [];
    try {
      for await (const chunk of decodedChunks(this.countBytes(this.source.open()))) {
        splitter.push(chunk);
        await this.drain(false);
      }
      splitter.end();
      await this.drain(true);
    } catch (err) {
      if (!(err instanceof InputError)) {
        await this.output?.abort();
        await this.textWriter?.abort();
        throw err;
      }
      this.summary.error = err.code;
      // What was read before the damage is kept: the same source id rewrites it once the file is fixed.
      await this.drain(true).catch(() => {});
    }
    if (this.output) written = await this.output.close();
    const textLines = this.textWriter ? await this.textWriter.close() : 0;
    this.finishSummary();
    return {
      summary: this.summary,
      byReason: this.byReason,
      written,
      events: this.events,
      textLines,
      days: this.days,
      replacedDays: this.replacedDays,
    };
  }

  private async *countBytes(raw: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    let bytes = 0;
    for await (const chunk of raw) {
      bytes += chunk.length;
      this.ctx.onProgress?.(bytes, this.summary.lines);
      yield chunk;
    }
  }

  /** Handles the lines split from the latest chunk. */
  private async drain(final: boolean): Promise<void> {
    const texts = this.texts;
    const lineNos = this.lineNos;
    this.texts = [];
    this.lineNos = [];
    if (this.sniffing) {
      for (let i = 0; i < texts.length; i++) this.head.push([texts[i]!, lineNos[i]!]);
      const sample = this.head.flatMap(([t]) => (t !== null && t.trim().length > 0 ? [t] : []));
      if (sample.length < SNIFF_LINES && !final) return;
      this.decide(sample);
      const head = this.head.splice(0);
      await this.handle(
        head.map(([t]) => t),
        head.map(([, n]) => n),
      );
      return;
    }
    await this.handle(texts, lineNos);
  }

  private decide(sample: string[]): void {
    this.sniffing = false;
    if (this.isText) {
      this.parser = null;
    } else if (this.candidates.length === 1) {
      this.parser = this.candidates[0]!;
      this.summary.format = this.parser.name;
    } else {
      const detection = detectFormat(this.candidates, sample);
      this.parser = detection.parser;
      this.summary.format = detection.parser?.name ?? 'unknown';
    }
    const first = sample.find((l) => !l.startsWith('#'));
    const site = this.ctx.options.privacy.site ?? 'default';
    const named = this.source.sourceId ?? (this.source.isStdin ? this.ctx.options.sourceId : null);
    this.sourceId = named ?? localSourceId(first ?? '');
    this.sourceHash = sourceKey(this.sourceId);
    if (named === null) this.legacyHash = sourceKey(legacyLocalSourceId(site, first ?? ''));
  }

  private async handle(texts: Array<string | null>, lineNos: number[]): Promise<void> {
    if (this.isText) return this.handleText(texts);
    const parser = this.parser ?? this.candidates[0]!;
    const hits: ParsedHit[] = [];
    const hitLines: number[] = [];
    const summary = this.summary;
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i] as string | null;
      summary.lines++;
      if (text === null) {
        this.malformed('too_long');
        continue;
      }
      if (isBlankLine(text)) {
        summary.ignored++;
        continue;
      }
      if (this.parser === null) {
        // Nothing parsed the sample: count the line under the reason the first candidate gives.
        const result = parser.parse(text);
        this.malformed(
          result.ok ? 'field_count' : result.reason === 'ignored' ? 'field_count' : result.reason,
        );
        continue;
      }
      const result = parser.parse(text);
      if (result.ok) {
        summary.parsed++;
        hits.push(result.hit);
        hitLines.push(lineNos[i]!);
      } else if (result.reason === 'ignored') {
        summary.ignored++;
      } else {
        this.malformed(result.reason);
      }
    }
    if (hits.length > 0) await this.emit(hits, hitLines);
  }

  /** `text`: every line is scrubbed and kept as text; nothing is parsed into events. */
  private async handleText(texts: Array<string | null>): Promise<void> {
    const summary = this.summary;
    for (const text of texts) {
      summary.lines++;
      if (text === null) {
        this.malformed('too_long');
      } else if (isBlankLine(text)) {
        summary.ignored++;
      } else {
        if (this.textWriter === null) {
          const day = dayOf(this.ctx.options.nowMs);
          const site = this.ctx.options.privacy.site ?? 'default';
          this.textWriter = new TextWriter(this.ctx.store, textKey(site, day, this.sourceHash));
          this.days.add(day);
        }
        await this.textWriter.write(scrubFreeText(text));
        summary.parsed++;
      }
    }
  }

  private async emit(hits: ParsedHit[], lineNos: number[]): Promise<void> {
    for (const hit of hits) {
      // Awaited only for a new day: most hits' day is known.
      if (!this.salts.has(hit.ts)) this.days.add((await this.salts.saltOf(hit.ts)).day);
    }
    if (this.output === null) {
      // Before this source writes anything: what an earlier run wrote for it is replaced, not added to.
      const keys = this.legacyHash === null ? [this.sourceHash] : [this.sourceHash, this.legacyHash];
      this.replacedDays = (await this.ctx.earlier?.remove(this.ctx.store, keys)) ?? [];
      this.output = (this.ctx.outputs ?? localEventOutputs(this.ctx.store))(this.sourceHash);
    }
    const output = this.output;
    for (let i = 0; i < hits.length; i++) {
      const hit = hits[i]!;
      // The output names the event (source key + line number): see EventOutput.add.
      const event = anonymize(this.builder, hit, this.salts.known(hit.ts), '');
      output.add(event, lineNos[i]!);
      if (hit.ts > this.newestTs) this.newestTs = hit.ts;
      this.events++;
    }
    await output.endChunk(this.newestTs);
  }

  private malformed(reason: string): void {
    this.summary.malformed++;
    this.byReason[reason] = (this.byReason[reason] ?? 0) + 1;
  }

  private finishSummary(): void {
    const s = this.summary;
    const considered = s.parsed + s.malformed;
    if (!s.error && considered >= MISMATCH_MIN_LINES && s.malformed * 2 > considered)
      s.error = 'format_mismatch';
    if (!s.error && s.lines === 0) s.warning = 'empty';
  }
}
