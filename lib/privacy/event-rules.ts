/**
 * The event-level privacy rules of docs/privacy.md, in the order they run. Each reads some raw fields
 * of a parsed hit — the personal data it is allowed to see — and decides some anonymized columns of
 * its event; nothing else of the hit reaches an event. This list is the only wiring: the events
 * builder (lib/events/build-event.ts) runs it on every hit, and a test ties every events column to
 * exactly one rule (or to the fields copied as they are) and docs/privacy.md to the list.
 *
 * Adding a rule: its module here in lib/privacy/, and its entry in `eventRules`.
 */
import type { ParsedHit } from '../formats/parsed-hit.ts';
import { ipv4Number } from '../networks/ipv4.ts';
import { type NetworkVerdict, sharedNetworkLookup } from '../networks/network-lookup.ts';
import { BoundedCache } from './bounded-cache.ts';
import { classifyChannel } from './channel.ts';
import { clientAddress } from './client-ip.ts';
import { cookieValue } from './cookies.ts';
import { detach } from './detach.ts';
import { stripWww } from './hostname.ts';
import { isOptedOut } from './opt-out.ts';
import { isPageView, isStaticAsset } from './page-view.ts';
import { generalizePath } from './path.ts';
import { applyPathRules } from './path-rules.ts';
import type { PrivacySettings } from './privacy-settings.ts';
import { type KeptQuery, QueryFilter } from './query.ts';
import { NO_REFERRER, type ReducedReferrer, reduceReferrer } from './referrer.ts';
import type { DaySalt } from './salts.ts';
import { UserAgentClassifier } from './user-agent.ts';
import { VisitorIdCache } from './visitor-cache.ts';
import { cookieVisitorId } from './visitor-id.ts';

export const INVALID_PATH = '(invalid)';
/** Sites with a referrer cache of their own; a log of more interleaved sites just caches less. */
const MAX_SITE_CACHES = 4;

/** The anonymized columns of an event: what the rules decide (the events schema names them). */
export interface AnonymizedFields {
  visitor_id: string | null;
  path: string;
  query: string | null;
  referrer_host: string | null;
  referrer_path: string | null;
  channel: string;
  source: string;
  medium: string;
  campaign: string;
  browser: string;
  browser_version: string | null;
  os: string;
  device: string;
  is_bot: boolean;
  bot_name: string | null;
  is_page_view: boolean;
  country: string;
  hosting_network: boolean;
}

/** One hit on its way through the rules: the hit, and what earlier rules found for later ones. */
export interface HitFacts {
  hit: ParsedHit;
  site: string;
  salt: DaySalt;
  /** The raw query string (target rule), for the query rule; null when none. */
  rawQuery: string | null;
  /** The raw path names a static asset (target rule), for the page-view rule. */
  staticAsset: boolean;
  /** The kept query (query rule), for the channel rule. */
  kept: KeptQuery;
  /** The reduced referrer (referrer rule), for the channel rule. */
  referrer: ReducedReferrer;
  /**
   * The client's network verdict when the visitor rule found it with the visitor (hits of a known
   * visitor need no lookup of their own), else null; for the network rule.
   */
  network: NetworkVerdict | null;
}

export interface EventRule {
  readonly name: string;
  /** Raw fields of the parsed hit the rule reads. */
  readonly reads: readonly (keyof ParsedHit)[];
  /** Event columns the rule decides. */
  readonly writes: readonly (keyof AnonymizedFields)[];
  apply(facts: HitFacts, event: AnonymizedFields): void;
}

/** A request target split into raw path and raw query; the fragment is dropped. */
export interface TargetParts {
  rawPath: string;
  rawQuery: string | null;
}

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

/** A request path after the path rules, and whether its raw form names a static asset. */
interface PathVerdict {
  readonly path: string;
  readonly staticAsset: boolean;
}

/** Path: generalized (ids, tokens and PII become placeholders), then the site's path rules. */
class TargetRule implements EventRule {
  readonly name = 'path';
  readonly reads = ['target'] as const;
  readonly writes = ['path'] as const;
  private readonly paths = new BoundedCache<PathVerdict>();
  private readonly staticExtensions: ReadonlySet<string>;

  constructor(private readonly settings: PrivacySettings) {
    this.staticExtensions = new Set(settings.staticExtensions.map((e) => e.toLowerCase()));
  }

  apply(facts: HitFacts, event: AnonymizedFields): void {
    const target = facts.hit.target;
    if (target === null) {
      event.path = INVALID_PATH;
      facts.rawQuery = null;
      facts.staticAsset = false;
      return;
    }
    const parts = splitTarget(target);
    const verdict = this.verdict(parts.rawPath);
    event.path = verdict.path;
    facts.rawQuery = parts.rawQuery;
    facts.staticAsset = verdict.staticAsset;
  }

