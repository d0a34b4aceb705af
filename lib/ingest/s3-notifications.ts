/**
 * Reads SQS messages carrying S3 object-created notifications: keys decoded the way S3 encodes them
 * (`+` is a space, then percent-decoding), test events skipped (`s3:TestEvent`, ALB's
 * `ELBAccessLogTestFile`).
 */
import type { S3ObjectRef } from '../aws/s3-input.ts';

export interface NotificationMessage {
  readonly messageId: string;
  readonly objects: S3ObjectRef[];
  /** The message could not be read as a notification: it fails (and reaches the DLQ after retries). */
  readonly invalid: boolean;
}

export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

interface S3Record {
  eventName?: string;
  s3?: { bucket?: { name?: string }; object?: { key?: string; eTag?: string; size?: number } };
}

export function readNotification(messageId: string, body: string): NotificationMessage {
  let parsed: { Event?: string; Records?: S3Record[] };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return { messageId, objects: [], invalid: true };
  }
  if (parsed.Event === 's3:TestEvent') return { messageId, objects: [], invalid: false };
  if (!Array.isArray(parsed.Records)) return { messageId, objects: [], invalid: true };
  const objects: S3ObjectRef[] = [];
  for (const record of parsed.Records) {
    if (!record.eventName?.startsWith('ObjectCreated')) continue;
    const bucket = record.s3?.bucket?.name;
    const rawKey = record.s3?.object?.key;
    if (!bucket || rawKey === undefined) return { messageId, objects: [], invalid: true };
    let key: string;
    try {
      key = decodeS3Key(rawKey);
    } catch {
      return { messageId, objects: [], invalid: true };
    }
    if (key.endsWith('ELBAccessLogTestFile')) continue;
    objects.push({ bucket, key, etag: record.s3?.object?.eTag ?? '', size: record.s3?.object?.size ?? null });
  }
  return { messageId, objects, invalid: false };
}
