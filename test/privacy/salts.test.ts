import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalSaltStore } from '../../lib/privacy/local-salt-store.ts';
import { DAY_MS, saltIdOf } from '../../lib/privacy/salts.ts';
import { tempDir } from '../helpers.ts';

describe('LocalSaltStore', () => {
  it('creates a day salt once, 32 bytes, mode 0600, and reuses it', async () => {
    const dir = join(await tempDir(), 'salts');
    const now = Date.parse('2026-11-25T10:00:00Z');
    const first = await new LocalSaltStore(dir, () => now).saltFor('2026-11-24');
    const again = await new LocalSaltStore(dir, () => now + 1000).saltFor('2026-11-24');
    expect(first.salt).toHaveLength(32);
    expect(again.salt.equals(first.salt)).toBe(true);
    expect(first.saltId).toBe(saltIdOf(first.salt));
    expect(first.saltId).toMatch(/^[0-9a-f]{8}$/);
    const info = await stat(join(dir, '2026-11-24.salt'));
    expect(info.mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('agrees on one salt when many stores create it at once', async () => {
    const dir = join(await tempDir(), 'salts');
    const salts = await Promise.all(
      Array.from({ length: 8 }, () => new LocalSaltStore(dir, () => 0).saltFor('2026-01-01')),
    );
    expect(new Set(salts.map((s) => s.saltId)).size).toBe(1);
    expect((await readdir(dir)).filter((n) => n.includes('.tmp-'))).toHaveLength(0);
  });

  it('destroys salts two days after creation, not before', async () => {
    const dir = join(await tempDir(), 'salts');
    const created = Date.parse('2026-11-20T12:00:00Z');
    const store = new LocalSaltStore(dir, () => created);
    const old = await store.saltFor('2026-11-19');
    expect(await store.destroyExpired(created + 2 * DAY_MS - 1)).toEqual([]);
    expect(await store.destroyExpired(created + 2 * DAY_MS)).toEqual(['2026-11-19']);
    const fresh = await store.saltFor('2026-11-19');
    expect(fresh.saltId).not.toBe(old.saltId);
  });

  it('destroys a damaged salt file instead of trusting it', async () => {
    const dir = join(await tempDir(), 'salts');
    const store = new LocalSaltStore(dir, () => 0);
    await store.saltFor('2026-11-19');
    await writeFile(join(dir, '2026-11-18.salt'), 'garbage');
    expect(await store.destroyExpired(1000)).toEqual(['2026-11-18']);
  });
});
