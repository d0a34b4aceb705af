import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAwsAccess, chosenRegion } from '../../lib/aws/aws-access.ts';
import { generatedLog, runCliWithEnv, tempDir, writeLog } from '../helpers.ts';

/** The test's environment without any AWS setting, and AWS config files that do not exist. */
function noAws(dir: string, extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  return {
    ...env,
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    // Were anything sent, it would go nowhere.
    AWS_ENDPOINT_URL_FIREHOSE: 'http://127.0.0.1:9',
    ...extra,
  };
}

describe('logveil ship without AWS access', () => {
  it('names the missing region before sending anything (status 2)', async () => {
    const dir = await tempDir();
    const log = join(dir, 'a.log');
    await writeLog(log, generatedLog({ lines: 200, seed: 'ship-preflight' }));
    const started = Date.now();
    const r = await runCliWithEnv(['ship', '--stream', 'raw', log], noAws(dir));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error: no AWS region: pass --region, or set AWS_REGION');
    expect(r.stderr).toContain("Run 'logveil ship --help' for usage.");
    expect(r.stderr).not.toContain('not delivered');
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it.each([
    ['AWS_REGION', { AWS_REGION: 'eu-west-1' }, []],
    ['AWS_DEFAULT_REGION', { AWS_DEFAULT_REGION: 'eu-west-1' }, []],
    ['--region', {}, ['--region', 'eu-west-1']],
  ])(
    'with a region from %s, names the missing credentials before sending anything (status 1)',
    async (_, env, flags) => {
      const dir = await tempDir();
      const log = join(dir, 'a.log');
      await writeLog(log, generatedLog({ lines: 200, seed: 'ship-preflight' }));
      const r = await runCliWithEnv(['ship', '--stream', 'raw', ...flags, log], noAws(dir, env));
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('logveil: ship failed: no AWS credentials found');
      expect(r.stderr).toContain('nothing was sent');
      expect(r.stderr).not.toContain('not delivered');
    },
  );
});

describe('checkAwsAccess', () => {
  const region = async () => 'eu-west-1';

  it('passes when region and credentials resolve', async () => {
    expect(await checkAwsAccess({ region, credentials: async () => ({ accessKeyId: 'a' }) })).toBeNull();
  });

  it('reports credentials that take longer than the timeout', async () => {
    const never = () => new Promise<never>(() => {});
    expect(await checkAwsAccess({ region, credentials: never }, 20)).toEqual({
      missing: 'credentials',
      timedOut: true,
    });
  });

  it('reports a region the SDK cannot resolve before looking at credentials', async () => {
    let asked = false;
    const credentials = async () => {
      asked = true;
      return {};
    };
    const missing = async () => {
      throw new Error('Region is missing');
    };
    expect(await checkAwsAccess({ region: missing, credentials })).toEqual({ missing: 'region' });
    expect(asked).toBe(false);
  });
});

describe('chosenRegion', () => {
  it('prefers --region, then AWS_REGION, then AWS_DEFAULT_REGION, else leaves it to the SDK', () => {
    const env = { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-west-2' };
    expect(chosenRegion('eu-west-1', env)).toBe('eu-west-1');
    expect(chosenRegion(undefined, env)).toBe('us-east-1');
    expect(chosenRegion(undefined, { AWS_DEFAULT_REGION: 'us-west-2' })).toBe('us-west-2');
    expect(chosenRegion(undefined, { AWS_REGION: '' })).toBeUndefined();
  });
});
