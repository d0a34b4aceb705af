import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trusted } from '../../lib/report/html.ts';

const unescapeHtml = (s: string) =>
  s.replace(
    /&lt;|&gt;|&quot;|&#39;|&amp;/g,
    (e) => ({ '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' })[e]!,
  );

describe('html tag', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const path = '/a/<script>alert("x")</script>&\'';
    const out = html`<td title="${path}">${path}</td>`.text;
    expect(out).toBe(
      '<td title="/a/&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">/a/&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</td>',
    );
  });

  it('nests Html without escaping it twice, and escapes strings inside arrays', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${['<', inner]}</p>`.text).toBe('<p><b>&lt;i&gt;</b>&lt;<b>&lt;i&gt;</b></p>');
    expect(html`${null}${undefined}${false}${0}`.text).toBe('0');
    expect(html`${trusted('<style>')}`.text).toBe('<style>');
  });

  it('never lets a random string open a tag or leave an attribute, and loses nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (value) => {
        const escaped = escapeHtml(value);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(unescapeHtml(escaped)).toBe(value);
        const out = html`<td data-x="${value}">${value}</td>`.text;
        expect(out.match(/</g)).toHaveLength(2);
        expect(out.match(/"/g)).toHaveLength(2);
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});
