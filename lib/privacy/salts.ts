/**
 * Per-day salts (docs/privacy.md): 32 random bytes per UTC day of the events, created once, shared by every
 * process that handles that day, destroyed two days after creation. Stores: the local directory
 * (local-salt-store.ts) and the salts bucket (lib/aws).
 */
import { createHash, randomBytes } from 'node:crypto';

export const SALT_BYTES = 32;
export const DEFAULT_SALT_LIFETIME_DAYS = 2;
export const DAY_MS = 86_400_000;

export interface DaySalt {
  readonly day: string;
  readonly salt: Buffer;
  /** First 8 hex characters of SHA-256 of the salt: tells two salts of one day apart. */
  readonly saltId: string;
  readonly createdAt: number;
}

export interface SaltStore {
  /** The day's salt, created if no process has created it yet. */
  saltFor(day: string): Promise<DaySalt>;
  /** Destroys salts created at least the lifetime ago; returns the days destroyed. */
  destroyExpired(nowMs: number): Promise<string[]>;
}

export function saltIdOf(salt: Buffer): string {
  return createHash('sha256').update(salt).digest('hex').slice(0, 8);
}

export function newSalt(): Buffer {
  return randomBytes(SALT_BYTES);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function assertDay(day: string): void {
  if (!DAY.test(day)) throw new Error(`not a day: ${day}`);
}

/** The salt file/object content: the creation time travels with the salt, not in file metadata. */
export interface SaltRecord {
  readonly day: string;
  readonly createdAt: string;
  readonly salt: string;
}

export function encodeSalt(day: string, salt: Buffer, createdAt: number): string {
  const record: SaltRecord = {
    day,
    createdAt: new Date(createdAt).toISOString(),
    salt: salt.toString('base64'),
  };
  return `${JSON.stringify(record)}\n`;
}

export function decodeSalt(text: string): DaySalt {
  const record = JSON.parse(text) as Partial<SaltRecord>;
  if (
    typeof record.day !== 'string' ||
    typeof record.salt !== 'string' ||
    typeof record.createdAt !== 'string'
  ) {
    throw new Error('salt record is damaged');
  }
  const salt = Buffer.from(record.salt, 'base64');
  const createdAt = Date.parse(record.createdAt);
  if (salt.length !== SALT_BYTES || Number.isNaN(createdAt)) throw new Error('salt record is damaged');
  return { day: record.day, salt, saltId: saltIdOf(salt), createdAt };
}
