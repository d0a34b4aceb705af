/**
 * What a client address says about where a hit comes from, without keeping the address: its country
 * (ISO 3166-1 alpha-2, from the country database — never region, city or coordinates) and whether a
 * hosting network announces it (hosting-ranges.ts). Addresses that are not public unicast (private,
 * loopback, documentation, host names, `-`) are `(unknown)` and no hosting network.
 */
import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import { Reader, type Response } from 'mmdb-lib';
import { HostingRanges } from './hosting-ranges.ts';
import { ipv4Number } from './ipv4.ts';
import { countryDatabaseFile } from './network-data.ts';

export const UNKNOWN_COUNTRY = '(unknown)';
/** Two capital letters: all the database should hold, checked so nothing else is ever written. */
function isCountryCode(code: string): boolean {
  if (code.length !== 2) return false;
  const a = code.charCodeAt(0);
  const b = code.charCodeAt(1);
  return a >= 65 && a <= 90 && b >= 65 && b <= 90;
}

export interface NetworkVerdict {
  readonly country: string;
  readonly hostingNetwork: boolean;
}

interface CountryRecord {
  country_code?: unknown;
}

const UNKNOWN: NetworkVerdict = { country: UNKNOWN_COUNTRY, hostingNetwork: false };

/**
 * IPv4 blocks that are not public unicast, as ipaddr.js lists them (unspecified, broadcast,
 * multicast, link-local, loopback, carrier-grade NAT, private, reserved and testing, AS112, AMT):
 * plain IPv4 addresses, most of a log's, are judged without ipaddr.js's slower parse (a test holds
 * the two equal).
 */
const NON_PUBLIC_V4: ReadonlyArray<readonly [number, number]> = (
  [
    [[0, 0, 0, 0], 8],
    [[255, 255, 255, 255], 32],
    [[224, 0, 0, 0], 4],
    [[169, 254, 0, 0], 16],
    [[127, 0, 0, 0], 8],
    [[100, 64, 0, 0], 10],
    [[10, 0, 0, 0], 8],
    [[172, 16, 0, 0], 12],
    [[192, 168, 0, 0], 16],
    [[192, 0, 0, 0], 24],
    [[192, 0, 2, 0], 24],
    [[192, 88, 99, 0], 24],
    [[198, 18, 0, 0], 15],
    [[198, 51, 100, 0], 24],
    [[203, 0, 113, 0], 24],
    [[240, 0, 0, 0], 4],
    [[192, 175, 48, 0], 24],
    [[192, 31, 196, 0], 24],
    [[192, 52, 193, 0], 24],
  ] as const
).map(
  ([[a, b, c, d], bits]) => [(((a << 24) | (b << 16) | (c << 8) | d) >>> 0) >>> (32 - bits), bits] as const,
);

function isPublicIpv4(address: number): boolean {
  for (let i = 0; i < NON_PUBLIC_V4.length; i++) {
    const [prefix, bits] = NON_PUBLIC_V4[i]!;
    if (address >>> (32 - bits) === prefix) return false;
  }
  return true;
}

/** The parts of mmdb-lib 3.0.3's Reader that its own `findAddressInTree` uses (pinned in package.json). */
interface TreeReader {
  readonly metadata: { readonly nodeCount: number; readonly nodeByteSize: number };
  readonly walker: { left(offset: number): number; right(offset: number): number };
  readonly ipv4StartNodeNumber: number;
  resolveDataPointer(pointer: number): unknown;
}

/** The country in a database record, or `(unknown)`. */
function countryIn(record: unknown): string {
  // The file's records are `{ country_code }`, not one of the reader's MaxMind shapes.
  const code = (record as CountryRecord | null)?.country_code;
  return typeof code === 'string' && isCountryCode(code) ? code : UNKNOWN_COUNTRY;
}

