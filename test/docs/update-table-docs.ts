/** `npm run docs:tables`: rewrites the generated sections of docs/tables.md from the schemas in lib/. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENTED_SECTIONS, replaceGenerated } from './table-docs-sections.ts';

const file = join(import.meta.dirname, '..', '..', 'docs', 'tables.md');
let text = readFileSync(file, 'utf8');
for (const section of DOCUMENTED_SECTIONS) text = replaceGenerated(text, section);
writeFileSync(file, text);
