import type { FirehoseTransformationEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetRuntime } from '../../functions/runtime.ts';
import { handler } from '../../functions/transform.ts';
import { EVENTS_TABLE } from '../../lib/events/schema.ts';
import { fakeS3 } from '../aws/fake-s3.ts';
import { lambdaContext } from '../ingest/lambda-context.ts';

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0';
const line = (i: number) =>
  `203.0.113.${i} - - [25/Nov/2026:10:0${i}:00 +0000] "GET /p${i}?utm_source=news&email=a%40b.c HTTP/1.1" 200 10 "-" "${FIREFOX}"`;
const record = (recordId: string, text: string) => ({
  recordId,
  data: Buffer.from(text).toString('base64'),
  approximateArrivalTimestamp: 0,
});

let s3: ReturnType<typeof fakeS3>;

function firehoseEvent(records: ReturnType<typeof record>[]): FirehoseTransformationEvent {
  return {
    invocationId: 'i',
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:1:deliverystream/raw',
    region: 'us-east-1',
    records,
  };
}

beforeEach(() => {
  s3 = fakeS3();
  vi.stubEnv('ANALYTICS_BUCKET', 'analytics');
  vi.stubEnv('SALTS_BUCKET', 'salts');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'x');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'y');
  vi.stubEnv('SOURCES', JSON.stringify([{ prefix: '', format: 'combined', site: 'www.example.com' }]));
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  resetRuntime();
});

afterEach(() => {
  s3.mock.restore();
  vi.unstubAllEnvs();
});

describe('transform handler', () => {
  it('returns every record once: events Ok with partition keys, malformed and oversized Dropped', async () => {
    const records = [
      record('r1', `${line(1)}\n`),
      record('r2', 'garbage that is not a log line'),
      record('r3', line(2)),
      record(
        'r4',
        `203.0.113.9 - - [25/Nov/2026:10:00:00 +0000] "GET /${'x'.repeat(70_000)} HTTP/1.1" 200 1 "-" "-"`,
      ),
      record('r5', ''),
      record('r6', `${line(3)}\n${line(4)}`),
    ];
    const result = await handler(firehoseEvent(records), lambdaContext());
    expect(result.records.map((r) => [r.recordId, r.result])).toEqual([
      ['r1', 'Ok'],
      ['r2', 'Dropped'],
      ['r3', 'Ok'],
      ['r4', 'Dropped'],
      ['r5', 'Dropped'],
      ['r6', 'Dropped'],
    ]);
    const ok = result.records.filter((r) => r.result === 'Ok');
    for (const r of ok) {
      const event = JSON.parse(Buffer.from(r.data ?? '', 'base64').toString()) as Record<string, unknown>;
      const required = EVENTS_TABLE.columns.filter((c) => !c.nullable).map((c) => c.name);
      for (const name of required) expect(event).toHaveProperty(name);
      for (const name of Object.keys(event)) expect(EVENTS_TABLE.columns.map((c) => c.name)).toContain(name);
      expect(event.ts).toMatch(/^2026-11-25T10:0\dZ?/);
      expect(String(event.ts).endsWith('Z')).toBe(true);
      expect(event.site).toBe('www.example.com');
      expect(event.query).toBe('utm_source=news');
      expect(r.metadata).toEqual({ partitionKeys: { dt: '2026-11-25', hour: '10' } });
      expect(JSON.stringify(event)).not.toMatch(/203\.0\.113|a@b\.c|Firefox\/132/);
    }
    // No day is marked: Firehose delivers minutes later; the hourly run finds the delivered objects.
    expect([...s3.objects('analytics').keys()].filter((k) => k.startsWith('aggregates/'))).toEqual([]);
  });

  it('gives a redelivered line the same event id and visitor id', async () => {
    const first = await handler(firehoseEvent([record('a', line(1))]), lambdaContext());
    const again = await handler(firehoseEvent([record('b', line(1))]), lambdaContext());
    const decode = (r: { data?: string }) => JSON.parse(Buffer.from(r.data ?? '', 'base64').toString());
    expect(decode(again.records[0]!).event_id).toBe(decode(first.records[0]!).event_id);
    expect(decode(again.records[0]!).visitor_id).toBe(decode(first.records[0]!).visitor_id);
  });
});
