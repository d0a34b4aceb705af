/**
 * A seeded model of a small website's traffic: human sessions from every channel (with assets,
 * reloads, 304s, 404s and 5xx), declared bots, vulnerability scanners, one scraper that behaves like
 * a bot, headless browsers on hosting networks, IPv6 clients, logged-in users and planted personal
 * data. Every address comes from a block of known country (catalog.ts), so the truth knows each
 * hit's country and whether a hosting network sent it. Hits come out in time order with
 * the same number per day, so only the day count grows with the line count.
 */
import {
  type AddressBlock,
  ASSETS,
  BOTS,
  BROWSERS,
  ENTRY_SOURCES,
  FIRST_NAMES,
  HOME_BLOCKS_V4,
  HOME_BLOCKS_V6,
  HOSTING_BLOCKS,
  LAST_NAMES,
  MAIL_DOMAINS,
  NOT_FOUND,
  PAGES,
  TEST_CARDS,
  ZONES_MINUTES,
} from './catalog.ts';
import type { Random } from './random.ts';

export interface GeneratedHit {
  ts: number;
  /** Offset the line's local time is written in, minutes east of UTC. */
  offsetMinutes: number;
  ip: string;
  /** Country of `ip` (its block's), `(unknown)` for documentation addresses. */
  country: string;
  /** `ip` belongs to a hosting network. */
  hostingNetwork: boolean;
  user: string | null;
  method: string;
  /** Request target, or null for an unreadable request line. */
  target: string | null;
  status: number;
  bytes: number;
  referrer: string | null;
  ua: string;
  host: string;
  /** The path the events must show (placeholders for planted personal data); null for no request. */
  truthPath: string | null;
}

export interface TrafficOptions {
  readonly startMs: number;
  readonly days: number;
  readonly lines: number;
  readonly host: string;
}

interface Visitor {
  ip: string;
  ua: string;
}

const DAY_MS = 86_400_000;
const HITS_PER_SESSION = 7;
/** Share of browsing visitors that are headless browsers on a hosting network. */
const HOSTING_VISITORS = 0.04;

/** Min-heap of pending hits by time (then by insertion order, for determinism). */
class HitQueue {
  private readonly items: Array<{ hit: GeneratedHit; seq: number }> = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  peekTs(): number {
    return this.items[0]?.hit.ts ?? Number.POSITIVE_INFINITY;
  }

  push(hit: GeneratedHit): void {
    const items = this.items;
    items.push({ hit, seq: this.seq++ });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): GeneratedHit | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0]!.hit;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.less(l, m)) m = l;
        if (r < items.length && this.less(r, m)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }

  clear(): void {
    this.items.length = 0;
  }

  private less(a: number, b: number): boolean {
    const x = this.items[a]!;
    const y = this.items[b]!;
    return x.hit.ts < y.hit.ts || (x.hit.ts === y.hit.ts && x.seq < y.seq);
  }
}

export class TrafficModel {
  private readonly queue = new HitQueue();
  private readonly visitors: Visitor[] = [];
  private readonly botIps: string[] = [];
  /** The block of every address made so far. */
  private readonly blocks = new Map<string, AddressBlock>();

  constructor(
    private readonly rng: Random,
    private readonly options: TrafficOptions,
  ) {}

  *hits(): Generator<GeneratedHit> {
    const { days, lines } = this.options;
    const perDay = Math.floor(lines / days);
    for (let d = 0; d < days; d++) {
      const budget = d === days - 1 ? lines - perDay * (days - 1) : perDay;
      yield* this.day(this.options.startMs + d * DAY_MS, budget);
    }
  }

  private *day(dayStart: number, budget: number): Generator<GeneratedHit> {
    if (budget <= 0) return;
    this.ensureVisitors(Math.max(30, Math.ceil(budget / 25)));
    const meanGap = DAY_MS / Math.max(1, budget / HITS_PER_SESSION);
    const scraperAt = budget >= 1000 ? dayStart + this.rng.int(2, 20) * 3_600_000 : Number.POSITIVE_INFINITY;
    let scraperDone = false;
    let emitted = 0;
    let t = dayStart + this.rng.exponential(meanGap);
    while (emitted < budget) {
      if (t < dayStart + DAY_MS - 1000) {
        this.startVisit(Math.floor(t));
        if (!scraperDone && t >= scraperAt) {
          this.scraper(Math.floor(t));
          scraperDone = true;
        }
        t += this.rng.exponential(meanGap);
      }
      const limit = t < dayStart + DAY_MS - 1000 ? t : Number.POSITIVE_INFINITY;
      while (emitted < budget && this.queue.size > 0 && this.queue.peekTs() <= limit) {
        const hit = this.queue.pop()!;
        // Keep each day's hits inside the day so every day gets exactly its budget.
        if (hit.ts >= dayStart + DAY_MS) continue;
        yield hit;
        emitted++;
      }
      if (limit === Number.POSITIVE_INFINITY && this.queue.size === 0 && emitted < budget) {
        // The day ran out of arrivals before its budget: add more visits near the end of the day.
        t = dayStart + DAY_MS - 1000 - this.rng.int(60_000, 3_600_000);
        this.startVisit(Math.floor(t));
        t = Number.POSITIVE_INFINITY;
      }
    }
    this.queue.clear();
  }

