/**
 * `npm run docs:tables`: rewrites the generated sections of docs/tables.md from the schemas in lib/.
 * A table new in lib/ gets its section placed after the one before it in the list.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DOCUMENTED_SECTIONS,
  generatedSection,
  replaceGenerated,
  sectionMarkers,
} from './table-docs-sections.ts';

const file = join(import.meta.dirname, '..', '..', 'docs', 'tables.md');
let text = readFileSync(file, 'utf8');
DOCUMENTED_SECTIONS.forEach((section, i) => {
  if (generatedSection(text, section.name) === null) {
    const { start, end } = sectionMarkers(section.name);
    const previous = i > 0 ? sectionMarkers(DOCUMENTED_SECTIONS[i - 1]!.name).end : null;
    const at = previous === null ? -1 : text.indexOf(previous);
    const insertAt = at < 0 ? text.length : at + previous!.length;
    text = `${text.slice(0, insertAt)}\n\n${start}${end}${text.slice(insertAt)}`;
  }
  text = replaceGenerated(text, section);
});
writeFileSync(file, text);
