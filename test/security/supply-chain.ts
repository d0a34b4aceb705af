/**
 * Supply-chain gates shared by the tests and .ci/run: production dependencies must carry a license
 * from the reviewed allow-list, and `npm audit` must report no high or critical finding for them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AllowList {
  readonly licenses: readonly string[];
  readonly packages: Readonly<Record<string, string>>;
}

export interface LockPackage {
  readonly version?: string;
  readonly license?: string;
  readonly dev?: boolean;
  readonly devOptional?: boolean;
}

/** Every production package whose license is not allowed, as `name@version (license)`. */
export function licenseViolations(
  lock: { packages: Record<string, LockPackage> },
  allow: AllowList,
): string[] {
  const violations: string[] = [];
  for (const [path, pkg] of Object.entries(lock.packages)) {
    if (path === '' || pkg.dev || pkg.devOptional) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (allow.packages[name] !== undefined) continue;
    const license = pkg.license ?? '';
    // `(A OR B)`: one acceptable option is enough; `A AND B`: every part must be acceptable.
    const options = license.replace(/[()]/g, '').split(/\s+OR\s+/);
    const ok = options.some((option) =>
      option.split(/\s+AND\s+/).every((id) => allow.licenses.includes(id.trim())),
    );
    if (!ok) violations.push(`${name}@${pkg.version ?? '?'} (${license || 'no license'})`);
  }
  return violations;
}

export function readAllowList(root: string): AllowList {
  return JSON.parse(readFileSync(join(root, '.ci', 'allowed-licenses.json'), 'utf8')) as AllowList;
}

export interface AuditReport {
  readonly metadata?: { vulnerabilities?: Record<string, number> };
  readonly error?: unknown;
}

/** `fail` for high/critical findings, `unavailable` when the registry does not answer audits. */
export function auditVerdict(report: AuditReport): {
  verdict: 'pass' | 'fail' | 'unavailable';
  high: number;
  critical: number;
} {
  const v = report.metadata?.vulnerabilities;
  if (!v) return { verdict: 'unavailable', high: 0, critical: 0 };
  const high = v.high ?? 0;
  const critical = v.critical ?? 0;
  return { verdict: high + critical > 0 ? 'fail' : 'pass', high, critical };
}