  private ensureVisitors(count: number): void {
    while (this.visitors.length < count) {
      const hosting = this.rng.chance(HOSTING_VISITORS);
      const ip = hosting ? this.hostingIp() : this.rng.chance(0.15) ? this.ipv6() : this.ipv4();
      this.visitors.push({ ip, ua: this.rng.weighted(BROWSERS) });
    }
    while (this.botIps.length < 20) this.botIps.push(this.ipv4());
  }

  /** Remembers which block `ip` came from (for the hit's truth). */
  private placed(ip: string, from: AddressBlock): string {
    this.blocks.set(ip, from);
    return ip;
  }

  private ipv4(from: AddressBlock = this.rng.weighted(HOME_BLOCKS_V4)): string {
    return this.placed(`${from.prefix}.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`, from);
  }

  private hostingIp(): string {
    const from = this.rng.pick(HOSTING_BLOCKS);
    return from.prefix.includes(':') ? this.ipv6(from) : this.ipv4(from);
  }

  private ipv6(from: AddressBlock = this.rng.weighted(HOME_BLOCKS_V6)): string {
    const groups = [
      ...from.prefix.split(':'),
      this.rng.hex(4),
      this.rng.hex(4),
      '0',
      '0',
      this.rng.hex(4),
      this.rng.hex(3),
    ];
    // Loggers write IPv6 in several forms; the visitor id must not care.
    return this.placed(
      this.rng.chance(0.5)
        ? groups.join(':')
        : `${groups.slice(0, 4).join(':')}::${groups.slice(6).join(':')}`,
      from,
    );
  }

  private zone(): number {
    return this.rng.pick(ZONES_MINUTES);
  }

  private startVisit(t: number): void {
    const kind = this.rng.next();
    if (kind < 0.84) this.session(t, this.rng.pick(this.visitors));
    else if (kind < 0.95) this.botCrawl(t);
    else if (kind < 0.985) this.scanner(t);
    else this.invalidRequest(t);
  }

  private hit(partial: Partial<GeneratedHit> & { ts: number; ip: string; ua: string }): void {
    const target = partial.target === undefined ? '/' : partial.target;
    const from = this.blocks.get(partial.ip)!;
    this.queue.push({
      country: from.country,
      hostingNetwork: from.hosting,
      truthPath: target === null ? null : decodeURIComponent(target.split('?')[0]!),
      offsetMinutes: this.zone(),
      user: null,
      method: 'GET',
      target: '/',
      status: 200,
      bytes: this.rng.int(400, 40_000),
      referrer: null,
      host: this.options.host,
      ...partial,
    });
  }

  private email(): string {
    return `${this.rng.pick(FIRST_NAMES)}.${this.rng.pick(LAST_NAMES)}@${this.rng.pick(MAIL_DOMAINS)}`;
  }

  /**
   * A page target, sometimes carrying personal data that the privacy rules must remove, and the path
   * the events must show for it (the generator's own truth, independent of logveil's rules).
   */
  private pagePath(): [string, string] {
    const r = this.rng.next();
    if (r < 0.01) return [`/users/${this.email()}/profile`, '/users/:email/profile'];
    if (r < 0.015) {
      // The path rules' first-match order (docs/privacy.md): 16 hex-only characters are `:hex` before 9+ digits are `:num`.
      const card = this.rng.pick(TEST_CARDS);
      return [`/pay/${card}`, card.length >= 16 ? '/pay/:hex' : '/pay/:num'];
    }
    if (r < 0.02)
      return [`/reset/${this.rng.alnum(16)}${this.rng.int(0, 9)}${this.rng.alnum(15)}`, '/reset/:token'];
    if (r < 0.025) return [`/orders/${this.rng.int(100_000_000, 999_999_999)}`, '/orders/:num'];
    if (r < 0.03) return [`/account?email=${encodeURIComponent(this.email())}&tab=settings`, '/account'];
    if (r < 0.035) {
      const uuid = `${this.rng.hex(8)}-${this.rng.hex(4)}-4${this.rng.hex(3)}-a${this.rng.hex(3)}-${this.rng.hex(12)}`;
      return [`/u/${uuid}`, '/u/:uuid'];
    }
    const page = this.rng.pick(PAGES);
    return [page, decodeURIComponent(page)];
  }

