/**
 * A Map that forgets everything when full: cheap, and enough for the heavy repetition of logs. The
 * last key found is remembered too: neighbouring lines often repeat a value (a page's assets share
 * its referrer), and comparing two strings is cheaper than hashing a new one.
 */
import { detach, detachValue } from './detach.ts';

const CACHE_LIMIT = 50_000;

export class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  private lastKey: string | null = null;
  private lastValue: V | undefined;
  constructor(private readonly limit = CACHE_LIMIT) {}
  get(key: string): V | undefined {
    if (key === this.lastKey) return this.lastValue;
    const value = this.map.get(key);
    if (value !== undefined) {
      this.lastKey = key;
      this.lastValue = value;
    }
    return value;
  }
  /** Stores copies that share no memory with the line (see detachValue) and returns the value kept. */
  set(key: string, value: V): V {
    if (this.map.size >= this.limit) this.map.clear();
    const kept = detachValue(value);
    this.map.set(detach(key), kept);
    this.lastKey = key;
    this.lastValue = kept;
    return kept;
  }
}
