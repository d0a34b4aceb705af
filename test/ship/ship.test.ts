import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FirehoseShipper } from '../../lib/aws/firehose-shipper.ts';
import { shipCommand } from '../../lib/cli/ship-command.ts';
import {
  MAX_CALL_BYTES,
  MAX_LINES_PER_RECORD,
  MAX_RECORD_BYTES,
  MAX_RECORDS_PER_CALL,
  RecordPacker,
} from '../../lib/ship/record-packer.ts';
import { tempDir } from '../helpers.ts';

const firehose = mockClient(FirehoseClient);
beforeEach(() => {
  firehose.reset();
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'x');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'y');
});
afterEach(() => vi.unstubAllEnvs());

function acceptWithFailures(failEvery: number, throttleFirst = 0) {
  const accepted: string[] = [];
  let calls = 0;
  firehose.on(PutRecordBatchCommand).callsFake(async (input) => {
    calls++;
    const records = input.Records as Array<{ Data: Uint8Array }>;
    expect(records.length).toBeLessThanOrEqual(MAX_RECORDS_PER_CALL);
    expect(records.reduce((n, r) => n + r.Data.length, 0)).toBeLessThanOrEqual(MAX_CALL_BYTES);
    if (calls <= throttleFirst) {
      throw Object.assign(new Error('Slow down.'), {
        name: 'ServiceUnavailableException',
        $metadata: { httpStatusCode: 503 },
      });
    }
    let failed = 0;
    const responses = records.map((r, i) => {
      expect(r.Data.length).toBeLessThanOrEqual(MAX_RECORD_BYTES);
      const text = Buffer.from(r.Data).toString();
      expect(text.endsWith('\n')).toBe(true);
      expect(text.split('\n').length - 1).toBeLessThanOrEqual(MAX_LINES_PER_RECORD);
      if (failEvery > 0 && (i + calls) % failEvery === 0) {
        failed++;
        return { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' };
      }
      accepted.push(...text.slice(0, -1).split('\n'));
      return { RecordId: `id-${calls}-${i}` };
    });
    return { FailedPutCount: failed, Encrypted: false, RequestResponses: responses };
  });
  return accepted;
}

const noWait = { sleep: async () => {}, random: () => 0.5 };

describe('RecordPacker', () => {
  it('keeps records within 500 lines and 1,000 KB', () => {
    const packer = new RecordPacker();
    const records = [];
    for (let i = 0; i < 1200; i++) {
      const r = packer.add(`line ${i}`);
      if (r) records.push(r);
    }
    records.push(packer.flush()!);
    expect(records.map((r) => r.lines)).toEqual([500, 500, 200]);
    const big = new RecordPacker();
    const sizes = [];
    for (let i = 0; i < 40; i++) {
      const r = big.add('x'.repeat(60_000));
      if (r) sizes.push(r.data.length);
    }
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_RECORD_BYTES);
  });
});

describe('FirehoseShipper', () => {
  it('resends only the failed entries until every line is delivered exactly once', async () => {
    const accepted = acceptWithFailures(3, 2);
    const shipper = new FirehoseShipper(new FirehoseClient({}), 'raw', noWait);
    const packer = new RecordPacker();
    const records = [];
    const lines = Array.from({ length: 3000 }, (_, i) => `line-${i}`);
    for (const l of lines) {
      const r = packer.add(l);
      if (r) records.push(r);
    }
    records.push(packer.flush()!);
    const undelivered = await shipper.send(records);
    expect(undelivered).toEqual([]);
    expect(accepted.sort()).toEqual([...lines].sort());
    expect(shipper.stats).toMatchObject({ linesDelivered: 3000, linesFailed: 0 });
    expect(shipper.stats.retries).toBeGreaterThan(0);
  });

  it('gives up after a bounded number of attempts and reports what was not delivered', async () => {
    firehose.on(PutRecordBatchCommand).rejects(
      Object.assign(new Error('Slow down.'), {
        name: 'ServiceUnavailableException',
        $metadata: { httpStatusCode: 503 },
      }),
    );
    const shipper = new FirehoseShipper(new FirehoseClient({}), 'raw', { ...noWait, maxAttempts: 4 });
    const undelivered = await shipper.send([{ data: Buffer.from('a\nb\n'), lines: 2 }]);
    expect(undelivered).toHaveLength(1);
    expect(firehose).toHaveReceivedCommandTimes(PutRecordBatchCommand, 4);
    expect(shipper.stats.linesFailed).toBe(2);
  });

  it('backs off exponentially with jitter', async () => {
    firehose
      .on(PutRecordBatchCommand)
      .rejects(
        Object.assign(new Error('x'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }),
      );
    const waits: number[] = [];
    const shipper = new FirehoseShipper(new FirehoseClient({}), 'raw', {
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.999,
      maxAttempts: 5,
      baseDelayMs: 100,
    });
    await shipper.send([{ data: Buffer.from('a\n'), lines: 1 }]);
    expect(waits).toEqual([199, 399, 799, 1598]);
  });
});

describe('logveil ship', () => {
  it('sends every line of plain and gzip files unchanged and reports success', async () => {
    const accepted = acceptWithFailures(0);
    const dir = await tempDir();
    const lines = Array.from(
      { length: 1500 },
      (_, i) => `203.0.113.${i % 200} - - [25/Nov/2026:10:00:00 +0000] "GET /p${i} HTTP/1.1" 200 1 "-" "UA"`,
    );
    await writeFile(join(dir, 'a.log'), `${lines.slice(0, 700).join('\n')}\n`);
    await writeFile(join(dir, 'b.log.gz'), gzipSync(`${lines.slice(700).join('\r\n')}`));
    let stdout = '';
    const code = await shipCommand(
      [join(dir, 'a.log'), join(dir, 'b.log.gz')],
      { stream: 'raw', json: true },
      { stdout: (t) => (stdout += t), stderr: () => {} },
    );
    expect(code).toBe(0);
    expect(accepted).toEqual(lines);
    expect(JSON.parse(stdout)).toMatchObject({ lines: 1500, delivered: 1500, undelivered: 0 });
  });

  it('fails naming the number of undelivered lines', async () => {
    firehose.on(PutRecordBatchCommand).rejects(
      Object.assign(new Error('denied'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const dir = await tempDir();
    await writeFile(join(dir, 'a.log'), 'one\ntwo\nthree\n');
    let stderr = '';
    const code = await shipCommand(
      [join(dir, 'a.log')],
      { stream: 'raw' },
      { stdout: () => {}, stderr: (t) => (stderr += t) },
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/3 lines were not delivered to raw/);
    expect(stderr).not.toMatch(/one|two|three/);
  });

  it('warns when a file spans more than 48 hours', async () => {
    acceptWithFailures(0);
    const dir = await tempDir();
    const days = ['20', '21', '22', '23'];
    await writeFile(
      join(dir, 'a.log'),
      `${days.map((d) => `203.0.113.1 - - [${d}/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "UA"`).join('\n')}\n`,
    );
    let stderr = '';
    await shipCommand(
      [join(dir, 'a.log')],
      { stream: 'raw' },
      { stdout: () => {}, stderr: (t) => (stderr += t) },
    );
    expect(stderr).toMatch(/spans 72 hours/);
  });
});