  private session(start: number, visitor: Visitor): void {
    const source = this.rng.weighted(ENTRY_SOURCES);
    const pages = this.rng.chance(0.4) ? 1 : 2 + Math.floor(this.rng.exponential(2.5));
    const loggedIn = this.rng.chance(0.05) ? `${this.rng.pick(FIRST_NAMES)}${this.rng.int(1, 99)}` : null;
    let t = start;
    let previous: string | null = null;
    for (let i = 0; i < Math.min(pages, 25); i++) {
      let [target, truthPath] = i === 0 && this.rng.chance(0.5) ? ['/', '/'] : this.pagePath();
      let referrer: string | null = null;
      if (i === 0) {
        if (source.query) {
          let query = source.query;
          // Some campaigns leak an address into a kept parameter: the detectors must catch it.
          if (this.rng.chance(0.05)) query += `&utm_content=${encodeURIComponent(this.email())}`;
          target += `${target.includes('?') ? '&' : '?'}${query}`;
        }
        referrer = source.referrers.length > 0 ? this.rng.pick(source.referrers) : null;
        if (referrer === null && this.rng.chance(0.02))
          referrer = `https://webmail.example.org/?to=${this.email()}`;
      } else {
        referrer = `https://${this.options.host}${previous}`;
      }
      const r = this.rng.next();
      const status = r < 0.01 ? this.rng.pick([500, 502, 503]) : r < 0.06 ? 304 : 200;
      const user = loggedIn && i > 0 ? loggedIn : null;
      this.hit({
        ts: t,
        ip: visitor.ip,
        ua: visitor.ua,
        target,
        status,
        referrer,
        user,
        truthPath,
        bytes: status === 304 ? 0 : this.rng.int(2_000, 60_000),
      });
      if (i === 0) {
        for (const asset of ASSETS) {
          if (this.rng.chance(0.6)) {
            const cached = this.rng.chance(0.3);
            this.hit({
              ts: t + this.rng.int(50, 2_000),
              ip: visitor.ip,
              ua: visitor.ua,
              target: asset,
              status: cached ? 304 : 200,
              bytes: cached ? 0 : this.rng.int(1_000, 200_000),
              referrer: `https://${this.options.host}${target.split('?')[0]}`,
              user,
            });
          }
        }
      }
      previous = target.split('?')[0]!;
      // Mostly short reads; sometimes a break long enough to start a new session.
      t += this.rng.chance(0.04)
        ? this.rng.int(31, 90) * 60_000
        : Math.floor(this.rng.exponential(60_000)) + 1_000;
    }
  }

  private botCrawl(start: number): void {
    const ua = this.rng.weighted(BOTS);
    const ip = this.rng.pick(this.botIps);
    let t = start;
    if (this.rng.chance(0.5)) {
      this.hit({ ts: t, ip, ua, target: '/robots.txt', bytes: 120 });
      t += 1_000;
    }
    const count = this.rng.int(1, 6);
    for (let i = 0; i < count; i++) {
      const r = this.rng.next();
      const target = r < 0.1 ? this.rng.pick(NOT_FOUND) : this.rng.pick(PAGES);
      this.hit({ ts: t, ip, ua, target, status: r < 0.1 ? 404 : 200 });
      t += this.rng.int(500, 20_000);
    }
  }

  private scanner(start: number): void {
    const ip = this.ipv4();
    const ua = this.rng.chance(0.5) ? 'Mozilla/5.0 zgrab/0.x' : this.rng.weighted(BROWSERS);
    let t = start;
    for (let i = 0; i < this.rng.int(1, 4); i++) {
      const method = this.rng.chance(0.3) ? 'POST' : 'GET';
      this.hit({ ts: t, ip, ua, method, target: this.rng.pick(NOT_FOUND), status: 404, bytes: 150 });
      t += this.rng.int(100, 3_000);
    }
  }

  private invalidRequest(t: number): void {
    this.hit({ ts: t, ip: this.ipv4(), ua: '-', method: '-', target: null, status: 400, bytes: 0 });
  }

  /** A browser-looking client fetching 80 pages in one minute: a bot only by behaviour. */
  private scraper(start: number): void {
    const ip = this.ipv4();
    const ua = BROWSERS[0]![0];
    const minute = Math.floor(start / 60_000) * 60_000;
    for (let i = 0; i < 80; i++) {
      this.hit({ ts: minute + 200 + i * 700, ip, ua, target: this.rng.pick(PAGES) });
    }
  }
}
