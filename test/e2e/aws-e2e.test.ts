/**
 * The AWS functions end to end against a real S3-compatible server (s3rver) on loopback, started and
 * stopped by this test: raw gzip log → ingest → aggregate → tables checked against the generator's
 * truth; every log line the functions printed is checked for planted personal data.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { SQSEvent } from 'aws-lambda';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { s3Client } from '../../lib/aws/clients.ts';
import { S3Store } from '../../lib/aws/s3-store.ts';
import { Random } from '../../lib/generate/random.ts';
import { renderCombined } from '../../lib/generate/render.ts';
import { type GeneratedHit, TrafficModel } from '../../lib/generate/traffic-model.ts';
import { readParquetRows } from '../../lib/tables/parquet-reader.ts';
import { truthByDay } from '../aggregate/truth.ts';
import { athenaStandin, type StandinBuckets } from '../aws/athena-standin.ts';
import { lambdaContext } from '../ingest/lambda-context.ts';

/** A table's rows of a day, from whatever files Athena's UNLOAD named. */
async function tableRows(store: S3Store, table: string, day: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for await (const o of store.list(`aggregates/${table}/dt=${day}/`))
    rows.push(...(await readParquetRows((await store.getObject(o.key))!)));
  return rows;
}

/** The S3-compatible server's buckets, for the Athena stand-in. */
function serverBuckets(): StandinBuckets {
  return {
    objects: async (bucket, prefix) => {
      const store = new S3Store(s3Client(), bucket);
      const out: Array<[string, Uint8Array]> = [];
      for await (const o of store.list(prefix)) out.push([o.key, (await store.getObject(o.key))!]);
      return out;
    },
    put: (bucket, key, body) => new S3Store(s3Client(), bucket).putObject(key, body),
  };
}

let server: S3rver;
let dir: string;
let hits: GeneratedHit[];
let logs = '';

async function capture<T>(run: () => Promise<T>): Promise<T> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    logs += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    logs += String(chunk);
    return true;
  });
  try {
    return await run();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logveil-s3rver-'));
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: dir,
    configureBuckets: [{ name: 'raw' }, { name: 'analytics' }, { name: 'salts' }, { name: 'results' }],
  });
  const { port } = await server.run();
  vi.stubEnv('AWS_ENDPOINT_URL_S3', `http://127.0.0.1:${port}`);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
  vi.stubEnv('ANALYTICS_BUCKET', 'analytics');
  // The aggregate function runs its days in Athena: here the stand-in, over this server's buckets.
  vi.stubEnv('ATHENA_WORKGROUP', 'logveil-aggregate');
  vi.stubEnv('ATHENA_EVENTS_DATABASE', 'logveil_aggregation');
  vi.stubEnv('ATHENA_RESULTS_BUCKET', 'results');
  vi.stubEnv('SALTS_BUCKET', 'salts');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
  hits = [
    ...new TrafficModel(new Random('aws-e2e'), {
      startMs: Date.parse('2026-11-01T00:00:00Z'),
      days: 2,
      lines: 16_000,
      host: 'www.example.com',
    }).hits(),
  ];
  await new S3Store(s3Client(), 'raw').putObject(
    'example.com/2026/11/access.log.gz',
    gzipSync(`${hits.map(renderCombined).join('\n')}\n`),
  );
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('ingest and aggregate functions on an S3-compatible server', () => {
  it('ingest writes events and deletes the raw object; aggregate computes the generator’s truth', async () => {
    const { resetRuntime } = await import('../../functions/runtime.ts');
    resetRuntime();
    const { handler: ingest } = await import('../../functions/ingest.ts');
    const { handler: aggregate } = await import('../../functions/aggregate.ts');
    const notification = {
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          s3: {
            bucket: { name: 'raw' },
            object: { key: 'example.com/2026/11/access.log.gz', eTag: '"e1"', size: 1 },
          },
        },
      ],
    };
    const event = { Records: [{ messageId: 'm1', body: JSON.stringify(notification) }] } as SQSEvent;
    const result = await capture(() => ingest(event, lambdaContext()));
    expect(result.batchItemFailures).toEqual([]);

    const analytics = new S3Store(s3Client(), 'analytics');
    expect(await new S3Store(s3Client(), 'raw').getObject('example.com/2026/11/access.log.gz')).toBeNull();
    const pending: string[] = [];
    for await (const o of analytics.list('aggregates/_pending/')) pending.push(o.key);
    expect(pending).toEqual(['aggregates/_pending/dt=2026-11-01', 'aggregates/_pending/dt=2026-11-02']);

    const athena = await athenaStandin(serverBuckets(), 'analytics');
    const run = await capture(() =>
      aggregate({ from: '2026-11-01', to: '2026-11-02' }, lambdaContext()),
    ).finally(() => athena.close());
    expect(athena.queries.length).toBeGreaterThan(0);
    expect(run.computed).toEqual(['2026-11-01', '2026-11-02']);

    const truth = truthByDay(hits);
    for (const [day, t] of truth) {
      const [row] = await tableRows(analytics, 'traffic_daily', day);
      expect(row).toMatchObject({
        site: 'example.com',
        hits: t.hits,
        bot_hits: t.bot_hits,
        page_views: t.page_views,
        visitors: t.visitors,
        sessions: t.sessions,
        bounces: t.bounces,
        session_seconds: t.session_seconds,
        salt_epochs: 1,
      });
      const sources = await tableRows(analytics, 'sources_daily', day);
      const sessions: Record<string, number> = {};
      for (const r of sources)
        sessions[String(r.channel)] = (sessions[String(r.channel)] ?? 0) + Number(r.sessions);
      expect(sessions).toEqual(Object.fromEntries(t.channelSessions));
    }
    const salts: string[] = [];
    for await (const o of new S3Store(s3Client(), 'salts').list('')) salts.push(o.key);
    expect(salts).toEqual(['2026-11-01.salt', '2026-11-02.salt']);
  });

  it('transform turns streamed lines into events and marks their days', async () => {
    vi.stubEnv('SOURCES', JSON.stringify([{ prefix: '', format: 'combined', site: 'example.com' }]));
    const { resetRuntime } = await import('../../functions/runtime.ts');
    resetRuntime();
    const { handler: transform } = await import('../../functions/transform.ts');
    const records = hits.slice(0, 800).map((h, i) => ({
      recordId: `r${i}`,
      data: Buffer.from(renderCombined(h)).toString('base64'),
      approximateArrivalTimestamp: 0,
    }));
    const result = await capture(() =>
      transform(
        {
          invocationId: 'i',
          deliveryStreamArn: 'arn:aws:firehose:us-east-1:1:deliverystream/raw',
          region: 'us-east-1',
          records,
        },
        lambdaContext(),
      ),
    );
    expect(result.records.filter((r) => r.result === 'Ok')).toHaveLength(800);
    expect(logs).toMatch(/records transformed/);
  });

  it('printed no personal data in any log line', () => {
    expect(logs).toMatch(/object ingested/);
    expect(logs).toMatch(/aggregates computed/);
    const planted = new Set<string>();
    for (const h of hits) {
      planted.add(h.ip);
      if (h.user) planted.add(h.user);
      if (h.ua !== '-' && h.ua.length > 20) planted.add(h.ua);
      for (const m of (h.target ?? '').matchAll(/[a-z]+\.[a-z]+(?:@|%40)[a-z.]+|\d{15,16}|[A-Za-z0-9]{32}/g))
        planted.add(decodeURIComponent(m[0]));
    }
    expect(planted.size).toBeGreaterThan(100);
    for (const value of planted) expect(logs, `log output contains ${value}`).not.toContain(value);
  });
});
