/**
 * The address ranges of the hosting networks (hosting-networks.ts), as `hosting-ranges.csv` beside
 * this file holds them: derived from the ASN database package `@ip-location-db/asn` by
 * `npm run networks:update` (a test fails when the file and the installed package disagree), so
 * the published CLI and the Lambda bundle carry 0.4 MB instead of the database's 65 MB, and nothing
 * is scanned at start-up. Lines: `4|6,start,end,asn`, addresses as decimal numbers; `#` comments.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file (beside this module; copied beside the Lambda bundle and the prebuilt CLI). */
export const HOSTING_RANGES_FILE = join(import.meta.dirname, 'hosting-ranges.csv');

/** Inclusive ranges, sorted and merged, searched by binary search. */
class RangeSet<T extends number | bigint> {
  private constructor(
    private readonly starts: T[],
    private readonly ends: T[],
  ) {}

  static of<T extends number | bigint>(ranges: Array<[T, T]>, next: (end: T) => T): RangeSet<T> {
    // The file comes sorted (its source is): sort only when it is not, the comparison costs.
    let sorted = true;
    for (let i = 1; i < ranges.length && sorted; i++) sorted = ranges[i - 1]![0] <= ranges[i]![0];
    if (!sorted) ranges.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const starts: T[] = [];
    const ends: T[] = [];
    for (const [start, end] of ranges) {
      const last = ends.length - 1;
      if (last >= 0 && start <= next(ends[last]!)) {
        if (end > ends[last]!) ends[last] = end;
      } else {
        starts.push(start);
        ends.push(end);
      }
    }
    return new RangeSet(starts, ends);
  }

  get size(): number {
    return this.starts.length;
  }

  has(value: T): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! > value) hi = mid - 1;
      else if (this.ends[mid]! < value) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

const DIGITS = /^\d+$/;

export class HostingRangesError extends Error {
  override name = 'HostingRangesError';
}

export class HostingRanges {
  private constructor(
    private readonly v4: RangeSet<number>,
    private readonly v6: RangeSet<bigint>,
  ) {}

  /** The ranges of a file in the format above. */
  static parse(text: string): HostingRanges {
    const v4: Array<[number, number]> = [];
    const v6: Array<[bigint, bigint]> = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line === '' || line.charCodeAt(0) === 35) continue;
      // Split by hand: 15,000 lines read at every start (a regular expression per line was slower).
      const a = line.indexOf(',', 2);
      const b = line.indexOf(',', a + 1);
      const family = line.slice(0, 2);
      const start = line.slice(2, a);
      const end = line.slice(a + 1, b);
      if (a < 0 || b < 0 || !DIGITS.test(start) || !DIGITS.test(end) || !DIGITS.test(line.slice(b + 1)))
        throw new HostingRangesError(`hosting ranges line ${i + 1} is not "4|6,start,end,asn"`);
      if (family === '4,') v4.push([Number(start), Number(end)]);
      else if (family === '6,') v6.push([BigInt(start), BigInt(end)]);
      else throw new HostingRangesError(`hosting ranges line ${i + 1} is not "4|6,start,end,asn"`);
    }
    return new HostingRanges(
      RangeSet.of(v4, (end) => end + 1),
      RangeSet.of(v6, (end) => end + 1n),
    );
  }

  static load(path = HOSTING_RANGES_FILE): HostingRanges {
    return HostingRanges.parse(readFileSync(path, 'utf8'));
  }

  get rangeCount(): number {
    return this.v4.size + this.v6.size;
  }

  /** An IPv4 address as its 32-bit number. */
  hasIpv4(address: number): boolean {
    return this.v4.has(address);
  }

  /** An IPv6 address as its 128-bit number. */
  hasIpv6(address: bigint): boolean {
    return this.v6.has(address);
  }
}

/** The first line of the file: `# <package> <version>`, the ASN database it was derived from. */
export function hostingRangesSource(
  path = HOSTING_RANGES_FILE,
): { packageName: string; version: string } | null {
  try {
    const first = readFileSync(path, 'utf8').split('\n', 1)[0]!;
    const m = /^# (\S+) (\S+)/.exec(first);
    return m ? { packageName: m[1]!, version: m[2]! } : null;
  } catch {
    return null;
  }
}
