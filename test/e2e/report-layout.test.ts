/**
 * The report of a real log (../shared/fixtures: a public blog's Apache log) on a wide and a phone-sized
 * screen: no table cell's text overflows its cell or wraps inside a word (a path one letter per
 * line), the page itself never scrolls sideways (wide tables scroll in their own box), and the
 * capacity charts give hits, peak requests per minute and 5xx their own scales with round ticks; the
 * goals' tables and the funnel charts (goals and funnels over the blog's pages) keep the same rules
 * and legible text. Screenshots at 1400 px and 390 px land in test-results/.
 */
import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeWithShared, fixture, REPO_ROOT, runCli, tempDir } from '../helpers.ts';

const CHROMIUM = '/usr/bin/chromium';

/** Cells whose text overflows the cell, or wraps inside a word (a run without spaces on two lines). */
const BROKEN_CELLS = `(() => {
  const broken = [];
  for (const cell of document.querySelectorAll('td, th, h1, .card .label, .card .value')) {
    const text = cell.textContent.trim();
    if (text === '') continue;
    if (cell.scrollWidth > cell.clientWidth + 1) broken.push('overflows: ' + text.slice(0, 60));
    // Each word's text on one line: the line boxes of every text node of the cell.
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const words = node.textContent.trim();
      if (words === '' || /\\s/.test(words)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push('wraps inside a word: ' + words.slice(0, 60));
    }
  }
  return broken;
})()`;

describeWithShared('the report of a real log, wide and on a phone', () => {
  it('keeps every cell whole at 1400 px and 390 px, scrolls tables, not the page, and saves screenshots', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: .ci/run installs Debian's chromium package`).toBe(
      true,
    );
    const dir = await tempDir();
    const out = join(dir, 'out');
    const run = await runCli([
      'run',
      fixture('peer', 'hackers-access.log'),
      '--out',
      out,
      '--salt-dir',
      join(dir, 'salts'),
      '--site',
      'howto.basjes.nl',
      '--k',
      '2',
      '--goal',
      'Howto=/linux/**',
      '--goal',
      'Join form=/join_form',
      '--funnel',
      'Reader=/ > [/open-source] > /linux/**',
      '--funnel',
      'Howto=/linux/** > /linux/**',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const file = join(dir, 'report.html');
    expect((await runCli(['report', '--out', out, '-o', file])).code).toBe(0);
    const results = join(REPO_ROOT, 'test-results');
    await mkdir(results, { recursive: true });
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    try {
      for (const width of [1400, 390]) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        await page.goto(pathToFileURL(file).href);
        expect(await page.locator('table[data-table="pages"] tbody tr').count()).toBeGreaterThan(5);
        expect(await page.evaluate(BROKEN_CELLS), `at ${width} px`).toEqual([]);
        // The page is never wider than the screen: wide tables scroll inside their own box.
        expect(
          await page.evaluate('document.documentElement.scrollWidth'),
          `at ${width} px`,
        ).toBeLessThanOrEqual(width);
        // Capacity: three charts, each with its own scale starting at 0 and round ticks.
        const charts = page.locator('#capacity figure.chart');
        expect(await charts.count()).toBe(3);
        for (let i = 0; i < 3; i++) {
          const ticks = (await charts.nth(i).locator('text.axis[text-anchor="end"]').allTextContents()).map(
            (t) => Number(t.replace(/K$/, '000').replace(/,/g, '')),
          );
          expect(ticks[0]).toBe(0);
          const step = ticks[1]! - ticks[0]!;
          expect(String(step)).toMatch(/^(1|2|25|5)0*$/);
          for (let j = 1; j < ticks.length; j++) expect(ticks[j]! - ticks[j - 1]!).toBe(step);
        }
        // Goals and funnels have rows here: their tables and one chart per funnel.
        expect(await page.locator('table[data-table="goals"] tbody tr').count()).toBeGreaterThan(0);
        expect(await page.locator('table[data-table="goal_channels"] tbody tr').count()).toBeGreaterThan(0);
        expect(await page.locator('#funnels figure.funnel').count()).toBe(2);
        const funnelText = (await page.evaluate(
          `[...document.querySelectorAll('figure.funnel text')].map((e) => { const r = e.getBoundingClientRect(); return [r.height, r.right]; })`,
        )) as Array<[number, number]>;
        expect(funnelText.length).toBeGreaterThan(5);
        expect(Math.min(...funnelText.map(([h]) => h)), `funnel text at ${width} px`).toBeGreaterThanOrEqual(
          9,
        );
        expect(
          Math.max(...funnelText.map(([, right]) => right)),
          `funnel text at ${width} px`,
        ).toBeLessThanOrEqual(width);
        // Chart labels stay legible: drawn at least 9 px tall on the screen, whatever its width.
        const labelHeights = (await page.evaluate(
          `[...document.querySelectorAll('figure.chart text.axis')].filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.getBoundingClientRect().height)`,
        )) as number[];
        expect(labelHeights.length).toBeGreaterThan(10);
        expect(Math.min(...labelHeights), `at ${width} px`).toBeGreaterThanOrEqual(9);
        const shot = join(results, `report-real-${width}px.png`);
        await page.screenshot({ path: shot, fullPage: true });
        expect((await stat(shot)).size).toBeGreaterThan(20_000);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }, 120_000);
});
