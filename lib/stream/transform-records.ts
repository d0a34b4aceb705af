/**
 * The Firehose data-transformation contract (docs/operations.md): one raw line per record in, one event per
 * `Ok` record out, as JSON with `ts` in ISO-8601 UTC and `metadata.partitionKeys` { dt, hour }.
 * Malformed lines are `Dropped` and counted — never `ProcessingFailed`, which would send the raw
 * line to the error prefix. Event ids hash `stream`, the site and the line, so a redelivered record
 * counts once.
 */

import type { ResolvedSource } from '../config/runtime-config.ts';
import { EventBuilder } from '../events/build-event.ts';
import { streamEventId } from '../events/event-id.ts';
import { partitionOf } from '../events/schema.ts';
import { parsersFor } from '../formats/index.ts';
import { zoneResolver } from '../formats/time-zone.ts';
import { MAX_LINE_BYTES } from '../input/line-splitter.ts';
import { anonymize, DaySalts, FallbackParser, isBlankLine, ReasonCounts } from '../line-stages.ts';
import { UNKNOWN_COUNTRY } from '../networks/network-lookup.ts';
import type { PrivacySettings } from '../privacy/privacy-settings.ts';
import type { SaltStore } from '../privacy/salts.ts';
import type { FirehoseInputRecord, FirehoseOutputRecord } from './firehose-records.ts';
import { MAX_RESPONSE_BYTES, ResponseBudget } from './response-budget.ts';

export type { FirehoseInputRecord, FirehoseOutputRecord } from './firehose-records.ts';

export interface TransformOutcome {
  readonly records: FirehoseOutputRecord[];
  readonly ok: number;
  /** Dropped records by reason (malformed reasons, `ignored` for blank and header lines). */
  readonly dropped: Record<string, number>;
  /** Records answered ProcessingFailed because the response would have exceeded Lambda's 6 MB. */
  readonly overflow: number;
  /** Bytes of the serialized response `{"records":[…]}`, as Lambda counts them. */
  readonly responseBytes: number;
}

export class StreamTransformer {
  private readonly builder: EventBuilder;
  private readonly parser: FallbackParser;

  constructor(
    source: ResolvedSource,
    privacy: PrivacySettings,
    private readonly salts: SaltStore,
    private readonly responseLimit = MAX_RESPONSE_BYTES,
  ) {
    this.builder = new EventBuilder({ ...privacy, site: source.site ?? privacy.site });
    this.parser = new FallbackParser(
      parsersFor(source.format, { zone: zoneResolver(source.tz), jsonMap: source.jsonMap }),
    );
  }

  async transform(records: readonly FirehoseInputRecord[]): Promise<TransformOutcome> {
    const out: FirehoseOutputRecord[] = [];
    const dropped = new ReasonCounts();
    // Salts are fetched per invocation: a warm function must not keep one past its destruction.
    const salts = new DaySalts(this.salts);
    const budget = new ResponseBudget(
      records.map((r) => r.recordId),
      this.responseLimit,
    );
    let ok = 0;
    let overflow = 0;
    const drop = (recordId: string, reason: string) => {
      dropped.add(reason);
      out.push(budget.take({ recordId, result: 'Dropped', data: '' }).entry);
    };
    for (const record of records) {
      const bytes = Buffer.from(record.data, 'base64');
      if (bytes.length > MAX_LINE_BYTES + 2) {
        drop(record.recordId, 'too_long');
        continue;
      }
      let line = bytes.toString('utf8');
      if (line.endsWith('\n')) line = line.slice(0, -1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.indexOf('\n') >= 0) {
        drop(record.recordId, 'field_count');
        continue;
      }
      if (isBlankLine(line)) {
        drop(record.recordId, 'ignored');
        continue;
      }
      const result = this.parser.parse(line);
      if (!result.ok) {
        drop(record.recordId, result.reason);
        continue;
      }
      const hit = result.hit;
      const event = anonymize(this.builder, hit, await salts.saltOf(hit.ts), (site) =>
        streamEventId(site, line),
      );
      const { dt, hour } = partitionOf(event.ts);
      // Null columns are left out (the JSON SerDe reads a missing field as null): an event is
      // several times the size of a short line, and Lambda answers at most 6 MB. So are the
      // network columns' defaults, which the tables' SQL reads back from null (lib/aggregate/sql/hits.sql).
      const json = JSON.stringify({ ...event, ts: new Date(event.ts).toISOString() }, (key, v) =>
        v === null ||
        (key === 'country' && v === UNKNOWN_COUNTRY) ||
        (key === 'hosting_network' && v === false)
          ? undefined
          : v,
      );
      const data = Buffer.from(`${json}\n`).toString('base64');
      const answer = budget.take({
        recordId: record.recordId,
        result: 'Ok',
        data,
        metadata: { partitionKeys: { dt, hour } },
      });
      out.push(answer.entry);
      if (answer.fits) ok++;
      else overflow++;
    }
    return { records: out, ok, dropped: dropped.byReason, overflow, responseBytes: budget.bytes };
  }
}
