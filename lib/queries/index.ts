/**
 * Named queries: the `.sql` files in this folder, run by `logveil query --named NAME` and registered
 * unchanged as Athena named queries. They use only SQL that DuckDB and Athena (Trino) both accept.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface NamedQuery {
  readonly name: string;
  readonly description: string;
  readonly sql: string;
}

const DIR = import.meta.dirname;

export function namedQueries(): NamedQuery[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(DIR, file), 'utf8');
      const description = /^--\s*(.*)$/m.exec(sql)?.[1]?.trim() ?? '';
      return { name: file.slice(0, -'.sql'.length), description, sql };
    });
}
