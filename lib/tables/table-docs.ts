/** Renders a TableDef as the Markdown reference in docs/tables.md (kept in sync by a test). */
import type { TableDef } from './column.ts';

const TYPE_NAMES: Record<string, string> = {
  string: 'string',
  int32: 'int',
  int64: 'bigint',
  double: 'double',
  boolean: 'boolean',
  timestamp_ms: 'timestamp (ms, UTC)',
};

export function tableMarkdown(table: TableDef): string {
  const partitions = table.partitions.map((p) => `\`${p.name}\``).join(', ');
  const lines = [
    `### ${table.name}`,
    '',
    table.doc,
    '',
    `Location: \`${table.prefix}/${table.partitions.map((p) => `${p.name}=…`).join('/')}/\` — partition columns ${partitions} live in the key only.`,
    '',
    '| column | type | null | meaning |',
    '|---|---|---|---|',
    ...table.columns.map(
      (c) => `| \`${c.name}\` | ${TYPE_NAMES[c.type]} | ${c.nullable ? 'yes' : 'no'} | ${c.doc} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
