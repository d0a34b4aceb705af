/**
 * Referrer reduction (docs/privacy.md): an external referrer keeps only its host (`www.` stripped); an
 * internal one (same site or an `--internal-host` alias) keeps its generalized path, for navigation.
 * Query strings, fragments, user info and ports never survive.
 */
import { normalizeHost, stripWww } from './hostname.ts';

export interface ReducedReferrer {
  readonly host: string | null;
  readonly path: string | null;
  readonly internal: boolean;
}

export const NO_REFERRER: ReducedReferrer = { host: null, path: null, internal: false };
const IP_REFERRER: ReducedReferrer = { host: '[ip]', path: null, internal: false };

const URL_HEAD = /^([A-Za-z][A-Za-z0-9+.-]{0,30}):\/\/([^/?#\\]*)([^?#]*)/;

/**
 * `generalize` turns the referrer's raw path into the same form as event paths.
 * `internalHosts` holds lowercase hosts with `www.` stripped.
 */
export function reduceReferrer(
  raw: string | null,
  site: string,
  internalHosts: ReadonlySet<string>,
  generalize: (rawPath: string) => string,
): ReducedReferrer {
  if (!raw || raw === '-') return NO_REFERRER;
  const m = URL_HEAD.exec(raw.trim());
  if (!m) return NO_REFERRER;
  let authority = m[2]!;
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  const normalized = normalizeHost(authority);
  if (normalized.kind === 'ip') return IP_REFERRER;
  if (normalized.kind === 'invalid') return NO_REFERRER;
  const host = stripWww(normalized.host);
  const internal = host === stripWww(site) || internalHosts.has(host);
  if (!internal) return { host, path: null, internal: false };
  const rawPath = m[3] || '/';
  return { host, path: generalize(rawPath), internal: true };
}
