// The data a resident on a prepaid plan pays for: the first load of `/`, the HTML of `/` and
// of a results page, and where every request goes.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { RequestLog, launchBrowser, nearPath, newContext, results, startServer } from './harness.mjs';

const FIRST_LOAD_BUDGET = 60_000;
const SEARCH_HTML_BUDGET = 60_000;
const RESULTS_HTML_BUDGET = 100_000;

describe('budgets', () => {
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

  it(`transfers under ${FIRST_LOAD_BUDGET} bytes on the first load of / (HTML, CSS, JS; gzip allowed)`, async () => {
    const context = await newContext(browser, server, requests);
    try {
      const page = await context.newPage();
      const finished = [];
      page.on('requestfinished', (request) => finished.push(request));
      await page.goto('/', { waitUntil: 'networkidle' });
      const rows = await Promise.all(finished.map(async (request) => {
        const sizes = await request.sizes();
        const response = await request.response();
        return {
          url: request.url(),
          bytes: sizes.responseBodySize + sizes.responseHeadersSize,
          encoding: (await response?.headerValue('content-encoding')) ?? 'identity',
        };
      }));
      const total = rows.reduce((sum, row) => sum + row.bytes, 0);
      const table = rows.map((r) => `  ${r.bytes} B ${r.encoding} ${r.url}`).join('\n');
      console.log(`first load of /: ${total} bytes in ${rows.length} requests\n${table}`);
      assert.ok(rows.some((r) => new URL(r.url).pathname === '/assets/style.css'), 'the stylesheet is loaded');
      assert.ok(total < FIRST_LOAD_BUDGET, `first load of / transferred ${total} bytes:\n${table}`);
    } finally {
      await context.close();
    }
  });

  it('serves assets with long-cache headers', async () => {
    const context = await newContext(browser, server, requests);
    try {
      const page = await context.newPage();
      await page.goto('/');
      const assets = await page.$$eval('link[rel=stylesheet], script[src]', (els) => els.map((e) => e.getAttribute('href') ?? e.getAttribute('src')));
      assert.ok(assets.length > 0, 'the page links its CSS (and JS)');
      for (const href of assets) {
        const url = new URL(href, server.baseUrl);
        assert.equal(url.origin, server.origin, `${href} comes from the server`);
        const response = await page.request.get(url.toString());
        assert.equal(response.status(), 200, href);
        const cache = response.headers()['cache-control'] ?? '';
        const versioned = url.search.length > 1 || Boolean(response.headers().etag);
        assert.ok(versioned, `${href} has a version query or an ETag`);
        const maxAge = Number(/max-age=(\d+)/.exec(cache)?.[1] ?? 0);
        assert.ok(maxAge >= 86_400 || Boolean(response.headers().etag), `${href}: cache-control ${cache}`);
      }
    } finally {
      await context.close();
    }
  });

  it(`keeps the HTML of / under ${SEARCH_HTML_BUDGET} bytes and a results page under ${RESULTS_HTML_BUDGET}`, async () => {
    const search = await fetch(server.url('/'), { headers: { 'accept-encoding': 'identity' } });
    const searchBytes = Buffer.byteLength(await search.text());
    assert.ok(searchBytes < SEARCH_HTML_BUDGET, `/ is ${searchBytes} bytes`);

    const path = nearPath({ radius_km: '50' });
    const page = await fetch(server.url(path), { headers: { 'accept-encoding': 'identity' } });
    const html = await page.text();
    const resultBytes = Buffer.byteLength(html);
    const count = (html.match(/<li class="result"/g) ?? []).length;
    console.log(`/ is ${searchBytes} bytes; ${path} is ${resultBytes} bytes for ${count} results`);
    assert.ok(count > 0, 'results on the page');
    // The budget is for 25 results; scale it when a page holds more.
    const budget = RESULTS_HTML_BUDGET * Math.max(1, count / 25);
    assert.ok(resultBytes < budget, `${path} is ${resultBytes} bytes for ${count} results`);
  });

  it('never loads anything from another host, with JavaScript on', async () => {
    const context = await newContext(browser, server, requests);
    try {
      const page = await context.newPage();
      for (const path of ['/', nearPath(), nearPath({ show: 'meetings', attendance: 'online' })]) {
        await page.goto(path, { waitUntil: 'networkidle' });
      }
      const first = (await results(page))[0];
      await page.goto(first.href, { waitUntil: 'networkidle' });
    } finally {
      await context.close();
    }
    assert.deepEqual(requests.offsite(server), []);
  });
});
