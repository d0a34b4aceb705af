/**
 * Retention audit: walks the synthesized template and proves no object lives forever (DESIGN §5):
 * every bucket has a catch-all expiry, every prefix its retention from context, noncurrent versions and
 * incomplete uploads expire, every log group is retained.
 */
import { describe, expect, it } from 'vitest';
import { resourcesOf, synth } from './synth.ts';

interface Rule {
  Id: string;
  Prefix?: string;
  Status: string;
  ExpirationInDays?: number;
  NoncurrentVersionExpiration?: { NoncurrentDays: number };
  AbortIncompleteMultipartUpload?: { DaysAfterInitiation: number };
}

function bucketRules(template: ReturnType<typeof synth>['template']): Record<string, Rule[]> {
  const buckets = resourcesOf(template, 'AWS::S3::Bucket');
  return Object.fromEntries(
    Object.entries(buckets).map(([id, b]) => [
      id,
      ((b.Properties.LifecycleConfiguration as { Rules?: Rule[] })?.Rules ?? []) as Rule[],
    ]),
  );
}

function expiries(rules: Rule[]): Record<string, number | undefined> {
  return Object.fromEntries(rules.map((r) => [r.Prefix ?? '*', r.ExpirationInDays]));
}

describe('retention audit of the synthesized template', () => {
  it('gives every bucket a catch-all expiry, and every rule noncurrent-version and upload expiry', () => {
    const { template } = synth();
    const rules = bucketRules(template);
    expect(Object.keys(rules)).toHaveLength(4);
    for (const [bucket, list] of Object.entries(rules)) {
      const catchAll = list.filter(
        (r) => r.Prefix === undefined && r.Status === 'Enabled' && typeof r.ExpirationInDays === 'number',
      );
      expect(catchAll, bucket).toHaveLength(1);
      for (const r of list) {
        expect(r.Status, `${bucket} ${r.Id}`).toBe('Enabled');
        expect(r.NoncurrentVersionExpiration?.NoncurrentDays, `${bucket} ${r.Id}`).toBe(1);
        expect(r.AbortIncompleteMultipartUpload?.DaysAfterInitiation, `${bucket} ${r.Id}`).toBe(1);
      }
    }
  });

  it('expires each kind of data at its DESIGN §5 default', () => {
    const rules = bucketRules(synth().template);
    const byBucket = (prefix: string) =>
      expiries(Object.entries(rules).find(([id]) => id.startsWith(prefix))![1]);
    expect(byBucket('StorageRaw')).toEqual({ '*': 7 });
    expect(byBucket('StorageAnalytics')).toEqual({
      '*': 790,
      'events/': 30,
      'text/': 30,
      'aggregates/': 790,
      'errors/': 1,
    });
    expect(byBucket('StorageSalts')).toEqual({ '*': 2 });
    // The aggregate function's staging files and query results: one day, whatever the retention.
    expect(byBucket('StorageAthenaResults')).toEqual({ '*': 7, 'aggregate/': 1 });
  });

  it('takes every retention from context', () => {
    const retention = {
      rawDays: 3,
      eventsDays: 14,
      aggregatesDays: 400,
      textDays: 7,
      saltDays: 1,
      errorsDays: 2,
      athenaResultsDays: 5,
      logDays: 14,
      deadLetterDays: 2,
    };
    const { template } = synth({ 'logveil:retention': retention });
    const rules = bucketRules(template);
    const byBucket = (prefix: string) =>
      expiries(Object.entries(rules).find(([id]) => id.startsWith(prefix))![1]);
    expect(byBucket('StorageRaw')).toEqual({ '*': 3 });
    expect(byBucket('StorageAnalytics')).toEqual({
      '*': 400,
      'events/': 14,
      'text/': 7,
      'aggregates/': 400,
      'errors/': 2,
    });
    expect(byBucket('StorageSalts')).toEqual({ '*': 1 });
    expect(byBucket('StorageAthenaResults')).toEqual({ '*': 5, 'aggregate/': 1 });
    for (const group of Object.values(resourcesOf(template, 'AWS::Logs::LogGroup')))
      expect(group.Properties.RetentionInDays).toBe(14);
    const dlq = Object.entries(resourcesOf(template, 'AWS::SQS::Queue')).find(([id]) =>
      id.includes('DeadLetters'),
    )![1];
    expect(dlq.Properties.MessageRetentionPeriod).toBe(2 * 86400);
  });

  it('retains every log group, and every function logs into its own', () => {
    const { template } = synth();
    const groups = resourcesOf(template, 'AWS::Logs::LogGroup');
    expect(Object.keys(groups).length).toBe(4);
    for (const g of Object.values(groups)) expect(g.Properties.RetentionInDays).toBe(30);
    const functions = resourcesOf(template, 'AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(3);
    for (const fn of Object.values(functions)) {
      const logging = fn.Properties.LoggingConfig as { LogGroup?: { Ref: string }; LogFormat?: string };
      expect(logging.LogFormat).toBe('JSON');
      expect(Object.keys(groups)).toContain(logging.LogGroup!.Ref);
    }
  });

  it.each([
    [{ saltDays: 3 }, /saltDays must be at most 2/],
    [{ eventsDays: 900 }, /eventsDays must not exceed aggregatesDays/],
    [{ deadLetterDays: 7 }, /deadLetterDays must be less than rawDays/],
    [{ logDays: 31 }, /logDays must be one of/],
    [{ rawDays: 0 }, /rawDays must be a whole number/],
  ])('refuses retention %j with a clear message', (retention, message) => {
    expect(() => synth({ 'logveil:retention': retention })).toThrow(message);
  });

  it('validates the functions’ settings at synth time', () => {
    expect(() => synth({ 'logveil:sources': [{ prefix: 'x/', format: 'nope' }] })).toThrow(
      /SOURCES\[0\]\.format/,
    );
    expect(() => synth({ 'logveil:privacy': { k: 0 } })).toThrow(/K_ANONYMITY/);
    expect(() => synth({ 'logveil:privacy': { hostingBots: 'yes' } })).toThrow(
      /logveil:privacy\.hostingBots must be true or false/,
    );
  });

  it('passes goals and funnels to the functions, checked at synth with messages that name the key', () => {
    const goals = ['Order=/checkout/confirm', 'Added=POST /cart/add 3xx'];
    const funnels = ['Purchase=/products/** > /cart > [/checkout/shipping] > /checkout/confirm'];
    const { template } = synth({ 'logveil:goals': goals, 'logveil:funnels': funnels });
    const functions = Object.values(resourcesOf(template, 'AWS::Lambda::Function'));
    for (const fn of functions) {
      const env = (fn.Properties.Environment as { Variables: Record<string, string> }).Variables;
      expect(JSON.parse(env.GOALS!)).toEqual(goals);
      expect(JSON.parse(env.FUNNELS!)).toEqual(funnels);
    }
    for (const [context, message] of [
      [{ 'logveil:goals': 'Order=/x' }, /logveil:goals must be a list of strings/],
      [{ 'logveil:goals': ['Order'] }, /logveil:goals\[0\]: a goal is written NAME=PATTERN/],
      [{ 'logveil:goals': ['Order=/a', 'order=/b'] }, /logveil:goals\[1\]: the name "order" is used twice/],
      [{ 'logveil:goals': ['Order=checkout'] }, /the path "checkout" must start with \//],
      [{ 'logveil:goals': ['Order=GET/ /a'] }, /"GET\/" is neither a method/],
      [{ 'logveil:goals': ['Order=/a 600'] }, /"600" is not a status/],
      [{ 'logveil:goals': ['Order=/a/**/b'] }, /\*\* may only be the last segment/],
      [{ 'logveil:goals': ['Plan=/signup?plan=pro'] }, /query parameter plan is not kept/],
      [{ 'logveil:funnels': ['Buy=/a'] }, /logveil:funnels\[0\]: funnel "Buy" has 1 step/],
      [{ 'logveil:funnels': ['Buy=[/a] > /b'] }, /the first and the last step cannot be optional/],
    ] as const)
      expect(() => synth(context), JSON.stringify(context)).toThrow(message);
    // A parameter kept by logveil:privacy.allowParams may be matched.
    expect(() =>
      synth({ 'logveil:goals': ['Plan=/signup?plan=pro'], 'logveil:privacy': { allowParams: ['plan'] } }),
    ).not.toThrow();
  });

  it('refuses goals and funnels that would take the functions past Lambda’s 4 KB of environment', () => {
    const funnel = (i: number) =>
      `Funnel ${i}=${Array.from({ length: 8 }, (_, s) => `/a-long-section-name/of-the-shop/step-${s}/**`).join(' > ')}`;
    expect(() => synth({ 'logveil:funnels': Array.from({ length: 10 }, (_, i) => funnel(i)) })).toThrow(
      /environment would take \d+ bytes, and Lambda allows 4096 in all: shorten or drop goals, funnels/,
    );
  });

  it('refuses a stream site longer than the Firehose processor buffer was sized for', () => {
    const site = `${'a'.repeat(60)}.example.com`;
    expect(() => synth({ 'logveil:sources': [{ prefix: '', format: 'combined', site }] })).toThrow(
      /stream's site \(prefix ""\) must be at most 64 characters/,
    );
  });
});
