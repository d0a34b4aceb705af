/**
 * The repository's own documentation stands alone: a user or contributor with nothing but a clone
 * can follow every link. No Markdown file links or points outside the repository (`../shared`, a
 * `../` that climbs above the root), none refers to a design document they do not have, and every
 * relative link names a file that exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers.ts';

const SKIP_DIRS = new Set(['node_modules', 'out', 'cdk.out', 'test-results', 'coverage']);

function markdownFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...markdownFiles(path));
    else if (entry.name.endsWith('.md')) found.push(path);
  }
  return found;
}

function insideRepo(path: string): boolean {
  const rel = relative(REPO_ROOT, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

/** Targets of inline and reference-style links, outside code (where `[a](b)` is not a link). */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const targets: string[] = [];
  for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(m[1]!);
  for (const m of prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)) targets.push(m[1]!);
  return targets;
}

/** Problems of one Markdown file at `file` (absolute path) with this text; empty when it stands alone. */
function standaloneProblems(file: string, markdown: string): string[] {
  const problems: string[] = [];
  const where = relative(REPO_ROOT, file);
  const dir = dirname(file);
  if (markdown.includes('../shared')) problems.push(`${where}: mentions ../shared, which users do not have`);
  if (/DESIGN(\.md| §)/.test(markdown))
    problems.push(`${where}: refers to DESIGN.md, which users do not have; state the rule in docs/`);
  // Any relative path, link or not (a code span, a shell line), that climbs out of the repository.
  for (const m of markdown.matchAll(/(?<![\w.])(?:\.\.\/)+[^\s`)'"<>\]]*/g)) {
    if (!insideRepo(resolve(dir, m[0]))) problems.push(`${where}: path outside the repository: ${m[0]}`);
  }
  for (const target of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
    const path = resolve(dir, decodeURI(target.replace(/[#?].*$/, '')));
    if (!insideRepo(path)) problems.push(`${where}: link outside the repository: ${target}`);
    else if (!existsSync(path)) problems.push(`${where}: link to a missing file: ${target}`);
  }
  return problems;
}

describe('standalone docs', () => {
  const files = markdownFiles(REPO_ROOT);

  it('finds the README and the docs', () => {
    const names = files.map((f) => relative(REPO_ROOT, f));
    expect(names).toContain('README.md');
    expect(names).toContain(join('docs', 'architecture.md'));
  });

  it.each(files.map((f) => [relative(REPO_ROOT, f), f]))(
    '%s is a document a person can read (under 2,000 lines)',
    (_name, file) => {
      // A scripted edit once spliced a section between every character of a doc: 800,000 lines.
      expect(readFileSync(file, 'utf8').split('\n').length).toBeLessThan(2_000);
    },
  );

  it.each(files.map((f) => [relative(REPO_ROOT, f), f]))(
    '%s links only to files inside the repository that exist',
    (_name, file) => {
      expect(standaloneProblems(file, readFileSync(file, 'utf8'))).toEqual([]);
    },
  );
});

describe('standalone docs check', () => {
  const readme = join(REPO_ROOT, 'README.md');
  const doc = join(REPO_ROOT, 'docs', 'some.md');

  it('accepts links to existing files, web links and anchors', () => {
    const text = [
      '[tables](docs/tables.md), [formats](docs/formats.md#json), [web](https://example.com), [top](#top)',
      '[ref]: docs/privacy.md',
    ].join('\n');
    expect(standaloneProblems(readme, text)).toEqual([]);
    expect(standaloneProblems(doc, '[code](../lib/pipeline.ts), [peer](privacy.md)')).toEqual([]);
  });

  it('rejects ../shared, a design document users lack, and paths above the root', () => {
    expect(standaloneProblems(readme, 'the contract is [`DESIGN`](../shared/DESIGN.md)')).toHaveLength(4);
    expect(standaloneProblems(readme, 'as DESIGN §4 says')).toHaveLength(1);
    expect(standaloneProblems(doc, 'see `../../elsewhere/notes.md`')).toHaveLength(1);
    expect(standaloneProblems(readme, '[x](../other-repo/README.md)')).toHaveLength(2);
  });

  it('rejects links to files that do not exist, but not link syntax inside code', () => {
    expect(standaloneProblems(readme, '[gone](docs/nowhere.md)')).toEqual([
      'README.md: link to a missing file: docs/nowhere.md',
    ]);
    expect(standaloneProblems(readme, '`[a](b.md)` and\n```\n[c](d.md)\n```')).toEqual([]);
  });
});
