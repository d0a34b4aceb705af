import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers.ts';
import { DOCUMENTED_SECTIONS, generatedSection } from './table-docs-sections.ts';

describe('docs/tables.md', () => {
  const text = readFileSync(join(REPO_ROOT, 'docs', 'tables.md'), 'utf8');
  it.each(DOCUMENTED_SECTIONS.map((s) => [s.name, s]))(
    'documents %s exactly as lib/ defines it, schema and SQL (npm run docs:tables)',
    (_, section) => {
      expect(generatedSection(text, section.name)).toBe(section.markdown());
    },
  );
});