  verdict(rawPath: string): PathVerdict {
    let verdict = this.paths.get(rawPath);
    if (verdict === undefined) {
      verdict = this.paths.set(rawPath, {
        path: applyPathRules(generalizePath(rawPath), this.settings.pathRules),
        staticAsset: isStaticAsset(rawPath, this.staticExtensions),
      });
    }
    return verdict;
  }
}

/** Query: only allow-listed parameters, their values scrubbed; ad click ids only mark the hit paid. */
class QueryRule implements EventRule {
  readonly name = 'query';
  readonly reads = ['target'] as const;
  readonly writes = ['query'] as const;
  private readonly filter: QueryFilter;

  constructor(settings: PrivacySettings) {
    this.filter = new QueryFilter(settings.allowParams);
  }

  apply(facts: HitFacts, event: AnonymizedFields): void {
    facts.kept = this.filter.filter(facts.rawQuery);
    event.query = facts.kept.query;
  }
}

/** Referrer: an external one keeps its host only, an internal one its generalized path. */
class ReferrerRule implements EventRule {
  readonly name = 'referrer';
  readonly reads = ['referrer'] as const;
  readonly writes = ['referrer_host', 'referrer_path'] as const;
  /** Per site, so the cache key is the raw referrer itself (no per-line key string). */
  private readonly caches = new Map<string, BoundedCache<ReducedReferrer>>();
  private readonly internalHosts: ReadonlySet<string>;
  private readonly generalize: (rawPath: string) => string;

  constructor(settings: PrivacySettings, paths: TargetRule) {
    this.internalHosts = new Set(settings.internalHosts.map((h) => stripWww(h.toLowerCase())));
    this.generalize = (p) => paths.verdict(p).path;
  }

  apply(facts: HitFacts, event: AnonymizedFields): void {
    const reduced = this.reduce(facts.hit.referrer, facts.site);
    facts.referrer = reduced;
    event.referrer_host = reduced.host;
    event.referrer_path = reduced.path;
  }

  private reduce(raw: string | null, site: string): ReducedReferrer {
    if (raw === null) return reduceReferrer(null, site, this.internalHosts, this.generalize);
    let cache = this.caches.get(site);
    if (cache === undefined) {
      // Hosts come from the log: bound how many sites keep a cache of their own.
      if (this.caches.size >= MAX_SITE_CACHES) this.caches.clear();
      cache = new BoundedCache<ReducedReferrer>();
      this.caches.set(detach(site), cache);
    }
    let reduced = cache.get(raw);
    if (reduced === undefined)
      reduced = cache.set(raw, reduceReferrer(raw, site, this.internalHosts, this.generalize));
    return reduced;
  }
}

/** Channel, source, medium and campaign from the external referrer host and the kept utm values. */
class ChannelRule implements EventRule {
  readonly name = 'channel';
  readonly reads = [] as const;
  readonly writes = ['channel', 'source', 'medium', 'campaign'] as const;

  apply(facts: HitFacts, event: AnonymizedFields): void {
    const kept = facts.kept;
    const traffic = classifyChannel({
      referrerHost: facts.referrer.internal ? null : facts.referrer.host,
      utmSource: kept.utmSource,
      utmMedium: kept.utmMedium,
      utmCampaign: kept.utmCampaign,
      clickId: kept.clickId,
    });
    event.channel = traffic.channel;
    event.source = traffic.source;
    event.medium = traffic.medium;
    event.campaign = traffic.campaign;
  }
}

/** User agent: reduced to browser, major version, OS, device type and bot verdict; the string is dropped. */
class UserAgentRule implements EventRule {
  readonly name = 'user agent';
  readonly reads = ['userAgent'] as const;
  readonly writes = ['browser', 'browser_version', 'os', 'device', 'is_bot', 'bot_name'] as const;
  private readonly agents = new UserAgentClassifier();

  apply(facts: HitFacts, event: AnonymizedFields): void {
    const agent = this.agents.classify(facts.hit.userAgent);
    event.browser = agent.browser;
    event.browser_version = agent.browserVersion;
    event.os = agent.os;
    event.device = agent.device;
    event.is_bot = agent.isBot;
    event.bot_name = agent.botName;
  }
}

/**
 * Visitor: none for an opted-out hit (GPC, DNT, the opt-out cookie); else a keyed hash, with the
 * day's salt, of the visitor cookie or of client address and user agent. Addresses and cookies are dropped.
 */
