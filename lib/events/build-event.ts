/**
 * Builds an event row from a parsed hit: the fields kept as they are (time, method, status, bytes,
 * duration) and the anonymized ones, decided by the privacy rules of lib/privacy/event-rules.ts run in
 * their order. The only place where personal data (IP, user agent, user name, cookies, full URLs) is
 * read and dropped.
 */

import type { ParsedHit } from '../formats/parsed-hit.ts';
import { BoundedCache } from '../privacy/bounded-cache.ts';
import {
  type EventRule,
  emptyFacts,
  eventRules,
  type HitFacts,
  INVALID_PATH,
} from '../privacy/event-rules.ts';
import { normalizeHost } from '../privacy/hostname.ts';
import type { PrivacySettings } from '../privacy/privacy-settings.ts';
import type { DaySalt } from '../privacy/salts.ts';
import type { EventRow } from './schema.ts';

export class EventBuilder {
  private readonly rules: readonly EventRule[];
  private readonly facts: HitFacts = emptyFacts();
  private readonly sites = new BoundedCache<string>();
  private readonly fallbackSite: string;

  constructor(settings: PrivacySettings) {
    this.rules = eventRules(settings);
    this.fallbackSite = settings.site ?? 'default';
  }

  /** The site of a hit: its host (lowercase, no port) when it has a plausible one. */
  siteOf(hit: ParsedHit): string {
    if (hit.host === null) return this.fallbackSite;
    let site = this.sites.get(hit.host);
    if (site === undefined) {
      const host = normalizeHost(hit.host);
      site = this.sites.set(hit.host, host.kind === 'name' ? host.host : this.fallbackSite);
    }
    return site;
  }

  build(hit: ParsedHit, site: string, eventId: string, salt: DaySalt): EventRow {
    const facts = this.facts;
    facts.hit = hit;
    facts.site = site;
    facts.salt = salt;
    // Every column in place before the rules run (one object shape); the rules overwrite theirs.
    const event: EventRow = {
      event_id: eventId,
      salt_id: salt.saltId,
      site,
      ts: hit.ts,
      visitor_id: null,
      method: hit.method,
      path: INVALID_PATH,
      query: null,
      status: hit.status,
      bytes: hit.bytes,
      duration_ms: hit.durationMs,
      referrer_host: null,
      referrer_path: null,
      channel: '',
      source: '',
      medium: '',
      campaign: '',
      browser: '',
      browser_version: null,
      os: '',
      device: '',
      is_bot: false,
      bot_name: null,
      is_page_view: false,
      country: '',
      hosting_network: false,
    };
    for (const rule of this.rules) rule.apply(facts, event);
    return event;
  }
}
