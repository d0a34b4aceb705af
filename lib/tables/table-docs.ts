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

/** A SQL text as a fenced block. */
export function sqlBlock(sql: string): string {
  return ['```sql', sql.trimEnd(), '```'].join('\n');
}

/** The reference of a table; with `sql`, the query that defines its rows follows the columns. */
export function tableMarkdown(table: TableDef, sql?: string): string {
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
    ...(sql === undefined
      ? []
      : [`Defined by \`lib/aggregate/sql/${table.name}.sql\`:`, '', sqlBlock(sql), '']),
  ];
  return lines.join('\n');
}