class VisitorRule implements EventRule {
  readonly name = 'visitor';
  readonly reads = ['clientIp', 'forwardedFor', 'userAgent', 'cookies', 'gpc', 'dnt'] as const;
  readonly writes = ['visitor_id'] as const;
  private readonly visitors: VisitorIdCache<NetworkVerdict>;

  constructor(
    private readonly settings: PrivacySettings,
    network: NetworkRule,
  ) {
    this.visitors = new VisitorIdCache((rawIp, forwardedFor) => network.verdict(rawIp, forwardedFor));
  }

  apply(facts: HitFacts, event: AnonymizedFields): void {
    const { hit, site, salt } = facts;
    facts.network = null;
    if (isOptedOut(hit, this.settings.optoutCookie)) {
      event.visitor_id = null;
      return;
    }
    if (this.settings.visitorCookie !== null) {
      const value = cookieValue(hit.cookies, this.settings.visitorCookie);
      if (value) {
        event.visitor_id = cookieVisitorId(salt.salt, site, value);
        return;
      }
    }
    event.visitor_id = this.visitors.id(salt, site, hit.clientIp, hit.forwardedFor, hit.userAgent);
    facts.network = this.visitors.lastNote;
  }
}

/** Plain IPv4 client addresses remembered by number, up to this many (then forgotten at once). */
const MAX_NETWORK_ADDRESSES = 100_000;

/**
 * Network: the country of the client address (never region or city) and whether a hosting network
 * announces it, looked up once per address (privacy/client-ip.ts picks the address as the visitor
 * rule does); the address itself is dropped.
 */
class NetworkRule implements EventRule {
  readonly name = 'network';
  readonly reads = ['clientIp', 'forwardedFor'] as const;
  readonly writes = ['country', 'hosting_network'] as const;
  /** Most logs write plain IPv4 without X-Forwarded-For: a number key, no key string. */
  private readonly byIpv4 = new Map<number, NetworkVerdict>();
  private readonly byText = new BoundedCache<NetworkVerdict>();

  apply(facts: HitFacts, event: AnonymizedFields): void {
    const verdict = facts.network ?? this.verdict(facts.hit.clientIp, facts.hit.forwardedFor);
    event.country = verdict.country;
    event.hosting_network = verdict.hostingNetwork;
  }

  /** The verdict for raw client fields, remembered per address. */
  verdict(clientIp: string, forwardedFor: string | null): NetworkVerdict {
    if (forwardedFor === null) {
      const v4 = ipv4Number(clientIp);
      if (v4 >= 0) {
        let verdict = this.byIpv4.get(v4);
        if (verdict === undefined) {
          if (this.byIpv4.size >= MAX_NETWORK_ADDRESSES) this.byIpv4.clear();
          verdict = sharedNetworkLookup().verdict(clientIp);
          this.byIpv4.set(v4, verdict);
        }
        return verdict;
      }
    }
    const key = forwardedFor === null ? clientIp : `${forwardedFor}\n${clientIp}`;
    return (
      this.byText.get(key) ??
      this.byText.set(key, sharedNetworkLookup().verdict(clientAddress(clientIp, forwardedFor)))
    );
  }
}

/** Page view: a non-bot GET answered 2xx or 304 for a path that is not a static asset. */
class PageViewRule implements EventRule {
  readonly name = 'page view';
  readonly reads = ['method', 'status', 'target'] as const;
  readonly writes = ['is_page_view'] as const;

  apply(facts: HitFacts, event: AnonymizedFields): void {
    const hit = facts.hit;
    event.is_page_view =
      hit.target !== null && isPageView(event.is_bot, hit.method, hit.status, facts.staticAsset);
  }
}

/** The rules, each with its own caches, in the order they run (later ones use earlier findings). */
export function eventRules(settings: PrivacySettings): readonly EventRule[] {
  const target = new TargetRule(settings);
  const network = new NetworkRule();
  return [
    target,
    new QueryRule(settings),
    new ReferrerRule(settings, target),
    new ChannelRule(),
    new UserAgentRule(),
    new VisitorRule(settings, network),
    network,
    new PageViewRule(),
  ];
}

/** Facts before any rule ran (one object per builder, reused for every hit). */
export function emptyFacts(): HitFacts {
  return {
    hit: null as unknown as ParsedHit,
    site: '',
    salt: null as unknown as DaySalt,
    rawQuery: null,
    staticAsset: false,
    kept: { query: null, utmSource: null, utmMedium: null, utmCampaign: null, clickId: false },
    referrer: NO_REFERRER,
    network: null,
  };
}
