/**
 * Builds an event row from a parsed hit by applying every privacy rule of docs/privacy.md once: the only
 * place where personal data (IP, user agent, user name, cookies, full URLs) is read and dropped.
 */

import type { ParsedHit } from '../formats/parsed-hit.ts';
import { cookieValue } from '../privacy/cookies.ts';
import { detach, detachValue } from '../privacy/detach.ts';
import { normalizeHost, stripWww } from '../privacy/hostname.ts';
import { isOptedOut } from '../privacy/opt-out.ts';
import { generalizePath } from '../privacy/path.ts';
import { applyPathRules } from '../privacy/path-rules.ts';
import { QueryFilter } from '../privacy/query.ts';
import { type ReducedReferrer, reduceReferrer } from '../privacy/referrer.ts';
import type { DaySalt } from '../privacy/salts.ts';
import { UserAgentClassifier } from '../privacy/user-agent.ts';
import { VisitorIdCache } from '../privacy/visitor-cache.ts';
import { cookieVisitorId } from '../privacy/visitor-id.ts';
import { classifyChannel } from './channel.ts';
import { isPageView, isStaticAsset } from './page-view.ts';
import type { PrivacySettings } from './privacy-settings.ts';
import type { EventRow } from './schema.ts';

export const INVALID_PATH = '(invalid)';
const CACHE_LIMIT = 50_000;
/** Sites with a referrer cache of their own; a log of more interleaved sites just caches less. */
const MAX_SITE_CACHES = 4;

/**
 * A Map that forgets everything when full: cheap, and enough for the heavy repetition of logs. The
 * last key found is remembered too: neighbouring lines often repeat a value (a page's assets share
 * its referrer), and comparing two strings is cheaper than hashing a new one.
 */
class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  private lastKey: string | null = null;
  private lastValue: V | undefined;
  constructor(private readonly limit = CACHE_LIMIT) {}
  get(key: string): V | undefined {
    if (key === this.lastKey) return this.lastValue;
    const value = this.map.get(key);
    if (value !== undefined) {
      this.lastKey = key;
      this.lastValue = value;
    }
    return value;
  }
  /** Stores copies that share no memory with the line (see detachValue) and returns the value kept. */
  set(key: string, value: V): V {
    if (this.map.size >= this.limit) this.map.clear();
    const kept = detachValue(value);
    this.map.set(detach(key), kept);
    this.lastKey = key;
    this.lastValue = kept;
    return kept;
  }
}

/** A request path after the path rules, and whether its raw form names a static asset. */
interface PathVerdict {
  readonly path: string;
  readonly staticAsset: boolean;
}

export interface TargetParts {
  rawPath: string;
  rawQuery: string | null;
}

/** Splits a request target into raw path and raw query; the fragment is dropped. */
export function splitTarget(target: string): TargetParts {
  let rest = target;
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  if (rest.charCodeAt(0) !== 47 && rest !== '*') {
    // absolute-form: scheme://authority/path?query
    const scheme = rest.indexOf('://');
    const slash = scheme >= 0 ? rest.indexOf('/', scheme + 3) : -1;
    const question = rest.indexOf('?', scheme + 3);
    if (slash < 0 || (question >= 0 && question < slash)) {
      return { rawPath: '/', rawQuery: question >= 0 ? rest.slice(question + 1) : null };
    }
    rest = rest.slice(slash);
  }
  const q = rest.indexOf('?');
  if (q < 0) return { rawPath: rest, rawQuery: null };
  return { rawPath: rest.slice(0, q), rawQuery: rest.slice(q + 1) };
}

export class EventBuilder {
  private readonly queryFilter: QueryFilter;
  private readonly agents = new UserAgentClassifier();
  private readonly paths = new BoundedCache<PathVerdict>();
  /** Per site, so the cache key is the raw referrer itself (no per-line key string). */
  private readonly referrers = new Map<string, BoundedCache<ReducedReferrer>>();
  private readonly sites = new BoundedCache<string>();
  private readonly visitors = new VisitorIdCache();
  private readonly internalHosts: ReadonlySet<string>;
  private readonly staticExtensions: ReadonlySet<string>;
  private readonly fallbackSite: string;

