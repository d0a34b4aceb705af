import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { versionAbove } from '../../lib/cli/version.ts';
import { REPO_ROOT, runCli, tempDir } from '../helpers.ts';

describe('logveil --version', () => {
  it('prints the version of the package, then the country and network databases with their dates', async () => {
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const dateOf = (name: string) =>
      (pkg.dependencies[name] ?? pkg.devDependencies[name]!).replace(
        /^.*\.(\d{4})(\d{2})(\d{2})\d{2}$/,
        '$1-$2-$3',
      );
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag]);
      expect(r.code).toBe(0);
      const [version, country, network, end] = r.stdout.split('\n');
      expect(version).toBe(pkg.version);
      expect(country).toContain(
        `country database: @ip-location-db/geo-whois-asn-country-mmdb ${dateOf('@ip-location-db/geo-whois-asn-country-mmdb')}`,
      );
      expect(network).toContain(`network database: @ip-location-db/asn ${dateOf('@ip-location-db/asn')}`);
      expect(end).toBe('');
    }
  });

  it('finds logveil’s package.json above a bundle, past other packages', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'logveil', version: '9.8.7' }));
    const other = join(root, 'node_modules', 'vitest');
    await mkdir(other, { recursive: true });
    await writeFile(join(other, 'package.json'), JSON.stringify({ name: 'vitest', version: '1.0.0' }));
    const bundle = join(root, 'node_modules', '.cache', 'logveil', 'cli-0123');
    await mkdir(bundle, { recursive: true });
    expect(versionAbove(bundle)).toBe('9.8.7');
    expect(versionAbove(other)).toBe('9.8.7');
    expect(versionAbove(join(root, 'lib', 'cli'))).toBe('9.8.7');
  });
});

describe('usage errors', () => {
  it.each([
    [['run', 'x.log', '--bogus'], "error: unknown option '--bogus'", 'run'],
    [['generate'], "error: required option '--lines <n>' not specified", 'generate'],
    [['report', '--from', 'tomorrow'], 'error: --from must be a day, YYYY-MM-DD', 'report'],
    [['query', 'select 1', '--named', 'top_pages'], 'error: give either SQL or --named, not both', 'query'],
    [['frobnicate'], "error: unknown command 'frobnicate'", null],
  ])('print the error and a one-line hint, not the help, and exit 2: %j', async (args, error, command) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const hint = `Run 'logveil ${command === null ? '' : `${command} `}--help' for usage.`;
    expect(r.stderr).toBe(`${error}\n${hint}\n`);
  });
});

describe('logveil expire', () => {
  it('fails with status 1 naming a missing --out directory, and creates nothing', async () => {
    const dir = await tempDir();
    const missing = join(dir, 'no-such-out');
    const r = await runCli(['expire', '--out', missing, '--salt-dir', join(dir, 'salts')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${missing}: no such directory`);
    expect(existsSync(missing)).toBe(false);
  });
});
