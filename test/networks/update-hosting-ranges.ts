/** `npm run networks:update`: rewrites lib/networks/hosting-ranges.csv from the installed ASN database. */
import { writeFileSync } from 'node:fs';
import { HOSTING_RANGES_FILE } from '../../lib/networks/hosting-ranges.ts';
import { deriveHostingRanges } from './hosting-ranges-source.ts';

const text = deriveHostingRanges();
writeFileSync(HOSTING_RANGES_FILE, text);
console.log(`${HOSTING_RANGES_FILE}: ${text.split('\n').filter((l) => /^\d/.test(l)).length} ranges`);