  constructor(private readonly settings: PrivacySettings) {
    this.queryFilter = new QueryFilter(settings.allowParams);
    this.internalHosts = new Set(settings.internalHosts.map((h) => stripWww(h.toLowerCase())));
    this.staticExtensions = new Set(settings.staticExtensions.map((e) => e.toLowerCase()));
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
    const agent = this.agents.classify(hit.userAgent);
    let path = INVALID_PATH;
    let staticAsset = false;
    let rawQuery: string | null = null;
    if (hit.target !== null) {
      const target = splitTarget(hit.target);
      rawQuery = target.rawQuery;
      const verdict = this.pathVerdict(target.rawPath);
      path = verdict.path;
      staticAsset = verdict.staticAsset;
    }
    const kept = this.queryFilter.filter(rawQuery);
    const referrer = this.referrer(hit.referrer, site);
    const traffic = classifyChannel({
      referrerHost: referrer.internal ? null : referrer.host,
      utmSource: kept.utmSource,
      utmMedium: kept.utmMedium,
      utmCampaign: kept.utmCampaign,
      clickId: kept.clickId,
    });
    return {
      event_id: eventId,
      salt_id: salt.saltId,
      site,
      ts: hit.ts,
      visitor_id: this.visitor(hit, site, salt),
      method: hit.method,
      path,
      query: kept.query,
      status: hit.status,
      bytes: hit.bytes,
      duration_ms: hit.durationMs,
      referrer_host: referrer.host,
      referrer_path: referrer.path,
      channel: traffic.channel,
      source: traffic.source,
      medium: traffic.medium,
      campaign: traffic.campaign,
      browser: agent.browser,
      browser_version: agent.browserVersion,
      os: agent.os,
      device: agent.device,
      is_bot: agent.isBot,
      bot_name: agent.botName,
      is_page_view: hit.target !== null && isPageView(agent.isBot, hit.method, hit.status, staticAsset),
    };
  }

  private pathVerdict(rawPath: string): PathVerdict {
    let verdict = this.paths.get(rawPath);
    if (verdict === undefined) {
      verdict = this.paths.set(rawPath, {
        path: applyPathRules(generalizePath(rawPath), this.settings.pathRules),
        staticAsset: isStaticAsset(rawPath, this.staticExtensions),
      });
    }
    return verdict;
  }

  private generalize(rawPath: string): string {
    return this.pathVerdict(rawPath).path;
  }

  private referrer(raw: string | null, site: string): ReducedReferrer {
    if (raw === null) return reduceReferrer(null, site, this.internalHosts, (p) => this.generalize(p));
    let cache = this.referrers.get(site);
    if (cache === undefined) {
      // Hosts come from the log: bound how many sites keep a cache of their own.
      if (this.referrers.size >= MAX_SITE_CACHES) this.referrers.clear();
      cache = new BoundedCache<ReducedReferrer>();
      this.referrers.set(detach(site), cache);
    }
    let reduced = cache.get(raw);
    if (reduced === undefined) {
      reduced = cache.set(
        raw,
        reduceReferrer(raw, site, this.internalHosts, (p) => this.generalize(p)),
      );
    }
    return reduced;
  }

  private visitor(hit: ParsedHit, site: string, salt: DaySalt): string | null {
    if (isOptedOut(hit, this.settings.optoutCookie)) return null;
    if (this.settings.visitorCookie !== null) {
      const value = cookieValue(hit.cookies, this.settings.visitorCookie);
      if (value) return cookieVisitorId(salt.salt, site, value);
    }
    return this.visitors.id(salt, site, hit.clientIp, hit.forwardedFor, hit.userAgent);
  }
}
