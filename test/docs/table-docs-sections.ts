/** Where each generated reference lives in docs/tables.md: a table's schema (and SQL), the shared relations. */
import { AGGREGATE_TABLES } from '../../lib/aggregate/aggregate-tables.ts';
import { DAY_RELATIONS, sqlFile } from '../../lib/aggregate/sql/index.ts';
import { EVENTS_TABLE } from '../../lib/events/schema.ts';
import { sqlBlock, tableMarkdown } from '../../lib/tables/table-docs.ts';

export interface DocumentedSection {
  readonly name: string;
  markdown(): string;
}

function relationsMarkdown(): string {
  return `${DAY_RELATIONS.map((name) => [`\`lib/aggregate/sql/${name}.sql\`:`, '', sqlBlock(sqlFile(name)), ''].join('\n')).join('\n')}`;
}

export const DOCUMENTED_SECTIONS: readonly DocumentedSection[] = [
  { name: EVENTS_TABLE.name, markdown: () => tableMarkdown(EVENTS_TABLE) },
  { name: 'sql-relations', markdown: relationsMarkdown },
  ...AGGREGATE_TABLES.map((table) => ({
    name: table.name,
    markdown: () => tableMarkdown(table, sqlFile(table.name)),
  })),
];

const START = (name: string) => `<!-- generated:${name} (npm run docs:tables) -->\n`;
const END = (name: string) => `<!-- /generated:${name} -->`;

/** The markers around a generated section. */
export function sectionMarkers(name: string): { start: string; end: string } {
  return { start: START(name), end: END(name) };
}

export function generatedSection(text: string, name: string): string | null {
  const start = text.indexOf(START(name));
  const end = text.indexOf(END(name));
  if (start < 0 || end < 0) return null;
  return text.slice(start + START(name).length, end);
}

export function replaceGenerated(text: string, section: DocumentedSection): string {
  const start = text.indexOf(START(section.name));
  const end = text.indexOf(END(section.name));
  if (start < 0 || end < 0) throw new Error(`docs/tables.md has no generated section for ${section.name}`);
  return text.slice(0, start + START(section.name).length) + section.markdown() + text.slice(end);
}
