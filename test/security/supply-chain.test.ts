import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers.ts';
import { auditVerdict, licenseViolations, readAllowList } from './supply-chain.ts';

const allow = readAllowList(REPO_ROOT);

describe('production dependency licenses', () => {
  it('are all on the reviewed allow-list', () => {
    const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8'));
    expect(licenseViolations(lock, allow)).toEqual([]);
  });

  it('refuse copyleft and unknown licenses, accept a permissive option of a dual license', () => {
    const lock = {
      packages: {
        '': {},
        'node_modules/ua-parser-js': { version: '2.0.10', license: 'AGPL-3.0-or-later' },
        'node_modules/mystery': { version: '1.0.0' },
        'node_modules/case': { version: '1.6.3', license: '(MIT OR GPL-3.0-or-later)' },
        'node_modules/both': { version: '1.0.0', license: 'MIT AND GPL-2.0-only' },
        'node_modules/vitest': { version: '4.1.12', license: 'GPL-3.0', dev: true },
      },
    };
    expect(licenseViolations(lock, allow)).toEqual([
      'ua-parser-js@2.0.10 (AGPL-3.0-or-later)',
      'mystery@1.0.0 (no license)',
      'both@1.0.0 (MIT AND GPL-2.0-only)',
    ]);
  });
});

describe('npm audit verdict', () => {
  it('fails on high or critical findings, passes on lower ones, and says when audits are unavailable', () => {
    expect(
      auditVerdict({ metadata: { vulnerabilities: { low: 3, moderate: 1, high: 0, critical: 0 } } }).verdict,
    ).toBe('pass');
    expect(auditVerdict({ metadata: { vulnerabilities: { high: 1, critical: 0 } } })).toEqual({
      verdict: 'fail',
      high: 1,
      critical: 0,
    });
    expect(auditVerdict({ metadata: { vulnerabilities: { high: 0, critical: 2 } } }).verdict).toBe('fail');
    expect(auditVerdict({ error: { code: 'E405' } }).verdict).toBe('unavailable');
  });
});
