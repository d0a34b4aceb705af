/**
 * The privacy-relevant settings shared by the CLI and the Lambda functions, read and validated once
 * (CLI flags or environment) into this object.
 */

import { DEFAULT_STATIC_EXTENSIONS } from './page-view.ts';
import type { PathRule } from './path-rules.ts';

export interface PrivacySettings {
  /** Site for lines that carry no host (`--site`, or a SOURCES entry); null → `default`. */
  readonly site: string | null;
  /** Other host names of the same site (lowercase, `www.` stripped). */
  readonly internalHosts: readonly string[];
  readonly pathRules: readonly PathRule[];
  /** Query parameters kept besides the utm_* defaults. */
  readonly allowParams: readonly string[];
  readonly visitorCookie: string | null;
  readonly optoutCookie: string | null;
  readonly staticExtensions: readonly string[];
}

export function defaultPrivacySettings(overrides: Partial<PrivacySettings> = {}): PrivacySettings {
  return {
    site: null,
    internalHosts: [],
    pathRules: [],
    allowParams: [],
    visitorCookie: null,
    optoutCookie: null,
    staticExtensions: DEFAULT_STATIC_EXTENSIONS,
    ...overrides,
  };
}