export class NetworkLookup {
  /** One verdict object per country and hosting flag: the caller's caches hold no copies. */
  private readonly verdicts = new Map<string, readonly [NetworkVerdict, NetworkVerdict]>();
  private readonly tree: TreeReader;
  /** The country of each data record reached (a few hundred records): decoded once each. */
  private readonly byRecord = new Map<number, string>();

  constructor(
    private readonly countries: Reader<Response>,
    private readonly hosting: HostingRanges,
  ) {
    this.tree = countries as unknown as TreeReader;
  }

  /** Reads the country database and the hosting ranges (NetworkDataError when the database is missing). */
  static open(): NetworkLookup {
    return new NetworkLookup(new Reader<Response>(readFileSync(countryDatabaseFile())), HostingRanges.load());
  }

  /** The verdict for a client address in canonical form (privacy/client-ip.ts). */
  verdict(address: string): NetworkVerdict {
    const v4 = ipv4Number(address);
    if (v4 >= 0) return isPublicIpv4(v4) ? this.judged(v4) : UNKNOWN;
    let parsed: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      parsed = ipaddr.parse(address);
    } catch {
      return UNKNOWN;
    }
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
      parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    if (parsed.range() !== 'unicast') return UNKNOWN;
    if (parsed.kind() === 'ipv4') {
      const bytes = parsed.toByteArray();
      return this.judged(((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0);
    }
    // One BigInt from the eight groups' hex (a shift per byte made 16 BigInts per address).
    const value = BigInt(
      `0x${(parsed as ipaddr.IPv6).parts.map((p) => p.toString(16).padStart(4, '0')).join('')}`,
    );
    // The address as given (canonical already, privacy/client-ip.ts): formatting it again cost 2 µs.
    return this.interned(this.countryOf(address), this.hosting.hasIpv6(value));
  }

  /** A public IPv4 address, by its number. */
  private judged(v4: number): NetworkVerdict {
    return this.interned(this.countryOfIpv4(v4), this.hosting.hasIpv4(v4));
  }

  private countryOf(address: string): string {
    return countryIn(this.countries.get(address));
  }

  /**
   * `countryOf` for an IPv4 address by its number: the search tree walked bit by bit from the
   * IPv4 start node exactly as mmdb-lib's `findAddressInTree` walks it, without parsing the text
   * again (a split and four parseInts per address), and each record decoded once, not per lookup.
   * On a log of new addresses that was ≈ 1.5 µs of the reading thread's time per line. A test
   * holds it equal to `countryOf` on random and real addresses.
   */
  countryOfIpv4(v4: number): string {
    const { metadata, walker } = this.tree;
    const { nodeCount, nodeByteSize } = metadata;
    let node = this.tree.ipv4StartNodeNumber;
    for (let depth = 0; depth < 32 && node < nodeCount; depth++) {
      const offset = node * nodeByteSize;
      node = (v4 >>> (31 - depth)) & 1 ? walker.right(offset) : walker.left(offset);
    }
    if (node <= nodeCount) return UNKNOWN_COUNTRY;
    let country = this.byRecord.get(node);
    if (country === undefined) {
      country = countryIn(this.tree.resolveDataPointer(node));
      this.byRecord.set(node, country);
    }
    return country;
  }

  /** The country of an address given as text (tests compare it with `countryOfIpv4`). */
  countryOfText(address: string): string {
    return this.countryOf(address);
  }

  private interned(country: string, hostingNetwork: boolean): NetworkVerdict {
    let pair = this.verdicts.get(country);
    if (pair === undefined) {
      pair = [
        { country, hostingNetwork: false },
        { country, hostingNetwork: true },
      ];
      this.verdicts.set(country, pair);
    }
    return pair[hostingNetwork ? 1 : 0];
  }
}

let shared: NetworkLookup | null = null;

/** The process's (thread's) lookup, opened on first use: an 8 MB file read once. */
export function sharedNetworkLookup(): NetworkLookup {
  shared ??= NetworkLookup.open();
  return shared;
}
