/**
 * goals_daily and funnels_daily on a hand-made shop log whose every number is worked out below:
 * reloads, a form post inside and outside sessions (exactly 30 minutes counts), steps out of order,
 * skipped optional steps, opted-out and bot visitors, a purchase across UTC midnight, a 404 on the
 * goal's path, a goal on a kept query parameter; with k = 1 (nothing folded) and k = 2 (small goal
 * rows folded into their channel's `(other)`, small funnel steps left out). Both engines.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../lib/cli/run-command.ts';
import { runConfig } from '../../lib/cli/run-config.ts';
import { readTable, tempDir, writeLog } from '../helpers.ts';
import { SHOP_FUNNELS, SHOP_GOALS } from './goal-definitions.ts';

const DAY = '2026-11-03';
const NEXT = '2026-11-04';
let log: string;

beforeAll(async () => {
  const lines: string[] = [];
  const t = (s: number) => new Date(Date.parse(`${DAY}T00:00:00Z`) + s * 1000).toISOString();
  const hit = (s: number, ip: string, path: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      time: t(s),
      ip,
      url: path,
      status: 200,
      user_agent: 'Mozilla/5.0 Firefox/120.0',
      ...extra,
    });
  const post = (s: number, ip: string) => hit(s, ip, '/cart/add', { method: 'POST', status: 302 });
  const purchase = (s: number, ip: string, extra: Record<string, unknown> = {}) => [
    hit(s, ip, '/products/a', extra),
    hit(s + 5, ip, '/cart/add', { method: 'POST', status: 302, ...extra }),
    hit(s + 6, ip, '/cart', extra),
    hit(s + 7, ip, '/cart', extra),
    hit(s + 20, ip, '/checkout', extra),
    hit(s + 30, ip, '/checkout/shipping', extra),
    hit(s + 40, ip, '/checkout/confirm', extra),
    hit(s + 41, ip, '/checkout/confirm', extra),
  ];
  // V1: the whole purchase, with reloads of the cart and the confirmation.
  lines.push(...purchase(1000, '192.0.2.10'));
  // V2: confirmation and checkout before the product page and the cart (out of order).
  lines.push(hit(2000, '192.0.2.11', '/checkout/confirm'), hit(2001, '192.0.2.11', '/checkout'));
  lines.push(hit(2002, '192.0.2.11', '/products/b'), hit(2003, '192.0.2.11', '/cart'));
  // V3: a post before any page view, and one 30:01 after the last: in no session.
  lines.push(post(2990, '192.0.2.12'), hit(3000, '192.0.2.12', '/products/a'), post(4801, '192.0.2.12'));
  // V4: a post exactly 30:00 after the page view (in its session); the cart 30:01 after it: a new session.
  lines.push(
    hit(3100, '192.0.2.13', '/products/a'),
    post(4900, '192.0.2.13'),
    hit(4901, '192.0.2.13', '/cart'),
  );
  // V5 opted out (GPC), V6 a declared bot: the whole purchase, never counted.
  lines.push(...purchase(5000, '192.0.2.14', { gpc: '1' }));
  lines.push(
    ...purchase(6000, '192.0.2.15', { user_agent: 'Googlebot/2.1 (+http://www.google.com/bot.html)' }),
  );
  // V7: product and cart before midnight, checkout and confirmation after (two days, two sessions).
  lines.push(hit(86_390, '192.0.2.16', '/products/a'), hit(86_395, '192.0.2.16', '/cart'));
  lines.push(hit(86_405, '192.0.2.16', '/checkout'), hit(86_410, '192.0.2.16', '/checkout/confirm'));
  // V8: cart and shipping skipped (optional in "Careful purchase", required in "Purchase").
  lines.push(hit(7000, '192.0.2.17', '/products/a'), post(7001, '192.0.2.17'));
  lines.push(hit(7002, '192.0.2.17', '/checkout'), hit(7003, '192.0.2.17', '/checkout/confirm'));
  // V9: the confirmation answered 404: not a page view, no session.
  lines.push(hit(7100, '192.0.2.18', '/checkout/confirm', { status: 404 }));
  // V10: a newsletter click (kept utm_medium, any case), then pricing.
  lines.push(hit(7200, '192.0.2.19', '/?utm_source=n&utm_medium=Email'), hit(7210, '192.0.2.19', '/pricing'));
  const dir = await tempDir();
  log = join(dir, 'shop.log');
  await writeLog(log, lines);
});

type Row = Record<string, unknown>;
const plain = (rows: Row[]) =>
  rows.map(({ _key, site, ...r }) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
  );

async function tables(k: number, engine: 'auto' | 'sql') {
  const dir = await tempDir();
  const out = join(dir, 'out');
  const quiet = { stdout: () => {}, stderr: () => {} };
  const config = runConfig([log], {
    out,
    saltDir: join(dir, 'salts'),
    now: '2026-12-01T00:00:00Z',
    format: 'json',
    site: 'shop.example',
    threads: '1',
    k: String(k),
    aggregate: engine,
    goal: SHOP_GOALS,
    funnel: SHOP_FUNNELS,
  });
  await runCommand(config, quiet);
  const read = async (table: string, day: string) =>
    plain((await readTable(out, `aggregates/${table}/dt=${day}/`)) as Row[]);
  return {
    goals: await read('goals_daily', DAY),
    goalsNext: await read('goals_daily', NEXT),
    funnels: await read('funnels_daily', DAY),
    funnelsNext: await read('funnels_daily', NEXT),
  };
}

const DIRECT = { channel: 'direct', source: '(direct)', medium: '(none)', campaign: '(none)' };
const byGoal = (rows: Row[], goal: string) => rows.filter((r) => r.goal === goal);
const steps = (rows: Row[], funnel: string) =>
  rows
    .filter((r) => r.funnel === funnel)
    .sort((a, b) => Number(a.step_number) - Number(b.step_number))
    .map((r) => [r.step_number, r.step, r.sessions, r.visitors]);

describe.each(['auto', 'sql'] as const)('goals and funnels, worked out by hand (%s)', (engine) => {
  it('k = 1: every conversion and step as the definitions say', async () => {
    const { goals, goalsNext, funnels, funnelsNext } = await tables(1, engine);
    // Order: V1 (7 page views, the post is not one), V2 (4), V8 (3); V7 on the next day; not V9's 404.
    expect(byGoal(goals, 'Order')).toEqual([
      { goal: 'Order', ...DIRECT, conversions: 3, visitors: 3, page_views: 14 },
    ]);
    expect(goalsNext).toEqual([{ goal: 'Order', ...DIRECT, conversions: 1, visitors: 1, page_views: 2 }]);
    // The post: V1, V4's first session (exactly 30:00), V8; not V3 (before and past the gap).
    expect(byGoal(goals, 'Added to cart')).toEqual([
      { goal: 'Added to cart', ...DIRECT, conversions: 3, visitors: 3, page_views: 11 },
    ]);
    // One segment under /products: V1, V2, V3, V4's first session, V7 before midnight, V8.
    expect(byGoal(goals, 'Product')).toEqual([
      { goal: 'Product', ...DIRECT, conversions: 6, visitors: 6, page_views: 18 },
    ]);
    expect(byGoal(goals, 'Pricing').map((r) => [r.channel, r.conversions, r.page_views])).toEqual([
      ['email', 1, 2],
    ]);
    expect(byGoal(goals, 'Newsletter').map((r) => [r.channel, r.conversions])).toEqual([['email', 1]]);
    expect(byGoal(goals, 'Signup')).toEqual([]);

    expect(steps(funnels, 'Purchase')).toEqual([
      [1, '/products/**', 6, 6],
      [2, '/cart', 3, 3], // V1, V2 (after its product page), V7 before midnight
      [3, '/checkout', 1, 1], // V2's checkout came before its cart: out of order
      [4, '/checkout/confirm', 1, 1],
    ]);
    expect(steps(funnels, 'Careful purchase')).toEqual([
      [1, '/products/*', 6, 6],
      [2, 'POST /cart/add 3xx', 3, 3], // V1, V4, V8
      [3, '[/cart]', 1, 1], // V1 only; V8 skipped it
      [4, '/checkout', 2, 2], // after the post: V1, V8
      [5, '[/checkout/shipping]', 1, 1],
      [6, '/checkout/confirm', 2, 2],
    ]);
    expect(steps(funnels, 'Trial')).toEqual([[1, '/products/**', 6, 6]]);
    expect(steps(funnels, 'Docs')).toEqual([]);
    // After midnight V7's session starts at the checkout: no funnel's first step.
    expect(funnelsNext).toEqual([]);
  });

  it('k = 2: a goal row below k folds into its channel’s (other), a step below k is left out', async () => {
    const { goals, funnels } = await tables(2, engine);
    expect(byGoal(goals, 'Pricing')).toEqual([
      {
        goal: 'Pricing',
        channel: 'email',
        source: '(other)',
        medium: '(other)',
        campaign: '(other)',
        conversions: 1,
        visitors: 1,
        page_views: 2,
      },
    ]);
    expect(byGoal(goals, 'Order')).toEqual([
      { goal: 'Order', ...DIRECT, conversions: 3, visitors: 3, page_views: 14 },
    ]);
    expect(steps(funnels, 'Purchase')).toEqual([
      [1, '/products/**', 6, 6],
      [2, '/cart', 3, 3],
    ]);
    expect(steps(funnels, 'Careful purchase').map((s) => s[0])).toEqual([1, 2, 4, 6]);
    for (const row of funnels) expect(Number(row.visitors)).toBeGreaterThanOrEqual(2);
  });
});
