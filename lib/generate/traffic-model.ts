/**
 * A seeded model of a small website's traffic: human sessions from every channel (with assets,
 * reloads, 304s, 404s and 5xx), shop sessions that drop off on the way to an order (product pages, a
 * form post to the cart, the cart, the checkout, the confirmation), declared bots, vulnerability
 * scanners, one scraper that behaves like a bot, headless browsers on hosting networks, IPv6 clients,
 * logged-in users, visitors who send Global Privacy Control and planted personal data. Every address
 * comes from a block of known country (catalog.ts), so the truth knows each hit's country and whether
 * a hosting network sent it. Hits come out in time order with the same number per day, so only the
 * day count grows with the line count; visits arrive over the whole day, and a visit that goes on past
 * midnight goes on in the next day's hits.
 */
import {
  type AddressBlock,
  ASSETS,
  BOTS,
  BROWSERS,
  CART,
  CART_ADD,
  CHECKOUT,
  CHECKOUT_CONFIRM,
  CHECKOUT_SHIPPING,
  ENTRY_SOURCES,
  type EntrySource,
  FIRST_NAMES,
  HOME_BLOCKS_V4,
  HOME_BLOCKS_V6,
  HOSTING_BLOCKS,
  LAST_NAMES,
  MAIL_DOMAINS,
  NOT_FOUND,
  PAGES,
  PRODUCT_SUBPAGES,
  PRODUCTS,
  SHOP_INTENT,
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
  /**
   * The browser sent `Sec-GPC: 1` (Global Privacy Control): the hit is opted out. Only the JSON lines
   * carry the header; a combined log cannot.
   */
  gpc: boolean;
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
  /** Sends Global Privacy Control with every request. */
  gpc: boolean;
  /** A headless browser on a hosting network. */
  hosting: boolean;
}

/** One visit's way through the site: the entry page carries the source, later pages the page before. */
interface Walk {
  readonly visitor: Visitor;
  readonly source: EntrySource;
  readonly loggedIn: string | null;
  /** The path of the page before, or null before the entry page. */
  previous: string | null;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Hits a visit makes on average (pages, assets, bots' and scanners' requests): sets the arrival rate. */
const HITS_PER_VISIT = 7;
/** Share of browsing visitors that are headless browsers on a hosting network. */
const HOSTING_VISITORS = 0.04;
/** Share of visitors whose browser sends Global Privacy Control. */
const GPC_VISITORS = 0.06;
/** Share of arrivals that are shop sessions (of the 84 % that are people browsing). */
const SHOP_VISITS = 0.17;

/** Min-heap of pending hits by time (then by insertion order, for determinism). */
class HitQueue {
  private readonly items: Array<{ hit: GeneratedHit; seq: number; kept: boolean }> = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  peekTs(): number {
    return this.items[0]?.hit.ts ?? Number.POSITIVE_INFINITY;
  }

  /** Whether the first hit is `kept` (see push). */
  peekKept(): boolean {
    return this.items[0]?.kept ?? false;
  }

  /** How many hits come before `ts`. */
  countBefore(ts: number): number {
    let n = 0;
    for (const item of this.items) if (item.hit.ts < ts) n++;
    return n;
  }

