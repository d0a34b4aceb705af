import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/util-stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3SaltStore } from '../../lib/aws/s3-salt-store.ts';
import { S3Store } from '../../lib/aws/s3-store.ts';
import { DAY_MS, encodeSalt, saltIdOf } from '../../lib/privacy/salts.ts';
import { fakeS3 } from './fake-s3.ts';

let s3: ReturnType<typeof fakeS3>;
beforeEach(() => {
  s3?.mock.restore();
  s3 = fakeS3(() => new Date('2026-11-25T10:00:00Z'));
  s3.mock.resetHistory();
});

describe('S3Store', () => {
  it('streams an object in and reads it back; a missing key is null', async () => {
    const store = new S3Store(s3.client, 'analytics');
    const sink = await store.createObject('events/dt=2026-11-25/x.parquet');
    await sink.write(Buffer.from('part one, '));
    await sink.write(Buffer.from('part two'));
    expect(s3.objects('analytics').has('events/dt=2026-11-25/x.parquet')).toBe(false);
    await sink.commit();
    expect((await store.getObject('events/dt=2026-11-25/x.parquet'))?.toString()).toBe('part one, part two');
    expect(await store.getObject('nope')).toBeNull();
  });

  it('uploads large objects in parts', async () => {
    const store = new S3Store(s3.client, 'analytics');
    const sink = await store.createObject('big');
    for (let i = 0; i < 20; i++) await sink.write(Buffer.alloc(1 << 20, i));
    await sink.commit();
    expect(s3.objects('analytics').get('big')!.body.length).toBe(20 << 20);
  });

  it('lists every page of a prefix', async () => {
    for (const k of ['a/1', 'a/2', 'a/3', 'a/4', 'a/5', 'b/1']) s3.put('analytics', k, k);
    const keys: string[] = [];
    for await (const o of new S3Store(s3.client, 'analytics').list('a/')) keys.push(o.key);
    expect(keys).toEqual(['a/1', 'a/2', 'a/3', 'a/4', 'a/5']);
  });

  it('reads a streamed body made with the SDK stream mixin', async () => {
    s3.mock
      .on(GetObjectCommand, { Key: 'streamed' })
      .resolves({ Body: sdkStreamMixin(Readable.from([Buffer.from('ab'), Buffer.from('cd')])) });
    expect((await new S3Store(s3.client, 'analytics').getObject('streamed'))?.toString()).toBe('abcd');
  });
});

describe('S3SaltStore', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');

  it('creates a salt with If-None-Match: * and reuses it', async () => {
    const store = new S3SaltStore(s3.client, 'salts', () => now);
    const first = await store.saltFor('2026-11-25');
    expect(s3.mock).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'salts',
      Key: '2026-11-25.salt',
      IfNoneMatch: '*',
    });
    const second = await new S3SaltStore(s3.client, 'salts', () => now).saltFor('2026-11-25');
    expect(second.saltId).toBe(first.saltId);
    expect(s3.mock).toHaveReceivedCommandTimes(PutObjectCommand, 1);
  });

  it('does not reuse a cached salt past its lifetime, when another function may have destroyed it', async () => {
    let clock = now;
    const store = new S3SaltStore(s3.client, 'salts', () => clock);
    const first = await store.saltFor('2026-11-25');
    clock = now + DAY_MS;
    expect((await store.saltFor('2026-11-25')).saltId).toBe(first.saltId);
    expect(s3.mock).toHaveReceivedCommandTimes(GetObjectCommand, 1);
    // The aggregate function (another process) destroys it two days after creation.
    s3.objects('salts').delete('2026-11-25.salt');
    clock = now + 2 * DAY_MS;
    const after = await store.saltFor('2026-11-25');
    expect(after.saltId).not.toBe(first.saltId);
  });

  it('reads the winner’s salt after losing the race (412)', async () => {
    const theirs = Buffer.alloc(32, 9);
    s3.mock.on(PutObjectCommand).callsFakeOnce(async () => {
      s3.put('salts', '2026-11-25.salt', encodeSalt('2026-11-25', theirs, now));
      throw Object.assign(new Error('precondition'), {
        name: 'PreconditionFailed',
        $metadata: { httpStatusCode: 412 },
      });
    });
    const salt = await new S3SaltStore(s3.client, 'salts', () => now).saltFor('2026-11-25');
    expect(salt.saltId).toBe(saltIdOf(theirs));
  });

  it('tries again after a conflicting concurrent write (409)', async () => {
    let calls = 0;
    s3.mock.on(PutObjectCommand).callsFake(async (input) => {
      calls++;
      if (calls === 1)
        throw Object.assign(new Error('conflict'), {
          name: 'ConditionalRequestConflict',
          $metadata: { httpStatusCode: 409 },
        });
      s3.put('salts', input.Key!, String(input.Body));
      return {};
    });
    const salt = await new S3SaltStore(
      s3.client,
      'salts',
      () => now,
      2,
      async () => {},
    ).saltFor('2026-11-25');
    expect(calls).toBe(2);
    expect(salt.salt).toHaveLength(32);
  });

  it('gives up after repeated conflicts instead of looping', async () => {
    s3.mock.on(PutObjectCommand).rejects(
      Object.assign(new Error('conflict'), {
        name: 'ConditionalRequestConflict',
        $metadata: { httpStatusCode: 409 },
      }),
    );
    await expect(
      new S3SaltStore(
        s3.client,
        'salts',
        () => now,
        2,
        async () => {},
      ).saltFor('2026-11-25'),
    ).rejects.toThrow(/after 6 attempts/);
  });

  it('destroys salts created two days ago or more', async () => {
    s3.put(
      'salts',
      '2026-11-22.salt',
      encodeSalt('2026-11-22', Buffer.alloc(32, 1), now),
      new Date(now - 2 * DAY_MS),
    );
    s3.put(
      'salts',
      '2026-11-24.salt',
      encodeSalt('2026-11-24', Buffer.alloc(32, 2), now),
      new Date(now - DAY_MS),
    );
    expect(await new S3SaltStore(s3.client, 'salts').destroyExpired(now)).toEqual(['2026-11-22']);
    expect([...s3.objects('salts').keys()]).toEqual(['2026-11-24.salt']);
  });
});
