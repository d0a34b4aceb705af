import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectPii } from '../../lib/privacy/detectors/index.ts';
import { looksRandom } from '../../lib/privacy/detectors/token.ts';
import { botName, classifyUserAgent, MAX_BOT_NAME, UNNAMED_BOT } from '../../lib/privacy/user-agent.ts';
import { cardForm, email, ipv4, token } from '../pii-arbitraries.ts';

const FOLD_ROW = '(other)';

describe('bot names', () => {
  // User agents as feed readers, fetchers and tools send them (seen in real access logs).
  it.each([
    ['UniversalFeedParser/5.0.1 +https://code.google.com/p/feedparser/', 'UniversalFeedParser'],
    ['Tiny Tiny RSS/1.11 (http://tt-rss.org/)', 'Tiny Tiny RSS'],
    ['Tiny Tiny RSS/21.04-e8f78181f (https://tt-rss.org/)', 'Tiny Tiny RSS'],
    ['FeedBurner/1.0 (http://www.FeedBurner.com)', 'FeedBurner'],
    ['Feedly/1.0 (+http://www.feedly.com/fetcher.html; 3 subscribers; like FeedFetcher-Google)', 'Feedly'],
    ['Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 5 subscribers; )', 'Inoreader'],
    ['Feedspot/1.0 (+https://www.feedspot.com/fs/fetcher; like FeedFetcher-Google)', 'Feedspot'],
    [
      'NewsBlur Feed Fetcher - 12 subscribers - https://www.newsblur.com/site/1234/blog (Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.77 Safari/537.36)',
      'NewsBlur Feed Fetcher',
    ],
    ['Feedbin feed-id:123456 - 3 subscribers', 'Feedbin feed-id'],
    ['FreshRSS/1.21.0 (Linux; https://freshrss.org)', 'FreshRSS'],
    ['Miniflux/2.0.49 (https://miniflux.app)', 'Miniflux'],
    ['NetNewsWire (RSS Reader; https://netnewswire.com/)', 'NetNewsWire'],
    ['Liferea/1.12.6 (Linux; en_US.UTF-8; http://liferea.sf.net/)', 'Liferea'],
    [
      'Mozilla/5.0 (compatible; Feedfetcher-Google; +http://www.google.com/feedfetcher.html)',
      'Feedfetcher-Google',
    ],
    ['WordPress/6.4.2; https://example.com', 'WordPress'],
    ['Xenu Link Sleuth/1.3.8', 'Xenu Link Sleuth'],
    ['Screaming Frog SEO Spider/19.0', 'Screaming Frog SEO Spider'],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'Googlebot'],
    [
      'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Googlebot',
    ],
    ['Googlebot-Image/1.0', 'Googlebot-Image'],
    ['AdsBot-Google (+http://www.google.com/adsbot.html)', 'AdsBot-Google'],
    ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'bingbot'],
    ['Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)', 'MJ12bot'],
    ['Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)', 'Baiduspider'],
    ['Mozilla/5.0 (compatible; 360Spider)', '360Spider'],
    [
      'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
      'GPTBot',
    ],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36',
      'HeadlessChrome',
    ],
    ['Go-http-client/1.1', 'Go-http-client'],
    ['Apache-HttpClient/4.5.13 (Java/17.0.1)', 'Apache-HttpClient'],
    ['Wget/1.20.3 (linux-gnu)', 'Wget'],
    ['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'Slackbot-LinkExpanding'],
  ])('names %s by its product', (ua, name) => {
    const info = classifyUserAgent(ua);
    expect(info.isBot).toBe(true);
    expect(info.botName).toBe(name);
  });

  it('names a recognised bot without a safe name (unnamed), never the fold row', () => {
    for (const ua of [
      'Mozilla/5.0 (compatible; user-1234567@example.com)',
      'Zx81kQ2m7Pq4Lr9tVw3Ybot/2.0',
      'Mozilla/5.0 4242424242424242',
      'Mozilla/5.0',
    ]) {
      expect(classifyUserAgent(ua)).toMatchObject({ isBot: true, botName: UNNAMED_BOT });
    }
  });

  it('names a hostile 64 KiB user agent in linear time', () => {
    for (const ua of [`${'a'.repeat(65_536)}bot`, `${'-'.repeat(65_536)}abot`, 'http://a '.repeat(7_000)]) {
      const started = performance.now();
      expect(botName(ua)).not.toBe(FOLD_ROW);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });

  // Bot-like user agents with a planted secret, version or counter between their words.
  const piece = fc.oneof(
    fc.constantFrom(
      'Mozilla/5.0',
      '(compatible;',
      'bot',
      'Bot/2.1;',
      'crawler',
      'Spider',
      'RSS',
      'Feed',
      ';',
      ')',
    ),
    fc.constantFrom('http://', 'https://www.', '+http://', '.com', '@', ' - ', '/', ':', '=', '(', ' '),
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,40}$/),
    fc.stringMatching(/^[0-9]{1,20}$/),
    fc.stringMatching(/^v?[0-9]{1,3}(\.[0-9]{1,6}){1,3}$/),
    email,
    ipv4,
    token,
    cardForm.map((c) => c.shown),
  );
  const botAgent = fc.array(piece, { minLength: 1, maxLength: 12 }).map((parts) => parts.join(' '));

  it('gives every bot a short readable name: never (other), never empty, no number runs or personal data', () => {
    fc.assert(
      fc.property(fc.oneof(botAgent, fc.string({ maxLength: 120 })), (ua) => {
        const info = classifyUserAgent(ua);
        if (!info.isBot) return;
        const name = info.botName!;
        expect(name).not.toBe(FOLD_ROW);
        if (name === UNNAMED_BOT) return;
        expect(name.length).toBeGreaterThan(0);
        expect(name.length).toBeLessThanOrEqual(MAX_BOT_NAME);
        expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/);
        expect(name).not.toMatch(/\d{4}|\d[._]\d|@|:\/\//);
        expect(looksRandom(name)).toBe(false);
        expect(detectPii(name)).toBeNull();
      }),
      { seed: 15, numRuns: 1500 },
    );
  });

  it('never copies a planted address, IP, card number or token into the name', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('MyBot/1.0 (', 'Mozilla/5.0 (compatible; ', 'crawler ', ''),
        fc.oneof(
          email,
          ipv4,
          token,
          cardForm.map((c) => c.shown),
        ),
        fc.constantFrom('bot', '-bot/2.0', ' spider)', ' RSS/1.0'),
        (head, secret, tail) => {
          const name = botName(`${head}${secret}${tail}`);
          expect(name).not.toBe(FOLD_ROW);
          for (const part of secret.split(/[^A-Za-z0-9]+/).filter((p) => p.length >= 4)) {
            expect(name).not.toContain(part);
          }
        },
      ),
      { seed: 7, numRuns: 2000 },
    );
  });
});
