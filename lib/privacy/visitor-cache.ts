/**
 * Remembers visitor ids per day salt, keyed by the raw client fields: one HMAC per distinct visitor
 * and day instead of one per line. User agents are interned to small numbers and entries are found
 * by client address first, so no per-line key string is built (building a long `ip|user-agent` key
 * costs about as much as the HMAC it saves).
 */
import { clientAddress } from './client-ip.ts';
import { detach } from './detach.ts';
import type { DaySalt } from './salts.ts';
import { visitorId } from './visitor-id.ts';

const MAX_AGENTS = 100_000;
const MAX_VISITORS_PER_SALT = 500_000;
const MAX_SALTS = 4;

/** The visitors seen at one client address: usually one, so a short chain beats a nested Map. */
interface Visitor {
  readonly agent: number;
  readonly forwardedFor: string | null;
  readonly id: string;
  readonly next: Visitor | null;
}

/** Visitors of one salt and site, by raw client address. */
class SaltVisitors {
  readonly byAddress = new Map<string, Visitor>();
  size = 0;
}

export class VisitorIdCache {
  private agents = new Map<string, number>();
  /** Keyed by salt id, then site. */
  private readonly bySalt = new Map<string, Map<string, SaltVisitors>>();

  id(
    salt: DaySalt,
    site: string,
    rawIp: string,
    forwardedFor: string | null,
    userAgent: string | null,
  ): string {
    const ua = userAgent ?? '-';
    let agent = this.agents.get(ua);
    if (agent === undefined) {
      if (this.agents.size >= MAX_AGENTS) this.reset();
      agent = this.agents.size;
      this.agents.set(detach(ua), agent);
    }
    const visitors = this.visitorsOf(salt.saltId, site);
    const first = visitors.byAddress.get(rawIp);
    for (let v: Visitor | null | undefined = first; v; v = v.next) {
      if (v.agent === agent && v.forwardedFor === forwardedFor) return v.id;
    }
    const id = visitorId(salt.salt, site, clientAddress(rawIp, forwardedFor), userAgent);
    if (visitors.size >= MAX_VISITORS_PER_SALT) {
      visitors.byAddress.clear();
      visitors.size = 0;
    }
    const head = visitors.byAddress.get(rawIp) ?? null;
    const entry: Visitor = {
      agent,
      forwardedFor: forwardedFor === null ? null : detach(forwardedFor),
      id,
      next: head,
    };
    visitors.byAddress.set(head === null ? detach(rawIp) : rawIp, entry);
    visitors.size++;
    return id;
  }

  private visitorsOf(saltId: string, site: string): SaltVisitors {
    let sites = this.bySalt.get(saltId);
    if (sites === undefined) {
      if (this.bySalt.size >= MAX_SALTS) this.bySalt.delete(this.bySalt.keys().next().value!);
      sites = new Map();
      this.bySalt.set(saltId, sites);
    }
    let visitors = sites.get(site);
    if (visitors === undefined) {
      visitors = new SaltVisitors();
      sites.set(detach(site), visitors);
    }
    return visitors;
  }

  /** Agent numbers are reused after a reset, so every id keyed by them must go too. */
  private reset(): void {
    this.agents = new Map();
    this.bySalt.clear();
  }
}
