/**
 * Remembers visitor ids per day salt, keyed by the raw client fields: one HMAC per distinct visitor
 * and day instead of one per line. User agents are interned to small numbers and entries are found
 * by client address first, so no per-line key string is built (building a long `ip|user-agent` key
 * costs about as much as the HMAC it saves).
 */
import { ipv4Number } from '../networks/ipv4.ts';
import { clientAddress } from './client-ip.ts';
import { detach } from './detach.ts';
import type { DaySalt } from './salts.ts';
import { visitorId } from './visitor-id.ts';

const MAX_AGENTS = 100_000;
/**
 * Client addresses per generation of a salt and site's visitors (see SaltVisitors): 20,000, with
 * the caches of bounded-cache.ts (same measurements); a visitor back after two generations costs
 * one HMAC.
 */
export const GENERATION_VISITORS = 20_000;
/**
 * Days (salts) whose visitors are remembered: the day being read and the one before, for lines
 * around midnight. Logs run close to time order; an older day's visitors would only take memory
 * (a busy site's day can hold hundreds of thousands), and a late line costs just its HMAC again.
 */
const MAX_SALTS = 2;

/** The visitors seen at one client address: usually one, so a short chain beats a nested Map. */
interface Visitor<N> {
  readonly agent: number;
  readonly forwardedFor: string | null;
  readonly id: string;
  /** What `noteOf` said of the client fields when the entry was made (the network verdict). */
  readonly note: N;
  readonly next: Visitor<N> | null;
}

/** One generation of a salt and site's visitors, by raw client address. */
class Generation<N> {
  /** Plain dotted-quad IPv4 addresses as numbers: a number key costs about half a fresh string's. */
  readonly byIpv4 = new Map<number, Visitor<N>>();
  readonly byAddress = new Map<string, Visitor<N>>();

  get(rawIp: string, v4: number): Visitor<N> | undefined {
    return v4 >= 0 ? this.byIpv4.get(v4) : this.byAddress.get(rawIp);
  }
}

/**
 * Visitors of one salt and site, by raw client address, in two generations: when the current one
 * holds GENERATION_VISITORS addresses it becomes the previous one and the one before is dropped; an
 * address found only in the previous generation moves to the current one. Visits are short, so the
 * visitors of the last two generations are nearly all the cache ever finds, and the cache's memory
 * stays bounded however many visitors a day has (at 2M lines a day the cache of every visitor of the
 * day was most of the reading thread's heap).
 */
class SaltVisitors<N> {
  private current = new Generation<N>();
  private previous = new Generation<N>();
  private size = 0;

  constructor(private readonly generation: number) {}

  /** Addresses held, both generations. */
  get held(): number {
    const count = (g: Generation<N>) => g.byIpv4.size + g.byAddress.size;
    return count(this.current) + count(this.previous);
  }

  get(rawIp: string, v4: number): Visitor<N> | undefined {
    const found = this.current.get(rawIp, v4);
    if (found !== undefined) return found;
    const old = this.previous.get(rawIp, v4);
    if (old !== undefined) this.set(rawIp, v4, old, true);
    return old;
  }

  set(rawIp: string, v4: number, entry: Visitor<N>, isNew: boolean): void {
    if (this.size >= this.generation) {
      this.previous = this.current;
      this.current = new Generation<N>();
      this.size = 0;
    }
    const g = this.current;
    if (v4 >= 0) {
      if (!g.byIpv4.has(v4)) this.size++;
      g.byIpv4.set(v4, entry);
    } else {
      if (!g.byAddress.has(rawIp)) this.size++;
      // A new key is copied: a slice would keep its whole input chunk alive.
      g.byAddress.set(isNew ? detach(rawIp) : rawIp, entry);
    }
  }
}

/**
 * `N`: a note kept with each visitor, made once from the raw client fields by `noteOf` (the event
 * rules keep the client's network verdict there, so the hits of a known visitor need no lookup of
 * their own); `lastNote` is the note of the visitor the last `id` call returned.
 */
export class VisitorIdCache<N = undefined> {
  lastNote: N;
  private agents = new Map<string, number>();
  /** The previous line's user agent and its number: neighbouring lines often share it. */
  private lastAgentText: string | null = null;
  private lastAgent = -1;
  private lastSaltId = '';
  private lastSite = '';
  private lastVisitors: SaltVisitors<N> | null = null;
  /** Keyed by salt id, then site. */
  private readonly bySalt = new Map<string, Map<string, SaltVisitors<N>>>();

  constructor(
    private readonly noteOf: (rawIp: string, forwardedFor: string | null) => N = () => undefined as N,
    /** Client addresses per generation (tests lower it). */
    private readonly generation = GENERATION_VISITORS,
  ) {
    this.lastNote = undefined as N;
  }

  id(
    salt: DaySalt,
    site: string,
    rawIp: string,
    forwardedFor: string | null,
    userAgent: string | null,
  ): string {
    const ua = userAgent ?? '-';
    let agent = ua === this.lastAgentText ? this.lastAgent : this.agents.get(ua);
    if (agent === undefined) {
      if (this.agents.size >= MAX_AGENTS) this.reset();
      agent = this.agents.size;
      this.agents.set(detach(ua), agent);
    }
    this.lastAgentText = ua;
    this.lastAgent = agent;
    const visitors = this.visitorsOf(salt.saltId, site);
    const v4 = ipv4Number(rawIp);
    const first = visitors.get(rawIp, v4);
    for (let v: Visitor<N> | null | undefined = first; v; v = v.next) {
      if (v.agent === agent && v.forwardedFor === forwardedFor) {
        this.lastNote = v.note;
        return v.id;
      }
    }
    const id = visitorId(salt.salt, site, clientAddress(rawIp, forwardedFor), userAgent);
    const head = visitors.get(rawIp, v4) ?? null;
    const note = this.noteOf(rawIp, forwardedFor);
    const entry: Visitor<N> = {
      agent,
      forwardedFor: forwardedFor === null ? null : detach(forwardedFor),
      id,
      note,
      next: head,
    };
    visitors.set(rawIp, v4, entry, head === null);
    this.lastNote = note;
    return id;
  }

  private visitorsOf(saltId: string, site: string): SaltVisitors<N> {
    // Nearly every line has the salt and site of the line before.
    if (saltId === this.lastSaltId && site === this.lastSite && this.lastVisitors !== null)
      return this.lastVisitors;
    const visitors = this.lookUp(saltId, site);
    this.lastSaltId = saltId;
    this.lastSite = site;
    this.lastVisitors = visitors;
    return visitors;
  }

  private lookUp(saltId: string, site: string): SaltVisitors<N> {
    let sites = this.bySalt.get(saltId);
    if (sites === undefined) {
      if (this.bySalt.size >= MAX_SALTS) this.bySalt.delete(this.bySalt.keys().next().value!);
      sites = new Map();
      this.bySalt.set(saltId, sites);
    }
    let visitors = sites.get(site);
    if (visitors === undefined) {
      visitors = new SaltVisitors<N>(this.generation);
      sites.set(detach(site), visitors);
    }
    return visitors;
  }

  /** Client addresses remembered, over every salt and site (tests: the memory bound). */
  held(): number {
    let n = 0;
    for (const sites of this.bySalt.values()) for (const visitors of sites.values()) n += visitors.held;
    return n;
  }

  /** Agent numbers are reused after a reset, so every id keyed by them must go too. */
  private reset(): void {
    this.agents = new Map();
    this.lastAgentText = null;
    this.lastVisitors = null;
    this.bySalt.clear();
  }
}
