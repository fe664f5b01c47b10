// Narrowing a search with the form's filters: online meetings only, services only.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { RequestLog, launchBrowser, nearPath, newContext, results, startServer, waitUntil } from './harness.mjs';

describe('filters', () => {
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

  for (const javaScriptEnabled of [true, false]) {
    it(`filters to online meetings with the form (375 px, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await newContext(browser, server, requests, { javaScriptEnabled });
      try {
        const page = await context.newPage();
        await page.goto(nearPath());
        const before = await results(page);
        assert.ok(before.some((r) => r.kind === 'meeting' && !r.join), 'in-person meetings before filtering');

        await page.selectOption('#search select[name=show]', 'meetings');
        await page.selectOption('#search select[name=attendance]', 'online');
        await Promise.all([page.waitForURL(/attendance=online/), page.click('#search button[type=submit]')]);
        await waitUntil(page, 'online meetings listed', () => document.querySelectorAll('#results li.result').length > 0);

        const query = new URL(page.url()).searchParams;
        assert.equal(query.get('show'), 'meetings');
        assert.equal(query.get('lat'), '39.95', 'the search keeps its place');
        const online = await results(page);
        for (const result of online) {
          assert.equal(result.kind, 'meeting', `only meetings: ${result.text}`);
          assert.ok(result.join, `an online meeting has a join link or phone (a.join): ${result.text}`);
        }
        // The form shows what was asked.
        assert.equal(await page.inputValue('#search select[name=attendance]'), 'online');
        assert.equal(await page.inputValue('#search select[name=show]'), 'meetings');
      } finally {
        await context.close();
      }
    });
  }

  it('shows only services with show=services, and only meetings with show=meetings', async () => {
    const context = await newContext(browser, server, requests, { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      for (const [show, kind] of [['services', 'service'], ['meetings', 'meeting']]) {
        await page.goto(nearPath({ show }));
        const found = await results(page);
        assert.ok(found.length > 0, `results for show=${show}`);
        assert.deepEqual([...new Set(found.map((r) => r.kind))], [kind], `show=${show}`);
      }
    } finally {
      await context.close();
    }
  });

  it('names meeting types in plain words', async () => {
    const context = await newContext(browser, server, requests, { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto('/');
      for (const [code, words] of [['O', 'Open'], ['W', 'Women'], ['S', 'Spanish'], ['X', 'Wheelchair']]) {
        const box = page.locator(`#search input[type=checkbox][name=types][value="${code}"]`);
        assert.equal(await box.count(), 1, `a checkbox for type ${code}`);
        const id = await box.getAttribute('id');
        const label = id ? await page.locator(`label[for="${id}"]`).textContent() : await box.locator('xpath=ancestor::label').textContent();
        assert.match(label ?? '', new RegExp(words, 'i'), `type ${code} is labelled in words`);
      }
    } finally {
      await context.close();
    }
  });

  it('made no request beyond the server', () => {
    assert.deepEqual(requests.offsite(server), []);
  });
});
