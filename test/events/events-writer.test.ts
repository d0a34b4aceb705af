import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineEventId } from '../../lib/events/event-id.ts';
import { EventsWriter } from '../../lib/events/events-writer.ts';
import { EVENTS_TABLE, type EventRow } from '../../lib/events/schema.ts';
import { FsStore } from '../../lib/store/fs-store.ts';
import { arraySource } from '../../lib/tables/column-buffer.ts';
import { readTable, tempDir } from '../helpers.ts';

function row(ts: number, id: string): EventRow {
  return {
    event_id: id,
    salt_id: 'abcd0123',
    site: 'example.com',
    ts,
    visitor_id: null,
    method: 'GET',
    path: '/',
    query: null,
    status: 200,
    bytes: 1,
    duration_ms: null,
    referrer_host: null,
    referrer_path: null,
    channel: 'direct',
    source: '(direct)',
    medium: '(none)',
    campaign: '(none)',
    browser: 'Other',
    browser_version: null,
    os: 'Other',
    device: 'other',
    is_bot: false,
    bot_name: null,
    is_page_view: true,
    country: 'DE',
    hosting_network: false,
  };
}

const H = 3_600_000;
const T0 = Date.parse('2026-11-25T00:00:00Z');

describe('EventsWriter', () => {
  it('writes one file per hour, in row groups, with every row', async () => {
    const out = await tempDir();
    const writer = new EventsWriter(new FsStore(out), 'src', { rowGroupRows: 10, maxBufferedRows: 25 });
    for (let i = 0; i < 100; i++) {
      writer.add(row(T0 + (i % 2) * H + i, `e${i}`));
      if (writer.needsFlush) await writer.flush();
    }
    const written = await writer.close();
    expect(written.map((w) => w.key).sort()).toEqual([
      'events/dt=2026-11-25/hour=00/src.parquet',
      'events/dt=2026-11-25/hour=01/src.parquet',
    ]);
    expect(written.reduce((n, w) => n + w.rows, 0)).toBe(100);
    expect((await readTable(out)).map((r) => r.event_id).sort()).toEqual(
      Array.from({ length: 100 }, (_, i) => `e${i}`).sort(),
    );
  });

  it('spells out ids given as line numbers (column ranges) as source key + line, and keeps given ids', async () => {
    const out = await tempDir();
    const key = '0123456789abcdef0123';
    const writer = new EventsWriter(new FsStore(out), key, { rowGroupRows: 7 });
    const rows = Array.from({ length: 20 }, (_, i) => row(T0 + i, ''));
    const columns = EVENTS_TABLE.columns.map((c) =>
      arraySource(rows.map((r, i) => (c.name === 'event_id' ? 1000 + i : r[c.name as keyof EventRow]))),
    );
    writer.addRange(
      columns,
      rows.map((r) => r.ts),
      0,
      15,
    );
    if (writer.needsFlush) await writer.flush();
    writer.add(row(T0 + 30, 'given-id'));
    writer.addRange(
      columns,
      rows.map((r) => r.ts),
      15,
      20,
    );
    await writer.close();
    const ids = (await readTable(out)).map((r) => r.event_id);
    expect(ids.sort()).toEqual(
      [...Array.from({ length: 20 }, (_, i) => lineEventId(key, 1000 + i)), 'given-id'].sort(),
    );
  });

  it('finishes hours the log has left behind and puts a late hit into a further part', async () => {
    const out = await tempDir();
    const writer = new EventsWriter(new FsStore(out), 'src');
    writer.add(row(T0, 'early'));
    writer.add(row(T0 + 5 * H, 'later'));
    await writer.flush();
    writer.add(row(T0 + 60_000, 'late'));
    await writer.flush();
    const written = await writer.close();
    expect(written.map((w) => w.key).sort()).toEqual([
      'events/dt=2026-11-25/hour=00/src-1.parquet',
      'events/dt=2026-11-25/hour=00/src.parquet',
      'events/dt=2026-11-25/hour=05/src.parquet',
    ]);
    const rows = await readTable(out);
    expect(rows.map((r) => `${r._key.split('/').pop()}:${r.event_id}`).sort()).toEqual([
      'src-1.parquet:late',
      'src.parquet:early',
      'src.parquet:later',
    ]);
  });

  it('leaves no file behind when aborted', async () => {
    const out = await tempDir();
    const writer = new EventsWriter(new FsStore(out), 'src', { rowGroupRows: 1 });
    writer.add(row(T0, 'a'));
    await writer.flush();
    await writer.abort();
    expect(await readTable(out)).toEqual([]);
  });
});

describe('EventsWriter publishing in the background', () => {
  it('tells of each file only once it can be read, and has them all by close', async () => {
    const out = await tempDir();
    const store = new FsStore(out);
    const told: string[] = [];
    const readable: boolean[] = [];
    const writer = new EventsWriter(store, 'src', {
      closeAfterHours: 0,
      onFileWritten: (f) => {
        told.push(f.key);
        readable.push(existsSync(join(out, f.key)));
      },
    });
    // Forty hours, each left behind by the next: more files than may be published at once.
    for (let h = 0; h < 40; h++) {
      writer.add(row(T0 + h * H, `e${h}`));
      if (writer.needsFlush) await writer.flush();
    }
    const written = await writer.close();
    expect(written).toHaveLength(40);
    expect(readable.every(Boolean)).toBe(true);
    expect([...told].sort()).toEqual(written.map((w) => w.key).sort());
    for (const key of told) expect((await store.getObject(key))?.length).toBeGreaterThan(0);
    expect((await readTable(out)).map((r) => r.event_id).sort()).toEqual(
      Array.from({ length: 40 }, (_, h) => `e${h}`).sort(),
    );
  });

  it('fails close when a file could not be published', async () => {
    const out = await tempDir();
    const store = new FsStore(out);
    const failing = {
      ...store,
      createObject: async (key: string) => {
        const sink = await store.createObject(key);
        return { ...sink, commit: async () => Promise.reject(new Error(`disk full: ${key}`)) };
      },
    } as unknown as FsStore;
    const writer = new EventsWriter(failing, 'src', { closeAfterHours: 0 });
    writer.add(row(T0, 'a'));
    writer.add(row(T0 + H, 'b'));
    await writer.flush().catch(() => {});
    await expect(writer.close()).rejects.toThrow(/disk full/);
  });
});
