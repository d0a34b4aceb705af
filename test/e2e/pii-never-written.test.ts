/**
 * The central privacy property: personal data planted in every field of a log line never reaches an
 * output file (Parquet decoded) or the terminal.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../lib/cli/run-command.ts';
import { runConfig } from '../../lib/cli/run-config.ts';
import { luhnValid } from '../../lib/privacy/detectors/card.ts';
import { everythingWritten, tempDir } from '../helpers.ts';

const card = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 14 }).map((digits) => {
  const body = [5, ...digits].join('');
  for (let c = 0; c <= 9; c++) if (luhnValid(body + c)) return body + c;
  return body;
});

const cardForm = fc.tuple(card, fc.constantFrom('plain', 'spaced', 'dashed', 'encoded')).map(([n, form]) => {
  const grouped = n.match(/.{1,4}/g)!;
  const shown = form === 'spaced' ? grouped.join(' ') : form === 'dashed' ? grouped.join('-') : n;
  return {
    secret: n,
    shown,
    inUrl: form === 'spaced' ? grouped.join('%20') : form === 'encoded' ? grouped.join('%20') : shown,
  };
});

const email = fc
  .tuple(
    fc.stringMatching(/^[a-z]{3,8}$/),
    fc.stringMatching(/^[a-z]{3,8}$/),
    fc.constantFrom('example.com', 'mail.test.org'),
  )
  .map(([a, b, d]) => `${a}.${b}@${d}`);
const ipv4 = fc.ipV4().filter((ip) => ip.length >= 9);
const ipv6 = fc.ipV6().filter((ip) => ip.length >= 12 && !ip.includes('.'));
const token = fc.stringMatching(/^[A-Za-z]{3}[0-9][A-Za-z][0-9][A-Za-z][0-9][A-Za-z][0-9][A-Za-z0-9]{14}$/);
const userName = fc.stringMatching(/^u[a-z]{6,10}$/);

interface Planted {
  line: string;
  secrets: string[];
}

const plantedLine: fc.Arbitrary<Planted> = fc
  .record({
    client: fc.oneof(ipv4, ipv6),
    forwarded: fc.oneof(ipv4, ipv6),
    user: userName,
    mail: email,
    mail2: email,
    mail3: email,
    cc: cardForm,
    tok: token,
    tok2: token,
    refIp: ipv4,
    uaMail: email,
    uaIp: ipv4,
    where: fc.constantFrom('path', 'query', 'utm', 'referrer'),
  })
  .map((p) => {
    const pathPii =
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
    const ua = `Mozilla/5.0 (compatible; Probe/1.0; +mailto:${p.uaMail}; ${p.uaIp}; ${p.tok2})`;
    const line = `${p.client} - ${p.user} [25/Nov/2026:10:00:00 +0000] "GET ${pathPii}${query} HTTP/1.1" 200 10 "${referrer}" "${ua}" "${p.forwarded}"`;
    return {
      line,
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
      ],
    };
  });

describe('personal data in every field', () => {
  it('never appears in any output file or in the terminal (property)', async () => {
    const dir = await tempDir();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(plantedLine, { minLength: 5, maxLength: 25 }), async (lines) => {
        run++;
        const input = join(dir, `in-${run}.log`);
        await writeFile(input, `${lines.map((l) => l.line).join('\n')}\n`);
        let terminal = '';
        const io = { stdout: (t: string) => (terminal += t), stderr: (t: string) => (terminal += t) };
        const out = join(dir, `out-${run}`);
        for (const json of [true, false]) {
          const config = runConfig([input], {
            out,
            saltDir: join(dir, 'salts'),
            site: 'www.example.com',
            json,
          });
          expect(await runCommand(config, io)).toBe(0);
        }
        const written = await everythingWritten(out, terminal);
        expect(written).toContain('"event_id"');
        for (const { secrets } of lines) {
          for (const secret of secrets)
            expect(written, `planted value leaked: ${secret}`).not.toContain(secret);
        }
      }),
      { seed: 1125, numRuns: 40 },
    );
  });
});
