/**
 * Lambda's 6 MB response limit (lib/stream/response-budget.ts, lib/stream/processor-buffer.ts): a
 * full processor buffer of the shortest line of every built-in format answers under the limit with
 * every record Ok; shorter lines than any built-in format writes still never push the response
 * over it; the bound counts the serialized response exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPrivacySettings } from '../../lib/privacy/privacy-settings.ts';
import { newSalt, type SaltStore, saltIdOf } from '../../lib/privacy/salts.ts';
import {
  ASSUMED_RECORD_ID_CHARS,
  ASSUMED_SITE_CHARS,
  PROCESSOR_BUFFER_BYTES,
  SHORTEST_LINES,
} from '../../lib/stream/processor-buffer.ts';
import { MAX_RESPONSE_BYTES } from '../../lib/stream/response-budget.ts';
import { type FirehoseInputRecord, StreamTransformer } from '../../lib/stream/transform-records.ts';

const salt = newSalt();
const salts: SaltStore = {
  saltFor: async (day) => ({ day, salt, saltId: saltIdOf(salt), createdAt: 0 }),
  destroyExpired: async () => [],
};
const SITE = `${'s'.repeat(ASSUMED_SITE_CHARS - 12)}.example.com`;

function transformer(format: string, site = SITE, limit?: number): StreamTransformer {
  return new StreamTransformer(
    { format, site, tz: 'UTC', jsonMap: {} },
    defaultPrivacySettings(),
    salts,
    limit,
  );
}

/** Record ids as long as the bound assumes, all different. */
function recordId(i: number): string {
  return String(i).padStart(ASSUMED_RECORD_ID_CHARS, '4');
}

function records(lines: readonly string[]): FirehoseInputRecord[] {
  return lines.map((line, i) => ({ recordId: recordId(i), data: Buffer.from(line).toString('base64') }));
}

/** What Lambda measures: the handler's return value serialized. */
function responseBytes(out: unknown[]): number {
  return Buffer.byteLength(JSON.stringify({ records: out }));
}

describe('a full processor buffer answers under Lambda’s response limit', () => {
  it.each(SHORTEST_LINES)('$format: the shortest valid line, a whole buffer of it, all Ok', async (c) => {
    const t = transformer(c.format);
    if (c.header) await t.transform(records([c.header]));
    // Firehose may pass the size hint by one record.
    const count = Math.ceil(PROCESSOR_BUFFER_BYTES / Buffer.byteLength(c.line)) + 1;
    const input = records(Array.from({ length: count }, () => c.line));
    const outcome = await t.transform(input);
    expect(outcome.overflow).toBe(0);
    expect(outcome.ok).toBe(count);
    expect(outcome.records.every((r) => r.result === 'Ok')).toBe(true);
    const bytes = responseBytes(outcome.records);
    expect(bytes).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    // Not vacuous: these lines expand many times over, so a 1 MiB buffer would not have fitted.
    expect(bytes * ((1024 * 1024) / PROCESSOR_BUFFER_BYTES)).toBeGreaterThan(MAX_RESPONSE_BYTES);
    // The function's own count is the serialized size (less the comma after the last entry).
    expect(outcome.responseBytes).toBe(bytes + 1);
  });

  it('lines shorter than any built-in format: the answer still fits, the rest ProcessingFailed with no data', async () => {
    const line = '{"ts":1,"url":"/"}';
    const count = Math.ceil(PROCESSOR_BUFFER_BYTES / line.length) + 1;
    const input = records(Array.from({ length: count }, () => line));
    const outcome = await transformer('json').transform(input);
    expect(outcome.overflow).toBeGreaterThan(0);
    expect(outcome.ok + outcome.overflow).toBe(count);
    expect(responseBytes(outcome.records)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    expect(outcome.records.map((r) => r.recordId)).toEqual(input.map((r) => r.recordId));
    const failed = outcome.records.filter((r) => r.result === 'ProcessingFailed');
    expect(failed).toHaveLength(outcome.overflow);
    for (const r of failed) expect(r.data).toBe('');
  });

  it('any mix of records never answers over the limit, and every record is answered once, in order', async () => {
    const valid = '203.0.113.7 - - [01/Dec/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 5';
    const kinds = fc.constantFrom(valid, SHORTEST_LINES[0]!.line, '', 'not a log line', `${valid}\n${valid}`);
    await fc.assert(
      fc.asyncProperty(
        fc.array(kinds, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 14, max: 40_000 }),
        async (lines, limit) => {
          const input = records(lines);
          const outcome = await transformer('common', 'www.example.com', limit).transform(input);
          expect(outcome.records.map((r) => r.recordId)).toEqual(input.map((r) => r.recordId));
          const floor = responseBytes(
            input.map((r) => ({ recordId: r.recordId, result: 'ProcessingFailed', data: '' })),
          );
          // Whenever the cheapest possible answer fits, the real one does too.
          if (floor <= limit) expect(responseBytes(outcome.records)).toBeLessThanOrEqual(limit);
          expect(
            outcome.ok + outcome.overflow + Object.values(outcome.dropped).reduce((a, b) => a + b, 0),
          ).toBe(lines.length);
        },
      ),
      { numRuns: 150 },
    );
  });
});
