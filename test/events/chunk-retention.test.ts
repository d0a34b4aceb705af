import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { EventBuilder } from '../../lib/events/build-event.ts';
import { parsersFor } from '../../lib/formats/index.ts';
import { zoneResolver } from '../../lib/formats/time-zone.ts';
import { defaultPrivacySettings } from '../../lib/privacy/privacy-settings.ts';
import type { DaySalt } from '../../lib/privacy/salts.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CHUNK = 64 * 1024;
const CHUNKS = 200;
const salt: DaySalt = { day: '2026-11-25', salt: Buffer.alloc(32, 7), saltId: 'abcdef01', createdAt: 0 };

/**
 * A decoded input chunk as the pipeline sees it: one flat 64 KiB string, of which a line is a slice.
 * Each line has a referrer, path and user agent of its own, so every cache of the builder stores a
 * value computed from this chunk.
 */
function lineFromChunk(i: number): string {
  const line =
    `198.51.100.${i % 250} - - [25/Nov/2026:10:00:00 +0000] "GET /articles/section-${i}/read-more HTTP/1.1" 200 512 ` +
    `"https://news-site-${i}.example.org/front/page-${i}" "Mozilla/5.0 (X11; Linux x86_64) Firefox/${100 + i}.0 TestAgent/${i}"`;
  const chunk = Buffer.from(`${'#'.repeat(CHUNK - line.length - 1)}\n${line}`).toString('utf8');
  return chunk.slice(chunk.indexOf('\n') + 1);
}

describe('EventBuilder caches', () => {
  it('keep no decoded input chunk alive through cached values', () => {
    const builder = new EventBuilder(defaultPrivacySettings({ site: 'example.com' }));
    const [parser] = parsersFor('combined', { zone: zoneResolver('UTC') });
    const built = [];
    gc();
    const before = getHeapStatistics().used_heap_size;
    for (let i = 0; i < CHUNKS; i++) {
      const result = parser!.parse(lineFromChunk(i));
      if (!result.ok) throw new Error(`line ${i} did not parse`);
      const event = builder.build(result.hit, builder.siteOf(result.hit), 'id', salt);
      built.push(event.referrer_host);
    }
    // The hit, the line and its chunk are gone; only the builder (and its caches) remain.
    parser!.parse('-');
    gc();
    const grown = getHeapStatistics().used_heap_size - before;
    expect(built).toHaveLength(CHUNKS);
    expect(new Set(built).size).toBe(CHUNKS);
    // Pinned chunks would be CHUNKS × 64 KiB = 12.5 MiB; the cached values themselves are a few KiB each.
    expect(grown).toBeLessThan(3 * 2 ** 20);
  });
});
