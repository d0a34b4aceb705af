/**
 * Lambda's 6 MB response limit, counted the way Lambda counts it: the bytes of the serialized JSON
 * response `{"records":[…]}`. The transform keeps room for every record it has not answered yet
 * (each costs at least a `ProcessingFailed` entry), so the response can never grow past the limit,
 * whatever the records hold.
 */
import type { FirehoseOutputRecord } from './firehose-records.ts';

/** Lambda allows 6 MB (6,291,456 bytes) per synchronous response; stay at 6,000,000 whichever "MB" is meant. */
export const MAX_RESPONSE_BYTES = 6_000_000;

/** `{"records":[` + `]}` */
const WRAPPER_BYTES = 14;

/** Bytes an entry adds to the response: its JSON and the comma before the next one. */
export function entryBytes(record: FirehoseOutputRecord): number {
  return Buffer.byteLength(JSON.stringify(record)) + 1;
}

export function failedEntry(recordId: string): FirehoseOutputRecord {
  // Firehose files the original record under the error prefix; the data we return is not used.
  return { recordId, result: 'ProcessingFailed', data: '' };
}

export class ResponseBudget {
  private used = WRAPPER_BYTES;
  /** Bytes kept for the records not answered yet, at their cheapest possible answer. */
  private reserved = 0;

  constructor(
    recordIds: readonly string[],
    private readonly limit = MAX_RESPONSE_BYTES,
  ) {
    for (const id of recordIds) this.reserved += entryBytes(failedEntry(id));
  }

  /**
   * Answers the next record: `entry` when it fits beside the room kept for the records after it,
   * else a `ProcessingFailed` entry (which always fits: its room was kept from the start).
   */
  take(entry: FirehoseOutputRecord): { entry: FirehoseOutputRecord; fits: boolean } {
    const failed = failedEntry(entry.recordId);
    const floor = entryBytes(failed);
    this.reserved -= floor;
    const size = entry.result === 'ProcessingFailed' ? floor : entryBytes(entry);
    if (this.used + size + this.reserved <= this.limit) {
      this.used += size;
      return { entry, fits: true };
    }
    this.used += floor;
    return { entry: failed, fits: false };
  }

  /** Bytes of the whole response answered so far (less one comma: the last entry has none). */
  get bytes(): number {
    return this.used;
  }
}
