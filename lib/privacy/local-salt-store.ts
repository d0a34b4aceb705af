/**
 * Salts in a local directory (`--salt-dir`), one file per day, mode 0600 in a 0700 directory. A salt
 * is published with link(2), which fails if the file exists, so concurrent runs agree on one salt.
 */
import { chmod, link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assertDay,
  DAY_MS,
  type DaySalt,
  DEFAULT_SALT_LIFETIME_DAYS,
  decodeSalt,
  encodeSalt,
  newSalt,
  type SaltStore,
  saltIdOf,
} from './salts.ts';

export class LocalSaltStore implements SaltStore {
  private readonly cache = new Map<string, DaySalt>();

  constructor(
    private readonly dir: string,
    private readonly now: () => number,
    private readonly lifetimeDays = DEFAULT_SALT_LIFETIME_DAYS,
  ) {}

  async saltFor(day: string): Promise<DaySalt> {
    assertDay(day);
    const cached = this.cache.get(day);
    if (cached) return cached;
    const salt = (await this.read(day)) ?? (await this.create(day));
    this.cache.set(day, salt);
    return salt;
  }

  async destroyExpired(nowMs: number): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const destroyed: string[] = [];
    for (const name of names.sort()) {
      const path = join(this.dir, name);
      if (name.includes('.tmp-')) {
        await unlink(path).catch(() => {});
        continue;
      }
      if (!name.endsWith('.salt')) continue;
      let createdAt: number;
      try {
        createdAt = decodeSalt(await readFile(path, 'utf8')).createdAt;
      } catch {
        // A damaged salt cannot be trusted to link anything: destroy it too.
        createdAt = Number.NEGATIVE_INFINITY;
      }
      if (nowMs - createdAt >= this.lifetimeDays * DAY_MS) {
        await unlink(path);
        const day = name.slice(0, -'.salt'.length);
        this.cache.delete(day);
        destroyed.push(day);
      }
    }
    return destroyed;
  }

  private pathOf(day: string): string {
    return join(this.dir, `${day}.salt`);
  }

  private async read(day: string): Promise<DaySalt | null> {
    try {
      return decodeSalt(await readFile(this.pathOf(day), 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new Error(`salt for ${day} in the salt directory is damaged or unreadable`);
    }
  }

  private async create(day: string): Promise<DaySalt> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const salt = newSalt();
    const createdAt = this.now();
    const tmp = join(this.dir, `${day}.tmp-${process.pid}-${saltIdOf(salt)}`);
    await writeFile(tmp, encodeSalt(day, salt, createdAt), { mode: 0o600, flag: 'wx' });
    await chmod(tmp, 0o600);
    try {
      await link(tmp, this.pathOf(day));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Another run created it first: use theirs.
      await unlink(tmp);
      const existing = await this.read(day);
      if (!existing) throw new Error(`salt for ${day} vanished while being created`);
      return existing;
    }
    await unlink(tmp);
    return { day, salt, saltId: saltIdOf(salt), createdAt };
  }
}
