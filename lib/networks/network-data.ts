/**
 * Where the offline address data is, and which versions it is:
 * - countries: the package `@ip-location-db/geo-whois-asn-country-mmdb` (CC0-1.0; its sources are
 *   the regional registries' data, CC BY 4.0 by the NRO), one MaxMind-format file for IPv4 and
 *   IPv6, a dependency of logveil: `npm update` brings newer data;
 * - hosting networks: `hosting-ranges.csv` beside hosting-ranges.ts, the ranges of the listed
 *   networks derived from `@ip-location-db/asn` (CC BY 4.0: RouteViews, DB-IP, NRO) by
 *   `npm run networks:update`.
 * The Lambda bundle carries copies of both files beside itself (infra/constructs/logveil-function.ts);
 * a folder holding the country file can also be named with LOGVEIL_NETWORK_DATA.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { hostingRangesSource } from './hosting-ranges.ts';

export const COUNTRY_PACKAGE = '@ip-location-db/geo-whois-asn-country-mmdb';
export const COUNTRY_FILE = 'geo-whois-asn-country.mmdb';
export const COUNTRY_LICENCE = 'CC0-1.0 (sources: NRO, CC BY 4.0)';
export const NETWORK_PACKAGE = '@ip-location-db/asn';
export const NETWORK_LICENCE = 'CC BY 4.0 (RouteViews, DB-IP, NRO)';

export class NetworkDataError extends Error {
  override name = 'NetworkDataError';
}

const require = createRequire(import.meta.url);

/** An installed package's folder, or null when it cannot be found from here. */
export function packageFolder(packageName: string): string | null {
  try {
    return dirname(require.resolve(`${packageName}/package.json`));
  } catch {
    return null;
  }
}

/** Where the country database is looked for, first match wins. */
function countryFolders(): (string | null | undefined)[] {
  return [
    process.env.LOGVEIL_NETWORK_DATA,
    packageFolder(COUNTRY_PACKAGE),
    // The Lambda bundle has no node_modules: its copy lies beside the bundle (this module's folder there).
    import.meta.dirname,
  ];
}

/** The country database file; a clear error when no folder has it. */
export function countryDatabaseFile(
  folders: readonly (string | null | undefined)[] = countryFolders(),
): string {
  for (const folder of folders) {
    if (!folder) continue;
    const path = join(folder, COUNTRY_FILE);
    if (existsSync(path)) return path;
  }
  throw new NetworkDataError(
    `the country database ${COUNTRY_FILE} was not found: install ${COUNTRY_PACKAGE} (npm ci) or set LOGVEIL_NETWORK_DATA to a folder that holds it`,
  );
}

/** `YYYY-MM-DD` of a package version `2.3.<YYYYMMDDHH>` (the day its data was built), else null. */
export function dateOfVersion(version: string): string | null {
  const m = /\.(\d{4})(\d{2})(\d{2})\d{2}$/.exec(version);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

function installedVersion(packageName: string): string | null {
  const folder = packageFolder(packageName);
  if (folder === null) return null;
  try {
    const { version } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}

/** One line per database for `logveil --version`: what it is, the date of its data, its licence. */
export function databaseLines(): string[] {
  const countryVersion = installedVersion(COUNTRY_PACKAGE);
  const ranges = hostingRangesSource();
  const date = (version: string | null | undefined) =>
    (version ? dateOfVersion(version) : null) ?? '(date unknown)';
  return [
    `country database: ${COUNTRY_PACKAGE} ${date(countryVersion)}, ${COUNTRY_LICENCE}`,
    `network database: ${ranges?.packageName ?? NETWORK_PACKAGE} ${date(ranges?.version)} (hosting networks' ranges), ${NETWORK_LICENCE}`,
  ];
}
