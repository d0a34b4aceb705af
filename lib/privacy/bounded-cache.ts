/**
 * A Map that forgets everything when full: cheap, and enough for the heavy repetition of logs. The
 * last key found is remembered too: neighbouring lines often repeat a value (a page's assets share
 * its referrer), and comparing two strings is cheaper than hashing a new one.
 *
 * A cache that nearly always misses (every line a new path or referrer: a long-tail site, a crawl)
 * stores only one miss in ADMIT_SPARSE: each stored entry is a detached copy that outlives the
 * young generation and becomes old-generation garbage when the cache is cleared, so storing values
 * that never come back cost time and, worse, a heap that grew to several times its live size
 * before the collector caught up. Answers never change: a value not stored is computed again.
 */
import { detach, detachValue } from './detach.ts';

/**
 * Entries before a cache is cleared. 20,000 rather than 50,000 (with the visitor cache's
 * generations; 1M lines, three paired runs: a busy site's peak 386–409 against 412–429 MiB, the
 * high-cardinality input's 879–924 against 889–1,051 MiB, times within the machine's noise): a log
 * repeats its values within minutes, and a larger cache mostly held garbage for the collector.
 */
const CACHE_LIMIT = 20_000;
/** Lookups between two looks at the hit rate. */
export const WINDOW = 4096;
/** Below this share of hits in a window, the cache turns sparse until a window does better. */
const LOW_HIT_SHARE = 1 / 8;
export const ADMIT_SPARSE = 16;

export class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  private lastKey: string | null = null;
  private lastValue: V | undefined;
  private lookups = 0;
  private hits = 0;
  private sparse = false;
  private misses = 0;
  constructor(private readonly limit = CACHE_LIMIT) {}

  get(key: string): V | undefined {
    if (++this.lookups === WINDOW) this.review();
    if (key === this.lastKey) {
      this.hits++;
      return this.lastValue;
    }
    const value = this.map.get(key);
    if (value !== undefined) {
      this.hits++;
      this.lastKey = key;
      this.lastValue = value;
    }
    return value;
  }

  /** Stores copies that share no memory with the line (see detachValue) and returns the value kept. */
  set(key: string, value: V): V {
    if (this.sparse && ++this.misses % ADMIT_SPARSE !== 0) return value;
    if (this.map.size >= this.limit) this.map.clear();
    const kept = detachValue(value);
    this.map.set(detach(key), kept);
    this.lastKey = key;
    this.lastValue = kept;
    return kept;
  }

  /** Entries held (tests). */
  get size(): number {
    return this.map.size;
  }

  private review(): void {
    this.sparse = this.hits < WINDOW * LOW_HIT_SHARE;
    this.lookups = 0;
    this.hits = 0;
  }
}
