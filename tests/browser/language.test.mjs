// English and Spanish: the switch, Accept-Language, and the language carried through links.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { RequestLog, launchBrowser, nearPath, newContext, results, screenshot, startServer } from './harness.mjs';

describe('languages', () => {
  let server;
  let browser;
  const requests = new RequestLog();

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // The visible words of the search form's labels.
  const labels = (page) => page.$$eval('#search label', (ls) => ls.map((l) => l.textContent.replace(/\s+/g, ' ').trim()));

  // The label of the `types` checkbox for `code`.
  async function typeLabel(page, code) {
    const box = page.locator(`#search input[type=checkbox][name=types][value="${code}"]`);
    const id = await box.getAttribute('id');
    return id ? page.locator(`label[for="${id}"]`).textContent() : box.locator('xpath=ancestor::label').textContent();
  }

  for (const javaScriptEnabled of [true, false]) {
    it(`switches to Spanish with #lang-switch and back (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await newContext(browser, server, requests, { javaScriptEnabled, locale: 'en-US' });
      try {
        const page = await context.newPage();
        await page.goto(nearPath());
        assert.equal(await page.getAttribute('html', 'lang'), 'en');
        const english = await labels(page);
        const switcher = page.locator('#lang-switch');
        assert.equal(await switcher.getAttribute('hreflang'), 'es');
        assert.match(await switcher.textContent(), /Español/);

        await Promise.all([page.waitForURL(/lang=es/), switcher.click()]);
        assert.equal(await page.getAttribute('html', 'lang'), 'es');
        const query = new URL(page.url()).searchParams;
        assert.equal(query.get('lat'), '39.95', 'the switch keeps the search');
        assert.ok((await results(page)).length > 0, 'the results in Spanish');
        const spanish = await labels(page);
        assert.equal(spanish.length, english.length, 'the same form');
        const translated = spanish.filter((label, i) => label !== english[i]).length;
        assert.ok(translated >= english.length / 2, `labels in Spanish: ${JSON.stringify(spanish)}`);
        assert.match(await typeLabel(page, 'W'), /Mujeres/, 'type names from the vocabulary\'s translations');
        assert.match(await typeLabel(page, 'X'), /silla de ruedas/);
        if (javaScriptEnabled) await screenshot(page, 'results-375-es');

        // Links carry the language: a detail page opened from here is Spanish too.
        const first = (await results(page))[0];
        assert.match(first.href, /[?&]lang=es/, `the detail link carries lang: ${first.href}`);
        await page.goto(first.href);
        assert.equal(await page.getAttribute('html', 'lang'), 'es');

        const back = page.locator('#lang-switch');
        assert.equal(await back.getAttribute('hreflang'), 'en');
        assert.match(await back.textContent(), /English/);
        await Promise.all([page.waitForURL(/lang=en/), back.click()]);
        assert.equal(await page.getAttribute('html', 'lang'), 'en');
      } finally {
        await context.close();
      }
    });
  }

  it('picks Spanish from Accept-Language, and ?lang= over it', async () => {
    const context = await newContext(browser, server, requests, { locale: 'es-MX' });
    try {
      const page = await context.newPage();
      await page.goto('/');
      assert.equal(await page.getAttribute('html', 'lang'), 'es', 'Accept-Language: es-MX');
      await page.goto('/?lang=en');
      assert.equal(await page.getAttribute('html', 'lang'), 'en', '?lang=en wins');
      await page.goto('/?lang=es');
      await screenshot(page, 'search-375-es');
    } finally {
      await context.close();
    }
  });

  it('made no request beyond the server', () => {
    assert.deepEqual(requests.offsite(server), []);
  });
});
