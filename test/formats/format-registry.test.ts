/**
 * One format registry (lib/formats/index.ts `FORMATS`): the command line's help, the configuration
 * checks and `auto` detection all read it, and the docs list every entry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeConfig } from '../../lib/config/runtime-config.ts';
import { checkFormatName, FORMATS, parsersFor, UnknownFormatError } from '../../lib/formats/index.ts';
import { zoneResolver } from '../../lib/formats/time-zone.ts';
import { REPO_ROOT, runCli } from '../helpers.ts';

const EXAMPLES: Record<string, string> = {
  'apache:<LogFormat>': 'apache:%h %t "%r" %>s',
  'nginx:<log_format>': 'nginx:$remote_addr [$time_local] "$request" $status',
};
const valueFor = (name: string) => EXAMPLES[name] ?? name;

describe('the format registry', () => {
  it('has each format once, with a description', () => {
    const names = FORMATS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of FORMATS) expect(f.description.length, f.name).toBeGreaterThan(10);
  });

  it('is what the configuration accepts: every entry, and nothing else', () => {
    for (const f of FORMATS) expect(() => checkFormatName(valueFor(f.name)), f.name).not.toThrow();
    expect(() => checkFormatName('apache:%h %{unclosed')).toThrow(UnknownFormatError);
    expect(() => checkFormatName('nonsense')).toThrow(
      new RegExp(
        FORMATS.map((f) => f.name)
          .join(', ')
          .replace(/[<>:]/g, '.'),
      ),
    );
    const sources = (format: string) =>
      runtimeConfig({
        ANALYTICS_BUCKET: 'a',
        SALTS_BUCKET: 's',
        SOURCES: JSON.stringify([{ prefix: '', format }]),
      });
    for (const f of FORMATS) expect(() => sources(valueFor(f.name)), f.name).not.toThrow();
    expect(() => sources('nonsense')).toThrow(/unknown format/);
  });

  it('is what auto tries, in its order', () => {
    const detected = FORMATS.filter((f) => f.detected).map((f) => f.name);
    expect(parsersFor('auto', { zone: zoneResolver('UTC') }).map((p) => p.name)).toEqual(detected);
    expect(detected).toEqual(expect.arrayContaining(['combined', 'common', 'w3c', 'json']));
  });

  it('gives every named format a parser of that name (text none)', () => {
    for (const f of FORMATS.filter((e) => !['auto', 'text'].includes(e.name) && !(e.name in EXAMPLES))) {
      expect(
        parsersFor(f.name, { zone: zoneResolver('UTC') }).map((p) => p.name),
        f.name,
      ).toEqual([f.name]);
    }
    expect(parsersFor('text', { zone: zoneResolver('UTC') })).toEqual([]);
  });

  it('is what the command line and the docs list', async () => {
    const help = (await runCli(['run', '--help'])).stdout.replace(/\s+/g, ' ');
    const docs = readFileSync(join(REPO_ROOT, 'docs', 'formats.md'), 'utf8');
    for (const f of FORMATS) {
      expect(help, f.name).toContain(f.name);
      expect(docs, f.name).toContain(`\`${f.name}\``);
    }
  });
});
