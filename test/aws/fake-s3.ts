/**
 * An in-memory S3 behind aws-sdk-client-mock: enough of Put/Get/List/Delete and multipart uploads for
 * the adapters' unit tests, with hooks to inject failures.
 */
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';

export interface FakeObject {
  body: Buffer;
  lastModified: Date;
}

async function bytesOf(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const parts: Buffer[] = [];
  for await (const c of body as AsyncIterable<Uint8Array>) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

function notFound(): Error {
  return Object.assign(new Error('The specified key does not exist.'), {
    name: 'NoSuchKey',
    $metadata: { httpStatusCode: 404 },
  });
}

export function fakeS3(now: () => Date = () => new Date()) {
  const mock = mockClient(S3Client);
  const buckets = new Map<string, Map<string, FakeObject>>();
  const bucket = (name: string) => buckets.get(name) ?? buckets.set(name, new Map()).get(name)!;
  const uploads = new Map<string, Buffer[]>();
  /** Body streams to hand out instead of stored bytes, per `bucket/key`, consumed once each. */
  const bodyOverrides = new Map<string, Array<() => Readable>>();

  mock.on(PutObjectCommand).callsFake(async (input) => {
    const objects = bucket(input.Bucket!);
    if (input.IfNoneMatch === '*' && objects.has(input.Key!)) {
      throw Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), {
        name: 'PreconditionFailed',
        $metadata: { httpStatusCode: 412 },
      });
    }
    objects.set(input.Key!, { body: await bytesOf(input.Body), lastModified: now() });
    return { ETag: '"etag"' };
  });
  mock.on(GetObjectCommand).callsFake(async (input) => {
    const override = bodyOverrides.get(`${input.Bucket}/${input.Key}`)?.shift();
    if (override) return { Body: sdkStreamMixin(override()) };
    const object = bucket(input.Bucket!).get(input.Key!);
    if (!object) throw notFound();
    return { Body: sdkStreamMixin(Readable.from([object.body])), ContentLength: object.body.length };
  });
  mock.on(ListObjectsV2Command).callsFake(async (input) => {
    const keys = [...bucket(input.Bucket!).keys()].filter((k) => k.startsWith(input.Prefix ?? '')).sort();
    const start = input.ContinuationToken ? Number(input.ContinuationToken) : 0;
    const page = keys.slice(start, start + 2);
    const next = start + 2 < keys.length ? String(start + 2) : undefined;
    return {
      Contents: page.map((Key) => ({
        Key,
        Size: bucket(input.Bucket!).get(Key)!.body.length,
        LastModified: bucket(input.Bucket!).get(Key)!.lastModified,
      })),
      IsTruncated: next !== undefined,
      ...(next ? { NextContinuationToken: next } : {}),
    };
  });
  mock.on(DeleteObjectCommand).callsFake(async (input) => {
    bucket(input.Bucket!).delete(input.Key!);
    return {};
  });
  mock.on(CreateMultipartUploadCommand).callsFake(async (input) => {
    const id = `${input.Bucket}/${input.Key}/${uploads.size}`;
    uploads.set(id, []);
    return { UploadId: id };
  });
  mock.on(UploadPartCommand).callsFake(async (input) => {
    uploads.get(input.UploadId!)![input.PartNumber! - 1] = await bytesOf(input.Body);
    return { ETag: `"part${input.PartNumber}"` };
  });
  mock.on(CompleteMultipartUploadCommand).callsFake(async (input) => {
    bucket(input.Bucket!).set(input.Key!, {
      body: Buffer.concat(uploads.get(input.UploadId!)!),
      lastModified: now(),
    });
    return {};
  });
  mock.on(AbortMultipartUploadCommand).callsFake(async () => ({}));
  mock.on(CopyObjectCommand).callsFake(async (input) => {
    const source = decodeURIComponent(input.CopySource!);
    const slash = source.indexOf('/');
    const object = bucket(source.slice(0, slash)).get(source.slice(slash + 1));
    if (!object) throw notFound();
    bucket(input.Bucket!).set(input.Key!, { body: object.body, lastModified: now() });
    return {};
  });

  return {
    mock,
    client: new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
    objects: bucket,
    put(b: string, key: string, body: Buffer | string, lastModified = now()) {
      bucket(b).set(key, { body: Buffer.from(body), lastModified });
    },
    overrideBody(b: string, key: string, make: () => Readable) {
      const list = bodyOverrides.get(`${b}/${key}`) ?? [];
      list.push(make);
      bodyOverrides.set(`${b}/${key}`, list);
    },
  };
}