  /** `kept`: the hit is never dropped for the day's budget (a visit that goes on past midnight). */
  push(hit: GeneratedHit, kept = false): void {
    const items = this.items;
    items.push({ hit, seq: this.seq++, kept });
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
  /** The hits of the visit being made, queued together when it is complete (see flush). */
  private readonly visit: GeneratedHit[] = [];
  /** End of the day being generated (exclusive). */
  private dayEnd = 0;
  /** Hits of the day queued so far, those carried over from the day before included. */
  private produced = 0;
  /** Kept hits of the day still queued. */
  private keptPending = 0;

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

  /**
   * One day's `budget` hits in time order. Visits arrive at a rate that spends the budget evenly over
   * the day (what is queued so far against what is left); the day ends when its budget is spent, and
   * what the budget left of the day is dropped, except the hits of visits that go on past midnight.
   * Those hits after midnight stay queued for the next day.
   */
  private *day(dayStart: number, budget: number): Generator<GeneratedHit> {
    const dayEnd = dayStart + DAY_MS;
    const lastArrival = dayEnd - 1000;
    this.dayEnd = dayEnd;
    this.produced = this.queue.countBefore(dayEnd);
    this.keptPending = 0;
    if (budget > 0) {
      this.ensureVisitors(Math.max(30, Math.ceil(budget / 25)));
      const scraperAt =
        budget >= 1000 ? dayStart + this.rng.int(2, 20) * 3_600_000 : Number.POSITIVE_INFINITY;
      // Every big enough day, one shopper buys slowly around midnight: the session is cut in two.
      if (budget >= 1000) this.nightShopper(dayEnd - this.rng.int(2, 8) * MINUTE_MS);
      let scraperDone = false;
      let emitted = 0;
      let lastTs = dayStart;
      let t = dayStart + this.gap(dayStart, budget);
      while (emitted < budget) {
        if (t < lastArrival) {
          this.startVisit(Math.floor(t));
          if (!scraperDone && t >= scraperAt) {
            this.scraper(Math.floor(t));
            scraperDone = true;
          }
          t += this.gap(t, budget);
        }
        const limit = t < lastArrival ? t : dayEnd - 1;
        while (emitted < budget && this.queue.peekTs() <= limit) {
          // The budget is nearly spent: only the hits kept for visits across midnight still come.
          if (!this.queue.peekKept() && emitted + this.keptPending >= budget) {
            this.queue.pop();
            continue;
          }
          if (this.queue.peekKept()) this.keptPending--;
          const hit = this.queue.pop()!;
          lastTs = hit.ts;
          yield hit;
          emitted++;
        }
        if (t >= lastArrival && emitted < budget && this.queue.peekTs() >= dayEnd) {
          // The day ran out of arrivals before its budget: more visits near its end, after the last hit.
          this.startVisit(
            Math.min(dayEnd - 1, Math.max(lastTs, lastArrival - this.rng.int(MINUTE_MS, 3_600_000))),
          );
        }
      }
    }
    // What the budget left of the day is dropped; hits after midnight are the next day's.
    while (this.queue.peekTs() < dayEnd) this.queue.pop();
  }

  /** Time to the next arrival: what is left of the day, shared among the visits the budget has left. */
  private gap(t: number, budget: number): number {
    const left = budget - this.produced;
    if (left <= 0) return Number.POSITIVE_INFINITY;
    return this.rng.exponential(((this.dayEnd - t) * HITS_PER_VISIT) / left);
  }

  private ensureVisitors(count: number): void {
    while (this.visitors.length < count) {
      const hosting = this.rng.chance(HOSTING_VISITORS);
      const ip = hosting ? this.hostingIp() : this.rng.chance(0.15) ? this.ipv6() : this.ipv4();
      this.visitors.push({
        ip,
        ua: this.rng.weighted(BROWSERS),
        gpc: this.rng.chance(GPC_VISITORS),
        hosting,
      });
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
    if (kind < 0.84) {
      const visitor = this.rng.pick(this.visitors);
      if (this.rng.chance(SHOP_VISITS)) this.shopSession(t, visitor);
      else this.session(t, visitor);
    } else if (kind < 0.95) this.botCrawl(t);
    else if (kind < 0.985) this.scanner(t);
    else this.invalidRequest(t);
    this.flush();
  }

  /**
   * Queues the visit's hits. When the visit goes on past midnight, its hits of the day are kept: the
   * day's budget never cuts a session that crosses midnight in two by dropping its first part.
   */
  private flush(): void {
    const dayEnd = this.dayEnd;
    let before = 0;
    let after = 0;
    for (const hit of this.visit) {
      if (hit.ts < dayEnd) before++;
      else after++;
    }
    const kept = before > 0 && after > 0;
    for (const hit of this.visit) this.queue.push(hit, kept && hit.ts < dayEnd);
    this.produced += before;
    if (kept) this.keptPending += before;
    this.visit.length = 0;
  }

  /** Adds a hit to the visit; every hit has the same fields in the same order (one object shape). */
  private hit(partial: Partial<GeneratedHit> & { ts: number; ip: string; ua: string }): void {
    const target = partial.target === undefined ? '/' : partial.target;
    const from = this.blocks.get(partial.ip)!;
    this.visit.push({
      ts: partial.ts,
      offsetMinutes: this.zone(),
      ip: partial.ip,
      country: from.country,
      hostingNetwork: from.hosting,
      user: partial.user ?? null,
      method: partial.method ?? 'GET',
      target,
      status: partial.status ?? 200,
      bytes: partial.bytes ?? this.rng.int(400, 40_000),
      referrer: partial.referrer ?? null,
      ua: partial.ua,
      host: this.options.host,
      truthPath:
        partial.truthPath !== undefined
          ? partial.truthPath
          : target === null
            ? null
            : decodeURIComponent(target.split('?')[0]!),
      gpc: partial.gpc ?? false,
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

  private walk(visitor: Visitor): Walk {
    return {
      visitor,
      source: this.rng.weighted(ENTRY_SOURCES),
      loggedIn: this.rng.chance(0.05) ? `${this.rng.pick(FIRST_NAMES)}${this.rng.int(1, 99)}` : null,
      previous: null,
    };
  }

  /**
   * A page view of `walk` at `t`. The entry page carries the source's query and referrer (sometimes a
   * planted address) and loads the assets; a later page has the page before it as referrer and the
   * logged-in user's name.
   */
  private page(walk: Walk, t: number, target: string, truthPath: string, status: number): void {
    const { visitor, source } = walk;
    const first = walk.previous === null;
    let referrer: string | null;
    if (first) {
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
      referrer = `https://${this.options.host}${walk.previous}`;
    }
    const user = walk.loggedIn && !first ? walk.loggedIn : null;
    this.hit({
      ts: t,
      ip: visitor.ip,
      ua: visitor.ua,
      gpc: visitor.gpc,
      target,
      status,
      referrer,
      user,
      truthPath,
      bytes: status === 304 ? 0 : this.rng.int(2_000, 60_000),
    });
    if (first) {
      for (const asset of ASSETS) {
        if (this.rng.chance(0.6)) {
          const cached = this.rng.chance(0.3);
          this.hit({
            ts: t + this.rng.int(50, 2_000),
            ip: visitor.ip,
            ua: visitor.ua,
            gpc: visitor.gpc,
            target: asset,
            status: cached ? 304 : 200,
            bytes: cached ? 0 : this.rng.int(1_000, 200_000),
            referrer: `https://${this.options.host}${target.split('?')[0]}`,
            user,
          });
        }
      }
    }
    walk.previous = target.split('?')[0]!;
  }

  /** A page's status: mostly 200, some 304 (cached), a few server errors. */
  private pageStatus(): number {
    const r = this.rng.next();
    return r < 0.01 ? this.rng.pick([500, 502, 503]) : r < 0.06 ? 304 : 200;
  }

  /** Reading time before the next click: at least a second, so one visitor's hits never share one. */
  private read(mean: number): number {
    return Math.floor(this.rng.exponential(mean)) + 1_000;
  }

  private session(start: number, visitor: Visitor): void {
    const walk = this.walk(visitor);
    const pages = this.rng.chance(0.4) ? 1 : 2 + Math.floor(this.rng.exponential(2.5));
    let t = start;
    for (let i = 0; i < Math.min(pages, 25); i++) {
      const [target, truthPath] = i === 0 && this.rng.chance(0.5) ? ['/', '/'] : this.pagePath();
      this.page(walk, t, target, truthPath, this.pageStatus());
      // Mostly short reads; sometimes a break long enough to start a new session.
      t += this.rng.chance(0.04) ? this.rng.int(31, 90) * MINUTE_MS : this.read(MINUTE_MS);
    }
  }

  /** A product page: a product, sometimes a page under it, now and then linked with capitals. */
  private productPath(): string {
    let slug = this.rng.pick(PRODUCTS);
    if (this.rng.chance(0.03)) slug = slug[0]!.toUpperCase() + slug.slice(1);
    return this.rng.chance(0.15)
      ? `/products/${slug}/${this.rng.pick(PRODUCT_SUBPAGES)}`
      : `/products/${slug}`;
  }

  /**
   * A shop session: product pages, then with drop-off that depends on the channel (SHOP_INTENT) the
   * form post to the cart (a 302 redirect, not a page view) and the cart it leads to, the checkout,
   * sometimes the shipping step, the confirmation. Now and then a reload of the cart or of the
   * confirmation, an add to cart after a break of more than 30 minutes (the post then belongs to no
   * session), a failed post tried again, or a bookmarked checkout page before any product.
   * `buyer`: goes all the way, slowly (the night shopper).
   */
  private shopSession(start: number, visitor: Visitor, buyer = false): void {
    const walk = this.walk(visitor);
    const intent = SHOP_INTENT[walk.source.name] ?? 1;
    const goesOn = (p: number): boolean => this.rng.chance(p) || buyer;
    const pace = buyer ? 4 : 1;
    let t = start;
    const view = (
      target: string,
      truthPath = decodeURIComponent(target),
      status = 200,
      pause = 40_000,
    ): void => {
      this.page(walk, t, target, truthPath, status);
      t += this.read(pause * pace);
    };
    if (!buyer && this.rng.chance(0.06)) {
      // A bookmark or an old order e-mail: checkout pages before any product (out of funnel order).
      view(this.rng.chance(0.6) ? CHECKOUT : CHECKOUT_CONFIRM);
    }
    const landing = this.rng.next();
    if (landing < 0.25) view('/');
    else if (landing < 0.55) view('/products');
    const products = 1 + Math.floor(this.rng.exponential(0.8));
    for (let i = 0; i < Math.min(products, 6); i++) {
      const product = this.productPath();
      view(product, decodeURIComponent(product), this.rng.chance(0.05) ? 304 : 200, 50_000);
      if (this.rng.chance(0.1)) view(this.rng.chance(0.5) ? '/pricing' : '/docs');
    }
    if (!goesOn(Math.min(0.9, 0.4 * intent))) {
      if (this.rng.chance(0.3)) view(...this.pagePath());
      return;
    }
    // The form post: now and then after a long break, sometimes answered with an error and sent again.
    if (!buyer && this.rng.chance(0.03)) t += this.rng.int(31, 50) * MINUTE_MS;
    const post = (status: number): void => {
      this.hit({
        ts: t,
        ip: visitor.ip,
        ua: visitor.ua,
        gpc: visitor.gpc,
        method: 'POST',
        target: CART_ADD,
        status,
        bytes: status === 302 ? 0 : this.rng.int(200, 2_000),
        referrer: `https://${this.options.host}${walk.previous}`,
        user: walk.loggedIn,
      });
      t += this.rng.int(1_000, 2_500);
    };
    if (this.rng.chance(0.04)) {
      post(this.rng.pick([500, 503]));
      t += this.read(5_000);
    }
    post(302);
    view(CART, CART, 200, 20_000);
    if (this.rng.chance(0.1)) view(CART, CART, 200, 20_000);
    if (!goesOn(Math.min(0.9, 0.5 * intent))) {
      if (this.rng.chance(0.3)) view(this.productPath());
      return;
    }
    view(CHECKOUT, CHECKOUT, 200, 45_000);
    if (this.rng.chance(0.5)) view(CHECKOUT_SHIPPING, CHECKOUT_SHIPPING, 200, 45_000);
    if (!goesOn(Math.min(0.92, 0.7 * Math.sqrt(intent)))) return;
    view(CHECKOUT_CONFIRM, CHECKOUT_CONFIRM, 200, 20_000);
    if (this.rng.chance(0.08)) view(CHECKOUT_CONFIRM);
    if (this.rng.chance(0.2)) view('/');
  }

  /** A person (not a bot, no opt-out) buying around midnight. */
  private nightShopper(start: number): void {
    let visitor = this.rng.pick(this.visitors);
    for (let i = 0; i < 20 && (visitor.hosting || visitor.gpc); i++) visitor = this.rng.pick(this.visitors);
    this.shopSession(start, visitor, true);
    this.flush();
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
    if (!ua.includes('compatible') && this.rng.chance(0.3)) {
      // A script checking stock: a product into the cart and on to the checkout, as a shop session would.
      for (const [method, target, status] of [
        ['GET', this.productPath(), 200],
        ['POST', CART_ADD, 302],
        ['GET', CART, 200],
        ['GET', CHECKOUT, 200],
        ['GET', CHECKOUT_CONFIRM, 200],
      ] as const) {
        this.hit({ ts: t, ip, ua, method, target, status });
        t += this.rng.int(1_000, 5_000);
      }
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
    // The next calendar minute: after every hit already written.
    const minute = Math.ceil(start / MINUTE_MS) * MINUTE_MS;
    for (let i = 0; i < 80; i++) {
      this.hit({ ts: minute + 200 + i * 700, ip, ua, target: this.rng.pick(PAGES) });
    }
    this.flush();
  }
}
