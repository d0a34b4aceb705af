/**
 * The Store on an S3 bucket: the same keys as the local `--out` directory. Objects are written with a
 * streamed (multipart when large) upload that completes only on commit, so a failed write leaves the
 * previous object in place and never half an object.
 */
import { PassThrough } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ObjectSink, Store, StoredObject } from '../store/store.ts';
import { isNotFound } from './s3-errors.ts';

export class S3Store implements Store {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
  ) {}

  async createObject(key: string): Promise<ObjectSink> {
    const body = new PassThrough({ highWaterMark: 1 << 20 });
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body },
      partSize: 8 * 1024 * 1024,
      queueSize: 2,
      leavePartsOnError: false,
    });
    let failure: unknown = null;
    const done = upload.done().catch((err: unknown) => {
      failure = err;
    });
    return {
      write: async (chunk) => {
        if (failure) throw failure;
        if (!body.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = () => {
              body.off('drain', done);
              body.off('close', done);
              resolve();
            };
            body.on('drain', done);
            body.on('close', done);
          });
        }
      },
      commit: async () => {
        body.end();
        await done;
        if (failure) throw failure;
      },
      abort: async () => {
        await upload.abort().catch(() => {});
        body.destroy();
        await done;
      },
    };
  }

  async putObject(key: string, body: Uint8Array | string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body }));
  }

  async getObject(key: string): Promise<Buffer | null> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!response.Body) return Buffer.alloc(0);
      return Buffer.from(await response.Body.transformToByteArray());
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined) continue;
        yield { key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified?.getTime() ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async deleteObject(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
