import { describe, expect, it } from 'vitest';
import { classifyUserAgent } from '../../lib/privacy/user-agent.ts';

describe('classifyUserAgent', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
      {
        browser: 'Chrome',
        browserVersion: '130',
        os: 'Windows',
        device: 'desktop',
        isBot: false,
        botName: null,
      },
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      { browser: 'Mobile Safari', browserVersion: '18', os: 'iOS', device: 'mobile', isBot: false },
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
      { device: 'tablet' },
    ],
    [
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      { device: 'bot', isBot: true, botName: 'Googlebot' },
    ],
    [
      'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
      { isBot: true, botName: 'AhrefsBot' },
    ],
    ['curl/8.5.0', { isBot: true, botName: 'curl' }],
    ['python-requests/2.32.3', { isBot: true, botName: 'python-requests' }],
    ['facebookexternalhit/1.1', { isBot: true, botName: 'facebookexternalhit' }],
  ])('%s', (ua, expected) => {
    expect(classifyUserAgent(ua)).toMatchObject(expected);
  });

  it('never copies personal data out of a hostile user agent', () => {
    for (const ua of [
      'Mozilla/5.0 (compatible; jane.doe@example.com-bot/1.0)',
      'MyCrawler/1.0 (+mailto:ops@example.com; 203.0.113.9)',
      'Zx81kQ2m7Pq4Lr9tVw3Ybot/2.0',
      'Mozilla/5.0 4242424242424242',
    ]) {
      const info = classifyUserAgent(ua);
      const text = JSON.stringify(info);
      expect(text).not.toMatch(/example\.com|203\.0\.113|4242424242424242|Zx81kQ2m7Pq4Lr9tVw3Y/);
    }
  });

  it('names what a missing or unrecognised user agent does not tell (unknown), unlike the fold row (other)', () => {
    const unknown = { browser: '(unknown)', os: '(unknown)', device: '(unknown)', isBot: false };
    expect(classifyUserAgent(null)).toMatchObject(unknown);
    expect(classifyUserAgent('-')).toMatchObject(unknown);
    expect(classifyUserAgent('Mozilla/5.0 (X11; U; SomeOS) SomeViewer')).toMatchObject({
      browser: '(unknown)',
      device: '(unknown)',
      isBot: false,
    });
  });

  it('keeps other for a known device type that is not desktop, mobile or tablet', () => {
    const tv =
      'Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/4.0 Chrome/76.0.3809.146 TV Safari/537.36';
    expect(classifyUserAgent(tv).device).toBe('other');
  });
});
