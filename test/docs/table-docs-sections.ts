/** Where each table's generated reference lives in docs/tables.md. */
import { AGGREGATE_TABLES } from '../../lib/aggregate/aggregate-tables.ts';
import { EVENTS_TABLE } from '../../lib/events/schema.ts';
import type { TableDef } from '../../lib/tables/column.ts';
import { tableMarkdown } from '../../lib/tables/table-docs.ts';

export const DOCUMENTED_TABLES: readonly TableDef[] = [EVENTS_TABLE, ...AGGREGATE_TABLES];

const START = (name: string) => `<!-- generated:${name} (npm run docs:tables) -->\n`;
const END = (name: string) => `<!-- /generated:${name} -->`;

export function generatedSection(text: string, table: TableDef): string | null {
  const start = text.indexOf(START(table.name));
  const end = text.indexOf(END(table.name));
  if (start < 0 || end < 0) return null;
  return text.slice(start + START(table.name).length, end);
}

export function replaceGenerated(text: string, table: TableDef): string {
  const start = text.indexOf(START(table.name));
  const end = text.indexOf(END(table.name));
  if (start < 0 || end < 0) throw new Error(`docs/tables.md has no generated section for ${table.name}`);
  return text.slice(0, start + START(table.name).length) + tableMarkdown(table) + text.slice(end);
}
