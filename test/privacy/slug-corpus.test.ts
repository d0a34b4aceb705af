/**
 * Path generalization keeps readable slugs and still replaces secrets, measured on labelled corpora:
 * 592 readable segments of real public URLs (corpus/slugs.tsv, each with its source) and 610
 * secret-like values of the shapes tokens, session ids, reset tokens and API keys take
 * (corpus/secrets.ts). Targets: at most 1 % of slugs replaced, no secret kept. docs/privacy.md
 * publishes the numbers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Random } from '../../lib/generate/random.ts';
import { generalizePath } from '../../lib/privacy/path.ts';
import { secretCorpus } from './corpus/secrets.ts';

const slugs = readFileSync(join(import.meta.dirname, 'corpus', 'slugs.tsv'), 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => {
    const [segment, source] = line.split('\t');
    return { segment: segment!, source: source! };
  });

const kept = (segment: string) => generalizePath(`/p/${segment}/x`) === `/p/${segment}/x`;

describe('readable slugs', () => {
  it('the corpus: at least 500 segments of real URLs, each with its source, no duplicates', () => {
    expect(slugs.length).toBeGreaterThanOrEqual(500);
    for (const s of slugs) expect(s.source).toMatch(/^(https?:\/\/|[\w.-]+\/[\w.-]+:)/);
    expect(new Set(slugs.map((s) => s.segment)).size).toBe(slugs.length);
    // The ones that matter: long, with digits (what the old rule replaced).
    expect(slugs.filter((s) => s.segment.length >= 20 && /\d/.test(s.segment)).length).toBeGreaterThanOrEqual(
      200,
    );
  });

  it('at most 1 % are replaced', () => {
    const replaced = slugs.filter((s) => !kept(s.segment)).map((s) => s.segment);
    console.log(`slugs replaced: ${replaced.length} of ${slugs.length}`);
    expect(replaced.length).toBeLessThanOrEqual(Math.floor(slugs.length * 0.01));
  });
});

describe('secrets', () => {
  const secrets = secretCorpus();

  it('the corpus: at least 500 values of every shape', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(500);
    expect(new Set(secrets.map((s) => s.kind)).size).toBeGreaterThanOrEqual(20);
  });

  it('none is kept, plain or percent-encoded', () => {
    const leaked = secrets.filter(
      (s) =>
        generalizePath(`/p/${s.value}/x`).includes(s.value) ||
        generalizePath(`/p/${encodeURIComponent(s.value)}`).includes(s.value),
    );
    expect(leaked.map((s) => `${s.kind}: ${s.value}`)).toEqual([]);
  });

  it('random values of 16 to 64 characters: at most 3 in 10,000 kept, per alphabet (measured, seeded)', () => {
    const lower = 'abcdefghijklmnopqrstuvwxyz';
    const alphabets = {
      base64url: `${lower.toUpperCase()}${lower}0123456789-_`,
      'alphanumeric, mixed case': `${lower.toUpperCase()}${lower}0123456789`,
      'alphanumeric, lower case': `${lower}0123456789`,
    };
    const rates: Record<string, number> = {};
    for (const [name, alphabet] of Object.entries(alphabets)) {
      const random = new Random(`slug-corpus-${name}`);
      let keptCount = 0;
      for (let i = 0; i < 20_000; i++) {
        const v = Array.from(
          { length: random.int(16, 64) },
          () => alphabet[random.int(0, alphabet.length - 1)],
        ).join('');
        if (generalizePath(`/reset/${v}`).includes(v)) keptCount++;
      }
      rates[name] = keptCount / 20_000;
    }
    console.log('random values kept:', rates);
    for (const rate of Object.values(rates)) expect(rate).toBeLessThanOrEqual(0.0003);
  });
});
