// A meeting finder embedded on another site, fed by our Meeting Guide feed: every meeting of
// the program shows (none is dropped for want of an address), and type codes read with the
// Meeting Guide list mean what the program meant.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { WORKSPACE, getJson, launchBrowser, staffToken, startServer } from './harness.mjs';

const here = join(WORKSPACE, 'tests', 'browser', 'finder');
const FILES = {
  '/finder.html': ['text/html', readFileSync(join(here, 'finder.html'))],
  '/finder.js': ['text/javascript', readFileSync(join(here, 'finder.js'))],
  '/types.json': ['application/json', readFileSync(join(WORKSPACE, 'crates', 'domain', 'data', 'meeting-guide-types.json'))],
};

describe('a meeting finder fed by our feed', () => {
  let server;
  let browser;
  // The finder's own site: another origin (a second local HTTP server), as on an intergroup's
  // website. Local, because Chromium rightly keeps public pages from calling into loopback.
  let site;
  let finder;

  before(async () => {
    site = createServer((req, res) => {
      const [type, body] = FILES[new URL(req.url, 'http://x').pathname] || [];
      res.writeHead(type ? 200 : 404, type ? { 'content-type': type } : {});
      res.end(body);
    });
    await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
    finder = `http://localhost:${site.address().port}`;
    server = await startServer();
    browser = await launchBrowser();
    // An NA meeting online only, with no address or region, and codes whose Meeting Guide
    // meanings differ: the three things finders got wrong.
    const token = await staffToken(server);
    const response = await fetch(server.url('/v1/meetings'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        name: 'Finder Test Online NA', program: 'na', day: 4, time: '20:00',
        types: ['B', 'JT', 'O'], online: { conference_url: 'https://zoom.us/j/98765' },
      }),
    });
    assert.equal(response.status, 201, await response.text());
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    site?.close();
  });

  async function finderPage(feedPath) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    const feed = encodeURIComponent(server.url(feedPath));
    await page.goto(`${finder}/finder.html?feed=${feed}`);
    await page.waitForSelector('#status[data-done="true"]', { timeout: 15_000 }).catch((e) => {
      throw new Error(`the finder did not finish: ${problems.join('; ') || e}`);
    });
    return { context, page };
  }

  for (const program of ['aa', 'na']) {
    it(`shows every published ${program} meeting`, async () => {
      const api = await getJson(server, `/v1/meetings?program=${program}&limit=200`);
      const { context, page } = await finderPage(`/feeds/meeting-guide.json?program=${program}`);
      try {
        const slugs = await page.$$eval('#meetings li', (items) => items.map((li) => li.dataset.slug));
        const expected = api.items.map((m) => m.slug).sort();
        assert.deepEqual([...slugs].sort(), expected, 'the finder drops none of them');
        assert.ok(expected.length > 0);
      } finally {
        await context.close();
      }
    });
  }

  it('reads NA codes with the meanings NA gave them', async () => {
    const { context, page } = await finderPage('/feeds/meeting-guide.json?program=na');
    try {
      const item = page.locator('#meetings li[data-slug="finder-test-online-na"]');
      const types = await item.locator('.types').textContent();
      assert.match(types, /Newcomer/, 'NA Beginners reads as the newcomer meeting');
      assert.doesNotMatch(types, /Big Book/, 'not as Big Book');
      assert.match(await item.locator('.notes').textContent(), /Just for Today/, 'a code with no Meeting Guide meaning keeps its name');
      assert.match(await item.locator('.when').textContent(), /Thursday 20:00/);
    } finally {
      await context.close();
    }
  });
});
