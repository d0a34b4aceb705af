/**
 * Every error class of the project names itself (`name` = the class name): logs and the command line
 * report errors by name, and `Error` would say nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers.ts';

describe('error classes', () => {
  it('set their own name', () => {
    const classes: string[] = [];
    const unnamed: string[] = [];
    for (const dir of ['lib', 'functions', 'infra']) {
      for (const entry of readdirSync(join(REPO_ROOT, dir), { recursive: true })) {
        const file = join(REPO_ROOT, dir, String(entry));
        if (!file.endsWith('.ts')) continue;
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/class (\w+) extends (\w*Error)\b[^{]*\{/g)) {
          classes.push(m[1]!);
          const body = text.slice(m.index!, m.index! + 600);
          if (!new RegExp(`(?:this\\.)?name = '${m[1]}'`).test(body))
            unnamed.push(`${relative(REPO_ROOT, file)}: ${m[1]}`);
        }
      }
    }
    expect(classes.length).toBeGreaterThanOrEqual(14);
    expect(unnamed).toEqual([]);
  });
});
