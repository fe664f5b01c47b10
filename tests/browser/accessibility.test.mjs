// WCAG 2.2 AA with axe-core on the search, results and detail pages in both languages, and
// the search done with the keyboard alone.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  DESKTOP, PHONE, RequestLog, axeViolations, formatViolations, launchBrowser, nearPath, newContext, results,
  startServer,
} from './harness.mjs';

describe('accessibility', () => {
  let server;
  let browser;
  let pages;
  const requests = new RequestLog();

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // One meeting and one service detail page, found the way a resident finds them.
    const context = await newContext(browser, server, requests, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(nearPath());
    const found = await results(page);
    await context.close();
    const meeting = found.find((r) => r.kind === 'meeting');
    const service = found.find((r) => r.kind === 'service');
    assert.ok(meeting && service, 'a meeting and a service near the demo point');
    const bare = (href) => { const url = new URL(href, server.baseUrl); url.searchParams.delete('lang'); return url.pathname + url.search; };
    pages = { search: '/', results: nearPath(), meeting: bare(meeting.href), service: bare(service.href) };
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const lang of ['en', 'es']) {
    for (const [size, viewport] of [['375', PHONE], ['1280', DESKTOP]]) {
      it(`has no serious or critical axe violations (${lang}, ${size} px)`, async () => {
        const context = await newContext(browser, server, requests, { viewport });
        const failures = [];
        try {
          const page = await context.newPage();
          for (const [name, path] of Object.entries(pages)) {
            const url = new URL(path, server.baseUrl);
            url.searchParams.set('lang', lang);
            const response = await page.goto(url.pathname + url.search);
            assert.equal(response.status(), 200, `${name}: GET ${url.pathname}${url.search}`);
            assert.equal(await page.getAttribute('html', 'lang'), lang, `${name}: <html lang>`);
            const violations = await axeViolations(page);
            if (violations.length > 0) failures.push(`${name} page (${url.pathname}${url.search}):\n${formatViolations(violations)}`);
          }
        } finally {
          await context.close();
        }
        assert.equal(failures.length, 0, `axe found serious or critical violations:\n${failures.join('\n')}`);
      });
    }
  }

  it('has its headings in order: one h1, and no level skipped', async () => {
    const context = await newContext(browser, server, requests);
    try {
      const page = await context.newPage();
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(path);
        const levels = await page.$$eval('h1, h2, h3, h4, h5, h6', (hs) => hs.map((h) => Number(h.tagName[1])));
        assert.equal(levels.filter((l) => l === 1).length, 1, `${name}: one h1 (${levels})`);
        assert.equal(levels[0], 1, `${name}: the h1 comes first (${levels})`);
        for (let i = 1; i < levels.length; i += 1) {
          assert.ok(levels[i] <= levels[i - 1] + 1, `${name}: h${levels[i - 1]} then h${levels[i]} skips a level`);
        }
      }
    } finally {
      await context.close();
    }
  });

  it('searches with the keyboard alone, and shows where the focus is', async () => {
    const context = await newContext(browser, server, requests);
    try {
      const page = await context.newPage();
      await page.goto('/');
      // Tab to the place list (a resident without location), pick one with the arrow keys.
      let focused = null;
      for (let i = 0; i < 40 && focused !== 'place'; i += 1) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => document.activeElement?.getAttribute('name'));
      }
      assert.equal(focused, 'place', 'the place list is reachable with Tab');
      const ring = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement);
        return { outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0, shadow: style.boxShadow !== 'none' };
      });
      assert.ok(ring.outline || ring.shadow, 'the focused control shows a focus ring');
      await page.keyboard.press('ArrowDown');
      assert.notEqual(await page.inputValue('#search select[name=place]'), '', 'a place picked with the keyboard');
      // On to the submit button, and Enter.
      let onSubmit = false;
      for (let i = 0; i < 60 && !onSubmit; i += 1) {
        await page.keyboard.press('Tab');
        onSubmit = await page.evaluate(() => document.activeElement?.matches('#search button[type=submit]') ?? false);
      }
      assert.ok(onSubmit, 'the search button is reachable with Tab');
      await Promise.all([page.waitForURL(/[?&]place=/), page.keyboard.press('Enter')]);
      assert.ok((await results(page)).length > 0, 'results after a keyboard-only search');
    } finally {
      await context.close();
    }
  });

  it('made no request beyond the server', () => {
    assert.deepEqual(requests.offsite(server), []);
  });
});
