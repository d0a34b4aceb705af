import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/ingest.ts';
import { resetRuntime } from '../../functions/runtime.ts';
import { decodeS3Key } from '../../lib/ingest/s3-notifications.ts';
import { readParquetRows } from '../../lib/tables/parquet-reader.ts';
import { fakeS3 } from '../aws/fake-s3.ts';
import { lambdaContext } from './lambda-context.ts';

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0';
const LOG = Array.from(
  { length: 40 },
  (_, i) =>
    `203.0.113.${i} - - [25/Nov/2026:10:${String(i).padStart(2, '0')}:00 +0000] "GET /p${i % 4} HTTP/1.1" 200 10 "-" "${FIREFOX}"`,
).join('\n');

let s3: ReturnType<typeof fakeS3>;

function message(messageId: string, body: unknown): SQSEvent['Records'][number] {
  return {
    messageId,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  } as SQSEvent['Records'][number];
}

function notification(key: string, etag = 'abc') {
  return {
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: 'raw' }, object: { key, eTag: etag, size: 100 } },
      },
    ],
  };
}

async function eventRows(): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = [];
  for (const [key, o] of s3.objects('analytics')) {
    if (key.startsWith('events/'))
      for (const r of await readParquetRows(o.body)) rows.push({ ...r, _key: key });
  }
  return rows;
}

beforeEach(() => {
  s3 = fakeS3();
  vi.stubEnv('ANALYTICS_BUCKET', 'analytics');
  vi.stubEnv('SALTS_BUCKET', 'salts');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'x');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'y');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  resetRuntime();
});

afterEach(() => {
  s3.mock.restore();
  vi.unstubAllEnvs();
});

describe('ingest handler', () => {
  it('reports exactly the failed messages, skips test events, deletes only finished raw objects', async () => {
    s3.put('raw', 'www.example.com/ok.log.gz', gzipSync(LOG));
    s3.put('raw', 'www.example.com/broken.log', LOG);
    s3.overrideBody('raw', 'www.example.com/broken.log', () => {
      let sent = false;
      return new Readable({
        read() {
          if (!sent) {
            sent = true;
            this.push(Buffer.from(LOG.slice(0, 1500)));
          } else this.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
        },
      });
    });
    const event: SQSEvent = {
      Records: [
        message('m-ok', notification('www.example.com/ok.log.gz')),
        message('m-broken', notification('www.example.com/broken.log')),
        message('m-test', { Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'raw' }),
        message('m-alb-test', notification('AWSLogs/123456789012/ELBAccessLogTestFile')),
        message('m-garbage', 'not json'),
      ],
    };
    const result = await handler(event, lambdaContext());
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m-broken', 'm-garbage']);
    expect(s3.mock).toHaveReceivedCommandWith(DeleteObjectCommand, {
      Bucket: 'raw',
      Key: 'www.example.com/ok.log.gz',
    });
    expect(s3.objects('raw').has('www.example.com/broken.log')).toBe(true);
    expect(s3.objects('analytics').has('aggregates/_pending/dt=2026-11-25')).toBe(true);
    const rows = await eventRows();
    const ok = rows.filter((r) => r.site === 'www.example.com');
    expect(ok.length).toBeGreaterThanOrEqual(40);

    // The redelivered message succeeds; the broken object's partial files are replaced, not doubled.
    const before = rows.length;
    const retry = await handler(
      { Records: [message('m-broken', notification('www.example.com/broken.log'))] },
      lambdaContext(),
    );
    expect(retry.batchItemFailures).toEqual([]);
    const after = await eventRows();
    expect(after.length).toBeLessThanOrEqual(before + 40);
    expect(new Set(after.map((r) => r.event_id)).size).toBe(after.length);
    expect(after).toHaveLength(80);
  });

  it('decodes keys (+ is a space) and takes the site from the first key segment', async () => {
    expect(decodeS3Key('www.example.com/2026/access+log%3A1.gz')).toBe(
      'www.example.com/2026/access log:1.gz',
    );
    s3.put('raw', 'shop.example.com/2026/access log:1', LOG);
    const result = await handler(
      { Records: [message('m1', notification('shop.example.com/2026/access+log%3A1'))] },
      lambdaContext(),
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(new Set((await eventRows()).map((r) => r.site))).toEqual(new Set(['shop.example.com']));
  });

  it('uses SOURCES for site and format when a prefix matches', async () => {
    vi.stubEnv('SOURCES', JSON.stringify([{ prefix: 'cdn/', format: 'combined', site: 'cdn.example.com' }]));
    resetRuntime();
    s3.put('raw', 'cdn/E2ABC.2026-11-25-10.log', LOG);
    await handler({ Records: [message('m1', notification('cdn/E2ABC.2026-11-25-10.log'))] }, lambdaContext());
    expect(new Set((await eventRows()).map((r) => r.site))).toEqual(new Set(['cdn.example.com']));
  });

  it('leaves the whole batch for redelivery when too little time remains', async () => {
    s3.put('raw', 'www.example.com/a.log', LOG);
    const result = await handler(
      {
        Records: [
          message('m1', notification('www.example.com/a.log')),
          message('m2', notification('www.example.com/a.log')),
        ],
      },
      lambdaContext(10_000),
    );
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m1', 'm2']);
    expect(s3.mock).not.toHaveReceivedCommand(GetObjectCommand);
  });

  it('keeps raw objects when RAW_DELETE=false', async () => {
    vi.stubEnv('RAW_DELETE', 'false');
    resetRuntime();
    s3.put('raw', 'www.example.com/a.log', LOG);
    await handler({ Records: [message('m1', notification('www.example.com/a.log'))] }, lambdaContext());
    expect(s3.mock).not.toHaveReceivedCommand(DeleteObjectCommand);
  });

  it('fails loudly at cold start on a bad configuration', async () => {
    vi.stubEnv('K_ANONYMITY', 'zero');
    resetRuntime();
    await expect(handler({ Records: [] }, lambdaContext())).rejects.toThrow(
      /K_ANONYMITY must be a whole number/,
    );
    vi.stubEnv('K_ANONYMITY', '5');
    vi.stubEnv('HOSTING_BOTS', 'sometimes');
    resetRuntime();
    await expect(handler({ Records: [] }, lambdaContext())).rejects.toThrow(
      /HOSTING_BOTS must be true or false/,
    );
    vi.stubEnv('HOSTING_BOTS', 'true');
    vi.stubEnv('GOALS', JSON.stringify(['Order=checkout/confirm']));
    resetRuntime();
    await expect(handler({ Records: [] }, lambdaContext())).rejects.toThrow(
      /GOALS\[0\]: goal "Order": the path "checkout\/confirm" must start with \//,
    );
    vi.stubEnv('GOALS', '[]');
    vi.stubEnv('FUNNELS', JSON.stringify(['Buy=/a > /b', 'buy=/c > /d']));
    resetRuntime();
    await expect(handler({ Records: [] }, lambdaContext())).rejects.toThrow(
      /FUNNELS\[1\]: the name "buy" is used twice/,
    );
  });
});
