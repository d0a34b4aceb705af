/**
 * Goal and funnel patterns (lib/aggregate/hit-pattern.ts, goals.ts): what they match, what they
 * refuse and why, and that the test on a hit (fast path) and the SQL condition (the tables' SQL)
 * agree on every hit — checked by running the condition in DuckDB over random patterns and hits.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DefinitionError,
  keptParams,
  MAX_FUNNEL_STEPS,
  MAX_GOALS,
  parseDefinitions,
  parseFunnel,
  parseGoal,
  stepText,
} from '../../lib/aggregate/goals.ts';
import {
  type HitPattern,
  hitTest,
  PatternError,
  type PatternHit,
  parseHitPattern,
  sqlCondition,
  sqlLiteral,
} from '../../lib/aggregate/hit-pattern.ts';
import { type DuckDbSession, openDuckDb } from '../../lib/tables/duckdb-session.ts';

const KEPT = keptParams(['plan']);
const pattern = (text: string): HitPattern => parseHitPattern(text, KEPT);
const view = (path: string, query: string | null = null): PatternHit => ({
  method: 'GET',
  path,
  query,
  status: 200,
  pageView: true,
  bot: false,
});
const other = (method: string, path: string, status: number, bot = false): PatternHit => ({
  method,
  path,
  query: null,
  status,
  pageView: false,
  bot,
});
const matches = (text: string, hit: PatternHit) => hitTest(pattern(text))(hit);

describe('a goal or step pattern', () => {
  it('matches the whole path, letters without regard to case', () => {
    expect(matches('/checkout/confirm', view('/checkout/confirm'))).toBe(true);
    expect(matches('/checkout/confirm', view('/Checkout/CONFIRM'))).toBe(true);
    expect(matches('/checkout/confirm', view('/checkout/confirm/'))).toBe(false);
    expect(matches('/checkout/confirm', view('/checkout'))).toBe(false);
    expect(matches('/checkout', view('/checkout/confirm'))).toBe(false);
    expect(matches('/', view('/'))).toBe(true);
    expect(matches('/', view('/a'))).toBe(false);
  });

  it('* is one whole segment, a final ** everything under the prefix (not the prefix itself)', () => {
    expect(matches('/products/*', view('/products/team'))).toBe(true);
    expect(matches('/products/*', view('/products/team/specs'))).toBe(false);
    expect(matches('/products/*', view('/products/'))).toBe(false);
    expect(matches('/products/*/reviews', view('/products/team/reviews'))).toBe(true);
    expect(matches('/products/**', view('/products/team/specs'))).toBe(true);
    expect(matches('/products/**', view('/products/'))).toBe(true);
    expect(matches('/products/**', view('/products'))).toBe(false);
    expect(matches('/products/**', view('/productsx/a'))).toBe(false);
    expect(matches('/**', view('/anything/at/all'))).toBe(true);
    expect(matches('/**', view('(invalid)'))).toBe(false);
  });

  it('matches the generalized path events hold, and a percent-encoded pattern as decoded', () => {
    expect(matches('/orders/:id/confirm', view('/orders/:id/confirm'))).toBe(true);
    expect(matches('/caf%C3%A9/menu', view('/café/menu'))).toBe(true);
    expect(matches('/café/menu', view('/CAFÉ/menu'))).toBe(true);
  });

  it('without method and status matches page views only; with either, any hit but a bot’s', () => {
    expect(matches('/cart/add', other('POST', '/cart/add', 302))).toBe(false);
    expect(matches('POST /cart/add 3xx', other('POST', '/cart/add', 302))).toBe(true);
    expect(matches('POST /cart/add 3xx', other('post', '/cart/add', 303))).toBe(true);
    expect(matches('POST /cart/add 3xx', other('POST', '/cart/add', 200))).toBe(false);
    expect(matches('POST /cart/add 3xx', other('GET', '/cart/add', 302))).toBe(false);
    expect(matches('POST /cart/add 3xx', other('POST', '/cart/add', 302, true))).toBe(false);
    expect(matches('POST /cart/add', other('POST', '/cart/add', 500))).toBe(true);
    expect(matches('/download/** 2xx', other('GET', '/download/a.pdf', 200))).toBe(true);
    expect(matches('/download/** 206', other('GET', '/download/a.pdf', 200))).toBe(false);
    expect(matches('GET /checkout/confirm', view('/checkout/confirm'))).toBe(true);
  });

  it('matches kept query parameters, all of them, in any order', () => {
    expect(matches('/?utm_medium=email', view('/', 'utm_source=n&utm_medium=Email'))).toBe(true);
    expect(matches('/?utm_medium=email', view('/', 'utm_medium=emails'))).toBe(false);
    expect(matches('/?utm_medium=email', view('/'))).toBe(false);
    expect(matches('/signup?plan=pro&utm_source=x', view('/signup', 'utm_source=x&plan=pro'))).toBe(true);
    expect(matches('/signup?plan=pro&utm_source=x', view('/signup', 'plan=pro'))).toBe(false);
  });

  it('is written back in one form (the step column)', () => {
    expect(pattern('  post   /Cart/Add   3XX ').text).toBe('POST /cart/add 3xx');
    expect(pattern('/a/*/**?UTM_Source=X').text).toBe('/a/*/**?utm_source=x');
    expect(pattern('/a 302').text).toBe('/a 302');
    expect(stepText({ pattern: pattern('/checkout/shipping'), optional: true })).toBe('[/checkout/shipping]');
  });

  it.each([
    ['', /empty/],
    ['checkout', /must start with \//],
    ['GET checkout', /must start with \//],
    ['GE.T /a', /neither a method/],
    ['/a 600', /not a status/],
    ['/a 3x', /not a status/],
    ['/a /b', /one path/],
    ['/a/**/b', /\*\* may only be the last segment/],
    ['/a/b*', /whole segments/],
    ["/a'b", /character a path cannot/],
    ['/a#b', /character a path cannot/],
    ['/a%2Fb', /character a path cannot/],
    ['/a%zz', /percent-encoding/],
    ['/a?', /nothing follows/],
    ['/a?utm_source', /name=value/],
    ['/a?utm_source=a b', /"b" is not a status/],
    ['/a b 302', /one path/],
    ['/a?utm_source=a=b', /name=value/],
    ['/a?secret=1', /secret is not kept, so it can never match: allow it with --allow-param secret/],
  ])('refuses %j and says why', (text, message) => {
    expect(() => pattern(text)).toThrow(PatternError);
    expect(() => pattern(text)).toThrow(message);
  });

  it('refuses any text it cannot read with its own error, never another', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          const p = pattern(text);
          // What it reads, it writes back in a form it reads the same way.
          expect(pattern(p.text)).toEqual(p);
        } catch (err) {
          expect(err).toBeInstanceOf(PatternError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('goal and funnel definitions', () => {
  it('read a name, a pattern and steps', () => {
    expect(parseGoal('Order = /checkout/confirm', KEPT)).toMatchObject({
      name: 'Order',
      pattern: { text: '/checkout/confirm' },
    });
    const funnel = parseFunnel(
      'Purchase=/products/** > /cart > [/checkout/shipping] > /checkout/confirm',
      KEPT,
    );
    expect(funnel.steps.map(stepText)).toEqual([
      '/products/**',
      '/cart',
      '[/checkout/shipping]',
      '/checkout/confirm',
    ]);
  });

  it.each([
    ['goal', 'Order', /NAME=PATTERN/],
    ['goal', '=/a', /name has 1 to 64/],
    ['goal', "O'Brien=/a", /name has 1 to 64/],
    ['goal', `${'n'.repeat(65)}=/a`, /name has 1 to 64/],
    ['goal', 'Order=/a?plan=pro&x=1', /x is not kept/],
    ['funnel', 'F=/a', /has 1 step: a funnel has 2 to 8/],
    ['funnel', `F=${Array.from({ length: 9 }, (_, i) => `/s${i}`).join(' > ')}`, /has 9 steps/],
    ['funnel', 'F=/a >  > /b', /step 2 is empty/],
    ['funnel', 'F=/a > [/b]', /first and the last step cannot be optional/],
    ['funnel', 'F=/a > /b c', /funnel "F": "c" is not a status/],
  ])('refuses a %s %j and says why', (kind, text, message) => {
    const parse = kind === 'goal' ? parseGoal : parseFunnel;
    expect(() => parse(text, KEPT)).toThrow(DefinitionError);
    expect(() => parse(text, KEPT)).toThrow(message);
  });

  it('as a set: names unique without regard to case, at most 20 goals and 10 funnels, errors located', () => {
    const where = { goals: '--goal', funnels: '--funnel' };
    expect(() => parseDefinitions(['A=/a', 'a=/b'], [], [], where)).toThrow(
      '--goal[1]: the name "a" is used twice',
    );
    expect(() => parseDefinitions(['A=/a', 'B=b'], [], [], where)).toThrow('--goal[1]: goal "B"');
    const many = Array.from({ length: MAX_GOALS + 1 }, (_, i) => `G${i}=/g${i}`);
    expect(() => parseDefinitions(many, [], [], where)).toThrow('--goal: at most 20, got 21');
    expect(parseDefinitions(many.slice(1), [], [], where).goals).toHaveLength(MAX_GOALS);
    const funnels = Array.from({ length: 11 }, (_, i) => `F${i}=/a > /b`);
    expect(() => parseDefinitions([], funnels, [], where)).toThrow('--funnel: at most 10, got 11');
    // A goal and a funnel may share a name: they are in different tables.
    expect(parseDefinitions(['Order=/x'], ['Order=/a > /x'], [], where).funnels).toHaveLength(1);
    expect(MAX_FUNNEL_STEPS).toBe(8);
  });
});

describe('the SQL condition of a pattern', () => {
  let duck: DuckDbSession;
  beforeAll(async () => {
    duck = await openDuckDb();
  });
  afterAll(() => duck.close());

  /** The condition evaluated by DuckDB on one hit (columns as in session_hits). */
  async function sqlMatches(p: HitPattern, hit: PatternHit): Promise<boolean> {
    const literal = (v: string | null) => (v === null ? 'CAST(NULL AS VARCHAR)' : sqlLiteral(v));
    const row = `SELECT ${literal(hit.method)} AS method, ${literal(hit.path)} AS path, ${literal(hit.query)} AS query, ${hit.status} AS status, ${hit.pageView} AS page_view, ${hit.bot} AS bot`;
    const reader = await duck.connection.runAndReadAll(
      `SELECT coalesce(${sqlCondition(p)}, FALSE) FROM (${row}) AS h`,
    );
    return reader.getRows()[0]![0] === true;
  }

  const segment = fc.constantFrom('a', 'B', 'cart', 'é', ':id', '', 'x.y', 'a-b');
  const patternText = fc
    .tuple(
      fc.option(fc.constantFrom('GET', 'POST', 'put'), { nil: null }),
      fc.array(
        fc.oneof(
          segment.filter((s) => s !== ''),
          fc.constant('*'),
        ),
        { minLength: 0, maxLength: 3 },
      ),
      fc.boolean(),
      fc.option(fc.constantFrom('utm_source=a', 'plan=b', 'utm_source=a&plan=b'), { nil: null }),
      fc.option(fc.constantFrom('2xx', '3xx', '302', '404'), { nil: null }),
    )
    .map(([method, segments, rest, query, status]) => {
      const path = `/${[...segments, ...(rest ? ['**'] : [])].join('/')}`;
      return `${method ? `${method} ` : ''}${path}${query ? `?${query}` : ''}${status ? ` ${status}` : ''}`;
    });
  const hit = fc.record({
    method: fc.constantFrom('GET', 'POST', 'post', '-'),
    path: fc.oneof(
      fc.array(segment, { minLength: 0, maxLength: 4 }).map((s) => `/${s.join('/')}`),
      fc.constantFrom('(invalid)', '*', 'a/b'),
    ),
    query: fc.option(fc.constantFrom('utm_source=a', 'plan=b&utm_source=A', 'utm_source=ab', 'plan=b'), {
      nil: null,
    }),
    status: fc.constantFrom(200, 302, 304, 404, 500),
    pageView: fc.boolean(),
    bot: fc.boolean(),
  });

  it('agrees with the test on a hit, on random patterns and hits', async () => {
    await fc.assert(
      fc.asyncProperty(patternText, fc.array(hit, { minLength: 1, maxLength: 8 }), async (text, hits) => {
        const p = pattern(text);
        for (const h of hits) expect([text, h, await sqlMatches(p, h)]).toEqual([text, h, hitTest(p)(h)]);
      }),
      { numRuns: 150 },
    );
  });

  it('quotes what it writes into the SQL', () => {
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlCondition(pattern('/a/*'))).toContain("split_part(lower(path), '/', 2) = 'a'");
  });
});
