/**
 * Derives lib/networks/hosting-ranges.csv from the installed ASN database package: the rows of the
 * listed hosting networks, in the package's order. `npm run networks:update` writes it; a test
 * checks the committed file is what the installed package gives.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { HOSTING_NETWORKS } from '../../lib/networks/hosting-networks.ts';
import { NETWORK_PACKAGE, packageFolder } from '../../lib/networks/network-data.ts';

/** The package's CSV files, addresses as decimal numbers: `start,end,asn,organisation`. */
const SOURCES = [
  { family: '4', file: 'asn-ipv4-num.csv' },
  { family: '6', file: 'asn-ipv6-num.csv' },
] as const;

const CHUNK = 1 << 20;

/** Every line of a large file, read in chunks (the IPv4 file is 21 MB). */
export function* linesOf(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let rest = '';
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK, null);
      if (read === 0) break;
      const lines = (rest + buffer.toString('latin1', 0, read)).split('\n');
      rest = lines.pop()!;
      yield* lines;
    }
    if (rest !== '') yield rest;
  } finally {
    closeSync(fd);
  }
}

export function asnPackageFolder(): string {
  const folder = packageFolder(NETWORK_PACKAGE);
  if (folder === null) throw new Error(`${NETWORK_PACKAGE} is not installed (a devDependency: npm ci)`);
  return folder;
}

export function asnPackageVersion(): string {
  return (JSON.parse(readFileSync(join(asnPackageFolder(), 'package.json'), 'utf8')) as { version: string })
    .version;
}

/** The AS number and organisation of every listed network as the package's files name them. */
export function listedOrganisations(): Map<number, string> {
  const wanted = new Set(HOSTING_NETWORKS.map((n) => n.asn));
  const names = new Map<number, string>();
  for (const { file } of SOURCES) {
    for (const line of linesOf(join(asnPackageFolder(), file))) {
      const m = /^\d+,\d+,(\d+),(.*)$/.exec(line);
      if (m && wanted.has(Number(m[1])) && !names.has(Number(m[1]))) names.set(Number(m[1]), m[2]!);
    }
  }
  return names;
}

/** The text of hosting-ranges.csv for the installed package. */
export function deriveHostingRanges(): string {
  const wanted = new Set(HOSTING_NETWORKS.map((n) => n.asn));
  const out = [
    `# ${NETWORK_PACKAGE} ${asnPackageVersion()}`,
    `# The address ranges of the ${wanted.size} AS numbers of lib/networks/hosting-networks.ts, from ${NETWORK_PACKAGE}`,
    '# (CC BY 4.0: RouteViews, DB-IP, NRO). Written by `npm run networks:update`; do not edit.',
    '# family,start,end,asn (addresses as decimal numbers, ranges inclusive)',
  ];
  for (const { family, file } of SOURCES) {
    for (const line of linesOf(join(asnPackageFolder(), file))) {
      const m = /^(\d+),(\d+),(\d+),/.exec(line);
      if (m && wanted.has(Number(m[3]))) out.push(`${family},${m[1]},${m[2]},${m[3]}`);
    }
  }
  return `${out.join('\n')}\n`;
}
