/**
 * Query strings (docs/privacy.md): everything is dropped except allow-listed parameters, whose values pass
 * through the PII detectors; ad click ids only mark the hit as paid.
 */

import { decodeFully } from '../formats/percent-decode.ts';
import { scrubUrlValue } from './detectors/index.ts';

export const DEFAULT_ALLOWED_PARAMS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];
export const CLICK_ID_PARAMS = new Set(['gclid', 'gbraid', 'wbraid', 'dclid', 'msclkid']);

export interface KeptQuery {
  /** `key=value&…` of the kept parameters (values decoded and scrubbed), or null when none. */
  readonly query: string | null;
  readonly utmSource: string | null;
  readonly utmMedium: string | null;
  readonly utmCampaign: string | null;
  readonly clickId: boolean;
}

const NOTHING_KEPT: KeptQuery = {
  query: null,
  utmSource: null,
  utmMedium: null,
  utmCampaign: null,
  clickId: false,
};

// Only the characters that would change how the kept query string splits are escaped.
function escapeValue(value: string): string {
  return value.replace(/[%&=#+]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export class QueryFilter {
  private readonly allowed: ReadonlySet<string>;

  constructor(extraAllowed: readonly string[] = []) {
    this.allowed = new Set([...DEFAULT_ALLOWED_PARAMS, ...extraAllowed.map((p) => p.toLowerCase())]);
  }

  filter(rawQuery: string | null): KeptQuery {
    if (!rawQuery) return NOTHING_KEPT;
    const kept: string[] = [];
    let utmSource: string | null = null;
    let utmMedium: string | null = null;
    let utmCampaign: string | null = null;
    let clickId = false;
    for (const pair of rawQuery.split('&')) {
      if (pair.length === 0) continue;
      const eq = pair.indexOf('=');
      const key = decodeFully(eq < 0 ? pair : pair.slice(0, eq), true)
        .trim()
        .toLowerCase();
      if (CLICK_ID_PARAMS.has(key)) {
        clickId = true;
        continue;
      }
      if (!this.allowed.has(key)) continue;
      const value = scrubUrlValue(eq < 0 ? '' : pair.slice(eq + 1)).trim();
      kept.push(`${key}=${escapeValue(value)}`);
      if (value.length === 0) continue;
      if (key === 'utm_source') utmSource = value;
      else if (key === 'utm_medium') utmMedium = value;
      else if (key === 'utm_campaign') utmCampaign = value;
    }
    if (kept.length === 0 && !clickId) return NOTHING_KEPT;
    return { query: kept.length > 0 ? kept.join('&') : null, utmSource, utmMedium, utmCampaign, clickId };
  }
}
