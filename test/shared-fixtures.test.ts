/**
 * The shared-fixtures gate of test/helpers.ts: tests over third-party samples run when the samples are
 * there, skip with a printed reason in a clone on its own, and fail under CI=true (CI always has them).
 * Each case points `LOGVEIL_SHARED_FIXTURES` at a folder that does or does not exist.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  REPO_ROOT,
  sharedFixturesOrSkip,
  sharedFixturesRoot,
  sharedFixturesVerdict,
  tempDir,
} from './helpers.ts';

const MISSING = join(REPO_ROOT, 'no-such-shared-fixtures-folder');

function gate(env: NodeJS.ProcessEnv): { runs?: boolean; printed: string[]; error?: string } {
  const printed: string[] = [];
  try {
    return { runs: sharedFixturesOrSkip('a suite over the samples', env, (l) => printed.push(l)), printed };
  } catch (error) {
    return { printed, error: (error as Error).message };
  }
}

describe('shared fixtures gate', () => {
  it('defaults to ../shared/fixtures beside the repository and follows LOGVEIL_SHARED_FIXTURES', () => {
    expect(sharedFixturesRoot({})).toBe(join(REPO_ROOT, '..', 'shared', 'fixtures'));
    expect(sharedFixturesRoot({ LOGVEIL_SHARED_FIXTURES: MISSING })).toBe(MISSING);
  });

  it('runs the suite, printing nothing, when the fixtures folder exists (even under CI)', async () => {
    const root = await tempDir();
    for (const env of [{ LOGVEIL_SHARED_FIXTURES: root }, { LOGVEIL_SHARED_FIXTURES: root, CI: 'true' }]) {
      expect(sharedFixturesVerdict(env)).toEqual({ outcome: 'present', root });
      expect(gate(env)).toEqual({ runs: true, printed: [] });
    }
  });

  it('skips with one printed line naming the suite when the folder is absent outside CI', () => {
    for (const CI of [undefined, '', 'false', '0']) {
      const result = gate({ LOGVEIL_SHARED_FIXTURES: MISSING, CI });
      expect(result.runs).toBe(false);
      expect(result.printed).toHaveLength(1);
      expect(result.printed[0]).toMatch(
        /^skipped: \.\.\/shared\/fixtures not found \(.*\): a suite over the samples$/,
      );
    }
  });

  it('throws instead of skipping when the folder is absent under CI=true', () => {
    for (const CI of ['true', '1']) {
      const result = gate({ LOGVEIL_SHARED_FIXTURES: MISSING, CI });
      expect(result.runs).toBeUndefined();
      expect(result.printed).toEqual([]);
      expect(result.error).toMatch(/^\.\.\/shared\/fixtures not found .* CI=true/);
    }
  });

  it('makes a real test file pass with named skips locally and fail under CI=true', () => {
    const run = (CI: string) =>
      spawnSync(
        process.execPath,
        [join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/privacy/detectors.test.ts'],
        {
          cwd: REPO_ROOT,
          encoding: 'utf8',
          env: { ...process.env, LOGVEIL_SHARED_FIXTURES: MISSING, CI, NO_COLOR: '1' },
        },
      );
    const local = run('');
    expect(local.status).toBe(0);
    expect(local.stdout).toContain(
      'skipped: ../shared/fixtures not found (LOGVEIL_SHARED_FIXTURES=' +
        `${MISSING}; set LOGVEIL_SHARED_FIXTURES to run them): e-mail detector on the labelled e-mail list`,
    );
    expect(local.stdout).toMatch(/Tests\s+\d+ passed \| 2 skipped/);

    const ci = run('true');
    expect(ci.status).not.toBe(0);
    expect(`${ci.stdout}${ci.stderr}`).toContain('CI=true: CI must run the tests on the shared samples');
  });
});
