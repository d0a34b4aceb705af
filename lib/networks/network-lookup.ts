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
import { countryDatabaseFile } from './network-data.ts';

export const UNKNOWN_COUNTRY = '(unknown)';
const COUNTRY_CODE = /^[A-Z]{2}$/;

export interface NetworkVerdict {
  readonly country: string;
  readonly hostingNetwork: boolean;
}

interface CountryRecord {
  country_code?: unknown;
}

const UNKNOWN: NetworkVerdict = { country: UNKNOWN_COUNTRY, hostingNetwork: false };

export class NetworkLookup {
  /** One verdict object per country and hosting flag: the caller's caches hold no copies. */
  private readonly verdicts = new Map<string, NetworkVerdict>();

  constructor(
    private readonly countries: Reader<Response>,
    private readonly hosting: HostingRanges,
  ) {}

  /** Reads the country database and the hosting ranges (NetworkDataError when the database is missing). */
  static open(): NetworkLookup {
    return new NetworkLookup(new Reader<Response>(readFileSync(countryDatabaseFile())), HostingRanges.load());
  }

  /** The verdict for a client address in canonical form (privacy/client-ip.ts). */
  verdict(address: string): NetworkVerdict {
    let parsed: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      parsed = ipaddr.parse(address);
    } catch {
      return UNKNOWN;
    }
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
      parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    if (parsed.range() !== 'unicast') return UNKNOWN;
    // The file's records are `{ country_code }`, not one of the reader's MaxMind shapes.
    const record = this.countries.get(parsed.toString()) as CountryRecord | null;
    const code = record?.country_code;
    const country = typeof code === 'string' && COUNTRY_CODE.test(code) ? code : UNKNOWN_COUNTRY;
    const bytes = parsed.toByteArray();
    const hostingNetwork =
      parsed.kind() === 'ipv4'
        ? this.hosting.hasIpv4(((bytes[0]! << 24) >>> 0) + (bytes[1]! << 16) + (bytes[2]! << 8) + bytes[3]!)
        : this.hosting.hasIpv6(bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n));
    return this.interned(country, hostingNetwork);
  }

  private interned(country: string, hostingNetwork: boolean): NetworkVerdict {
    const key = hostingNetwork ? `${country}+` : country;
    let verdict = this.verdicts.get(key);
    if (verdict === undefined) {
      verdict = { country, hostingNetwork };
      this.verdicts.set(key, verdict);
    }
    return verdict;
  }
}

let shared: NetworkLookup | null = null;

/** The process's (thread's) lookup, opened on first use: an 8 MB file read once. */
export function sharedNetworkLookup(): NetworkLookup {
  shared ??= NetworkLookup.open();
  return shared;
}
