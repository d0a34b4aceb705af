/**
 * Day salts in the salts bucket (`<day>.salt`), readable only by the functions. Concurrent functions
 * agree on one salt: the first `PutObject` with `If-None-Match: *` wins, a 412 means another function
 * won (read its salt), a 409 means a write was in flight (try again).
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  assertDay,
  DAY_MS,
  type DaySalt,
  DEFAULT_SALT_LIFETIME_DAYS,
  decodeSalt,
  encodeSalt,
  newSalt,
  type SaltStore,
} from '../privacy/salts.ts';
import { isConditionalConflict, isNotFound, isPreconditionFailed } from './s3-errors.ts';

const MAX_ATTEMPTS = 6;

export class S3SaltStore implements SaltStore {
  private readonly cache = new Map<string, DaySalt>();

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly now: () => number = Date.now,
    private readonly lifetimeDays = DEFAULT_SALT_LIFETIME_DAYS,
    private readonly pause: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async saltFor(day: string): Promise<DaySalt> {
    assertDay(day);
    const cached = this.cache.get(day);
    // A warm function outlives a salt: once the salt's lifetime is over it may have been destroyed by
    // the aggregate function, and reusing it would link the day's new ids to its old ones.
    if (cached && this.now() - cached.createdAt < this.lifetimeDays * DAY_MS) return cached;
    this.cache.delete(day);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const existing = await this.read(day);
      if (existing) {
        this.cache.set(day, existing);
        return existing;
      }
      const salt = newSalt();
      const createdAt = this.now();
      try {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: `${day}.salt`,
            Body: encodeSalt(day, salt, createdAt),
            IfNoneMatch: '*',
          }),
        );
        const created = decodeSalt(encodeSalt(day, salt, createdAt));
        this.cache.set(day, created);
        return created;
      } catch (err) {
        if (isPreconditionFailed(err)) continue; // another function created it: read theirs
        if (isConditionalConflict(err)) {
          await this.pause(50 * 2 ** attempt * Math.random());
          continue;
        }
        throw err;
      }
    }
    throw new Error(`could not create or read the salt for ${day} after ${MAX_ATTEMPTS} attempts`);
  }

  /** Deletes salts created at least the lifetime ago (objects are written once, so LastModified is creation). */
  async destroyExpired(nowMs: number): Promise<string[]> {
    const destroyed: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, ...(token ? { ContinuationToken: token } : {}) }),
      );
      for (const o of page.Contents ?? []) {
        if (!o.Key?.endsWith('.salt')) continue;
        const created = o.LastModified?.getTime() ?? 0;
        if (nowMs - created >= this.lifetimeDays * DAY_MS) {
          await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: o.Key }));
          const day = o.Key.slice(0, -'.salt'.length);
          this.cache.delete(day);
          destroyed.push(day);
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return destroyed;
  }

  private async read(day: string): Promise<DaySalt | null> {
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: `${day}.salt` }),
      );
      const text = response.Body ? await response.Body.transformToString() : '';
      return decodeSalt(text);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }
}
