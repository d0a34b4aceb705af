import { describe, expect, it } from 'vitest';
import {
  type ChannelInput,
  classifyChannel,
  isSearchEngine,
  isSocialNetwork,
} from '../../lib/privacy/channel.ts';

const none: ChannelInput = {
  referrerHost: null,
  utmSource: null,
  utmMedium: null,
  utmCampaign: null,
  clickId: false,
};

describe('classifyChannel', () => {
  it.each([
    [
      { clickId: true, referrerHost: 'google.com' },
      { channel: 'paid', source: 'google.com', medium: 'cpc', campaign: '(none)' },
    ],
    [
      { utmSource: 'adnet', utmMedium: 'CPC', utmCampaign: 'Brand' },
      { channel: 'paid', source: 'adnet', medium: 'cpc', campaign: 'Brand' },
    ],
    [{ utmSource: 'x', utmMedium: 'paid_social' }, { channel: 'paid' }],
    [{ utmMedium: 'display' }, { channel: 'paid' }],
    [{ utmSource: 'newsletter' }, { channel: 'email', source: 'newsletter' }],
    [
      { utmSource: 'crm', utmMedium: 'e-mail' },
      { channel: 'email', medium: 'e-mail' },
    ],
    [{ referrerHost: 'google.co.uk' }, { channel: 'search', source: 'google.co.uk', medium: 'organic' }],
    [{ referrerHost: 'search.brave.com' }, { channel: 'search' }],
    [{ referrerHost: 'yandex.com.tr' }, { channel: 'search' }],
    [{ referrerHost: 't.co' }, { channel: 'social', medium: 'social' }],
    [{ referrerHost: 'l.facebook.com' }, { channel: 'social' }],
    [{ referrerHost: 'pinterest.de' }, { channel: 'social' }],
    [
      { utmSource: 'mastodon', utmMedium: 'social' },
      { channel: 'social', source: 'mastodon', medium: 'social' },
    ],
    [
      { utmSource: 'partner', utmCampaign: 'launch' },
      { channel: 'campaign', source: 'partner', medium: '(none)', campaign: 'launch' },
    ],
    [
      { referrerHost: 'news.example.org' },
      { channel: 'referral', source: 'news.example.org', medium: 'referral' },
    ],
    [{}, { channel: 'direct', source: '(direct)', medium: '(none)', campaign: '(none)' }],
  ])('%j → %j', (input, expected) => {
    expect(classifyChannel({ ...none, ...input })).toMatchObject(expected);
  });

  it('does not mistake look-alike hosts for engines or networks', () => {
    expect(isSearchEngine('notgoogle.com')).toBe(false);
    expect(isSearchEngine('google.example.com')).toBe(false);
    expect(isSocialNetwork('box.com')).toBe(false);
    expect(isSocialNetwork('x.com')).toBe(true);
  });
});
