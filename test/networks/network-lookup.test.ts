/**
 * Country and hosting-network verdicts for addresses of known networks, checked exactly against the
 * installed databases; the hosting list checked against the ASN database's organisation names; the
 * generator's address blocks checked against the country database (its truth depends on them).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { HOME_BLOCKS_V4, HOME_BLOCKS_V6, HOSTING_BLOCKS } from '../../lib/generate/catalog.ts';
import { HOSTING_NETWORKS } from '../../lib/networks/hosting-networks.ts';
import { HOSTING_RANGES_FILE, HostingRanges } from '../../lib/networks/hosting-ranges.ts';
import { countryDatabaseFile, databaseLines } from '../../lib/networks/network-data.ts';
import { NetworkLookup, UNKNOWN_COUNTRY } from '../../lib/networks/network-lookup.ts';
import { asnPackageVersion, deriveHostingRanges, listedOrganisations } from './hosting-ranges-source.ts';

const lookup = NetworkLookup.open();

describe('network verdicts', () => {
  it.each([
    // Home and mobile carriers: a country, no hosting network.
    ['87.128.1.2', 'DE', false], // Deutsche Telekom
    ['73.15.20.30', 'US', false], // Comcast
    ['86.128.4.5', 'GB', false], // BT
    ['90.0.10.11', 'FR', false], // Orange
    ['153.128.7.8', 'JP', false], // NTT
    ['2003:e8:1234::1', 'DE', false], // Deutsche Telekom, IPv6
    ['2601:1c0:abcd::5', 'US', false], // Comcast, IPv6
    ['8.8.8.8', 'US', false], // Google's resolver: AS15169 is deliberately not listed
    // Clouds and hosters, IPv4 and IPv6.
    ['3.120.0.10', 'DE', true], // AWS eu-central-1 (AS16509)
    ['18.130.1.1', 'GB', true], // AWS eu-west-2
    ['116.202.1.1', 'DE', true], // Hetzner (AS24940)
    ['51.15.1.1', 'FR', true], // Scaleway (AS12876)
    ['20.50.1.1', 'NL', true], // Microsoft Azure (AS8075)
    ['2a01:4f8::1', 'DE', true], // Hetzner, IPv6
    ['2600:1f18::1', 'US', true], // AWS us-east-1, IPv6
    // No country for what is not a public address.
    ['127.0.0.1', UNKNOWN_COUNTRY, false],
    ['10.1.2.3', UNKNOWN_COUNTRY, false],
    ['192.168.0.1', UNKNOWN_COUNTRY, false],
    ['100.64.0.1', UNKNOWN_COUNTRY, false], // carrier-grade NAT
    ['2001:db8::1', UNKNOWN_COUNTRY, false], // documentation
    ['fe80::1', UNKNOWN_COUNTRY, false],
    ['::1', UNKNOWN_COUNTRY, false],
    ['-', UNKNOWN_COUNTRY, false],
    ['host.example.com', UNKNOWN_COUNTRY, false],
  ])('%s → %s, hosting network %s', (address, country, hosting) => {
    expect(lookup.verdict(address)).toEqual({ country, hostingNetwork: hosting });
  });

  it('reads an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(lookup.verdict('::ffff:3.120.0.10')).toEqual(lookup.verdict('3.120.0.10'));
  });

  it('judges plain IPv4 (its own fast parse and block list) as ipaddr.js judges the mapped form', () => {
    const edges = [
      '0.0.0.1',
      '9.255.255.255',
      '10.0.0.0',
      '100.63.255.255',
      '100.64.0.0',
      '100.127.255.255',
      '100.128.0.0',
      '172.15.255.255',
      '172.16.0.0',
      '172.31.255.255',
      '172.32.0.0',
      '192.0.0.8',
      '192.0.2.1',
      '192.31.196.1',
      '192.52.193.1',
      '192.88.99.1',
      '192.175.48.1',
      '198.17.255.255',
      '198.18.0.0',
      '198.19.255.255',
      '198.20.0.0',
      '198.51.100.7',
      '203.0.113.9',
      '223.255.255.255',
      '224.0.0.1',
      '239.1.1.1',
      '240.0.0.1',
      '255.255.255.255',
      '169.254.1.1',
      '127.255.255.254',
    ];
    for (const ip of edges) expect(lookup.verdict(ip), ip).toEqual(lookup.verdict(`::ffff:${ip}`));
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(lookup.verdict(ip)).toEqual(lookup.verdict(`::ffff:${ip}`));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the country of an IPv4 address from its number as the reader finds it from the text', () => {
    const dotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
    const check = (n: number) =>
      expect(lookup.countryOfIpv4(n), dotted(n)).toBe(lookup.countryOfText(dotted(n)));
    // Every /8's first, middle and last address, the ends of the space, and random addresses.
    for (let a = 0; a < 256; a++) for (const rest of [0, 0x7fffff, 0xffffff]) check(((a << 24) | rest) >>> 0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => {
        check(n);
      }),
      { numRuns: 20_000 },
    );
    // Spread over the whole space, the walk reaches many countries (it is not all unknown).
    const found = new Set<string>();
    for (let n = 0; n < 2 ** 32; n += 214_749) found.add(lookup.countryOfIpv4(n));
    expect(found.size).toBeGreaterThan(50);
  });

  it('answers every string with a two-letter code or (unknown), and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()), (text) => {
        const verdict = lookup.verdict(text);
        expect(verdict.country).toMatch(/^(?:[A-Z]{2}|\(unknown\))$/);
        expect(typeof verdict.hostingNetwork).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the hosting networks list', () => {
  it('names each AS number once, as the installed ASN database does', () => {
    expect(new Set(HOSTING_NETWORKS.map((n) => n.asn)).size).toBe(HOSTING_NETWORKS.length);
    const organisations = listedOrganisations();
    for (const network of HOSTING_NETWORKS) {
      expect(organisations.get(network.asn), `AS${network.asn} ${network.operator}`).toContain(
        network.organisation,
      );
    }
  });
});

describe('hosting-ranges.csv', () => {
  it('is what `npm run networks:update` derives from the installed ASN database', () => {
    expect(
      readFileSync(HOSTING_RANGES_FILE, 'utf8') === deriveHostingRanges(),
      'run npm run networks:update',
    ).toBe(true);
    expect(readFileSync(HOSTING_RANGES_FILE, 'utf8')).toContain(
      `# @ip-location-db/asn ${asnPackageVersion()}\n`,
    );
  });

  it('refuses a line it cannot read, naming the line', () => {
    expect(() => HostingRanges.parse('# ok\n4,1,2,16509\n4,1,x,16509\n')).toThrow(/line 3 is not/);
  });

  it('merges ranges and finds both ends, IPv4 and IPv6, and nothing next to them', () => {
    const ranges = HostingRanges.parse('4,10,20,1\n4,21,30,1\n4,40,50,2\n6,100,200,3\n');
    expect(ranges.rangeCount).toBe(3);
    expect([9, 10, 20, 21, 30, 31, 39, 40, 50, 51].map((n) => ranges.hasIpv4(n))).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
      false,
      true,
      true,
      false,
    ]);
    expect([99n, 100n, 200n, 201n].map((n) => ranges.hasIpv6(n))).toEqual([false, true, true, false]);
  });
});

describe('the generator’s address blocks', () => {
  it('lie in one country throughout, and hosting blocks in a hosting network', () => {
    const blocks = [...HOME_BLOCKS_V4, ...HOME_BLOCKS_V6].map(([b]) => b).concat(HOSTING_BLOCKS);
    for (const block of blocks) {
      const ipv6 = block.prefix.includes(':');
      for (let i = 0; i < 256; i++) {
        // Spread over the block as the generator spreads its addresses.
        const address = ipv6
          ? `${block.prefix}:${((i * 257) % 65536).toString(16)}:${(i * 31).toString(16)}::${i.toString(16)}`
          : `${block.prefix}.${i}.${((i * 37) % 254) + 1}`;
        expect(lookup.verdict(address), address).toEqual({
          country: block.country,
          hostingNetwork: block.hosting,
        });
      }
    }
  });
});

describe('the databases', () => {
  it('are found installed, with their dates, for logveil --version', () => {
    expect(countryDatabaseFile()).toMatch(/geo-whois-asn-country\.mmdb$/);
    const lines = databaseLines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^country database: @ip-location-db\/geo-whois-asn-country-mmdb \d{4}-\d{2}-\d{2}, CC0-1\.0/,
    );
    expect(lines[1]).toMatch(
      /^network database: @ip-location-db\/asn \d{4}-\d{2}-\d{2} \(hosting networks' ranges\), CC BY 4\.0/,
    );
  });

  it('when missing, names the package to install and LOGVEIL_NETWORK_DATA, and no address', () => {
    expect(() => countryDatabaseFile(['/nonexistent-logveil-folder', null, undefined])).toThrow(
      /^the country database geo-whois-asn-country\.mmdb was not found: install @ip-location-db\/geo-whois-asn-country-mmdb \(npm ci\) or set LOGVEIL_NETWORK_DATA to a folder that holds it$/,
    );
  });

  it('is looked for in LOGVEIL_NETWORK_DATA first', () => {
    const folder = countryDatabaseFile().replace(/\/[^/]+$/, '');
    vi.stubEnv('LOGVEIL_NETWORK_DATA', folder);
    try {
      expect(countryDatabaseFile()).toBe(`${folder}/geo-whois-asn-country.mmdb`);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
