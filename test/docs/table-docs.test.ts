import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableMarkdown } from '../../lib/tables/table-docs.ts';
import { REPO_ROOT } from '../helpers.ts';
import { DOCUMENTED_TABLES, generatedSection } from './table-docs-sections.ts';

describe('docs/tables.md', () => {
  const text = readFileSync(join(REPO_ROOT, 'docs', 'tables.md'), 'utf8');
  it.each(DOCUMENTED_TABLES.map((t) => [t.name, t]))(
    'documents %s exactly as the schema defines it (npm run docs:tables)',
    (_, table) => {
      expect(generatedSection(text, table)).toBe(tableMarkdown(table));
    },
  );
});
