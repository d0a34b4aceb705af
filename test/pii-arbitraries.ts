/**
 * fast-check arbitraries for personal data, and a request record that plants it in every field, for
 * the "nothing personal is ever written" properties.
 */
import fc from 'fast-check';
import { luhnValid } from '../lib/privacy/detectors/card.ts';

const card = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 14 }).map((digits) => {
  const body = [5, ...digits].join('');
  for (let c = 0; c <= 9; c++) if (luhnValid(body + c)) return body + c;
  return body;
});

export const cardForm = fc
  .tuple(card, fc.constantFrom('plain', 'spaced', 'dashed', 'encoded'))
  .map(([n, form]) => {
    const grouped = n.match(/.{1,4}/g)!;
    const shown = form === 'spaced' ? grouped.join(' ') : form === 'dashed' ? grouped.join('-') : n;
    return { secret: n, shown, inUrl: form === 'spaced' || form === 'encoded' ? grouped.join('%20') : shown };
  });

export const email = fc
  .tuple(
    fc.stringMatching(/^[a-z]{3,8}$/),
    fc.stringMatching(/^[a-z]{3,8}$/),
    fc.constantFrom('example.com', 'mail.test.org'),
  )
  .map(([a, b, d]) => `${a}.${b}@${d}`);
export const ipv4 = fc.ipV4().filter((ip) => ip.length >= 9);
export const ipv6 = fc.ipV6().filter((ip) => ip.length >= 12 && !ip.includes('.'));
export const token = fc.stringMatching(
  /^[A-Za-z]{3}[0-9][A-Za-z][0-9][A-Za-z][0-9][A-Za-z][0-9][A-Za-z0-9]{14}$/,
);
export const userName = fc.stringMatching(/^u[a-z]{6,10}$/);

/** One request with personal data in every field, and the values that must never be written. */
export interface PlantedRequest {
  client: string;
  forwarded: string;
  user: string;
  /** Path and query, percent-encoded where a URL would be. */
  target: string;
  referrer: string;
  userAgent: string;
  cookie: string;
  /** An IP address put where a host name belongs. */
  host: string;
  secrets: string[];
}

export const plantedRequest: fc.Arbitrary<PlantedRequest> = fc
  .record({
    client: fc.oneof(ipv4, ipv6),
    forwarded: fc.oneof(ipv4, ipv6),
    user: userName,
    mail: email,
    mail3: email,
    cc: cardForm,
    tok: token,
    tok2: token,
    refIp: ipv4,
    uaMail: email,
    uaIp: ipv4,
    cookieVal: token,
    hostIp: ipv4,
    where: fc.constantFrom('path', 'query', 'utm', 'referrer'),
  })
  .map((p) => {
    const path =
      p.where === 'path'
        ? `/users/${encodeURIComponent(p.mail)}/cards/${p.cc.inUrl}/reset/${p.tok}`
        : '/home';
    const query =
      p.where === 'query'
        ? `?email=${p.mail}&card=${p.cc.inUrl}&session=${p.tok}`
        : p.where === 'utm'
          ? `?utm_source=news&utm_content=${encodeURIComponent(p.mail)}&utm_term=${p.cc.inUrl}&utm_campaign=${p.tok}`
          : '';
    const referrer =
      p.where === 'referrer'
        ? `https://${p.refIp}/inbox?to=${p.mail}&c=${p.cc.inUrl}#${p.tok}`
        : `https://mail.example.net/read?from=${encodeURIComponent(p.mail3)}`;
    return {
      client: p.client,
      forwarded: p.forwarded,
      user: p.user,
      target: `${path}${query}`,
      referrer,
      userAgent: `Mozilla/5.0 (compatible; Probe/1.0; +mailto:${p.uaMail}; ${p.uaIp}; ${p.tok2})`,
      cookie: `session=${p.cookieVal}; contact=${encodeURIComponent(p.mail3)}`,
      host: p.hostIp,
      secrets: [
        p.client,
        p.forwarded,
        p.user,
        p.mail,
        p.mail3,
        p.cc.secret,
        p.cc.shown,
        p.tok,
        p.tok2,
        p.refIp,
        p.uaMail,
        p.uaIp,
        p.cookieVal,
        p.hostIp,
        'session=',
        'contact=',
      ],
    };
  });

/** The planted values detectors must catch in free text (user and cookie names are not detectable there). */
export const DETECTABLE_ONLY = (p: PlantedRequest) =>
  p.secrets.filter((s) => s !== p.user && !s.endsWith('='));
