/** A raw log object in S3 as a pipeline input: its body is streamed, never loaded whole. */
import { DeleteObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { InputSource } from '../input/sources.ts';

export interface S3ObjectRef {
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  readonly size: number | null;
}

/** `s3://bucket/key#etag`: a retry of the same object version gets the same event ids and file names. */
export function s3SourceId(ref: S3ObjectRef): string {
  return `s3://${ref.bucket}/${ref.key}#${ref.etag.replace(/"/g, '')}`;
}

export function s3Input(client: S3Client, ref: S3ObjectRef): InputSource {
  return {
    path: `s3://${ref.bucket}/${ref.key}`,
    isStdin: false,
    size: ref.size,
    sourceId: s3SourceId(ref),
    open: () => streamBody(client, ref),
  };
}

async function* streamBody(client: S3Client, ref: S3ObjectRef): AsyncGenerator<Buffer> {
  const response = await client.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
  const body = response.Body as AsyncIterable<Uint8Array> | undefined;
  if (!body) return;
  for await (const chunk of body) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
}

/** Raw objects as the ingest function uses them: read as an input, deleted once ingested. */
export class S3RawObjects {
  constructor(private readonly client: S3Client) {}

  input(ref: S3ObjectRef): InputSource {
    return s3Input(this.client, ref);
  }

  async delete(ref: S3ObjectRef): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
  }
}
