/**
 * Remembers visitor ids per day salt, keyed by the raw client fields: one HMAC per distinct visitor
 * and day instead of one per line. User agents are interned to small numbers so cache keys stay
 * short (a long `ip|user-agent` key costs about as much to build as the HMAC it saves).
 */
import { clientAddress } from './client-ip.ts';
import { detach } from './detach.ts';
import type { DaySalt } from './salts.ts';
import { visitorId } from './visitor-id.ts';

const MAX_AGENTS = 100_000;
const MAX_VISITORS_PER_SALT = 500_000;
const MAX_SALTS = 4;

export class VisitorIdCache {
  private agents = new Map<string, number>();
  private readonly bySalt = new Map<string, Map<string, string>>();

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
    let ids = this.bySalt.get(salt.saltId);
    if (ids === undefined) {
      if (this.bySalt.size >= MAX_SALTS) this.bySalt.delete(this.bySalt.keys().next().value!);
      ids = new Map();
      this.bySalt.set(salt.saltId, ids);
    }
    const key =
      forwardedFor === null
        ? `${site}\u0001${rawIp}\u0001${agent}`
        : `${site}\u0001${rawIp}\u0001${forwardedFor}\u0001${agent}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = visitorId(salt.salt, site, clientAddress(rawIp, forwardedFor), userAgent);
      if (ids.size >= MAX_VISITORS_PER_SALT) ids.clear();
      ids.set(detach(key), id);
    }
    return id;
  }

  /** Agent numbers are reused after a reset, so every id keyed by them must go too. */
  private reset(): void {
    this.agents = new Map();
    this.bySalt.clear();
  }
}
