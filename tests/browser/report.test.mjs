// "Report a problem" from a detail page, without JavaScript, and the report in the staff queue.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import {
  RequestLog, getJson, launchBrowser, nearPath, newContext, results, staffToken, startServer,
} from './harness.mjs';

describe('problem reports', () => {
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

  // The queue's reports about `listingId`, read as staff over the API.
  async function queue(listingId) {
    const token = await staffToken(server);
    const page = await getJson(server, `/v1/reports?listing_id=${listingId}&limit=200`, token);
    return page.items;
  }

  for (const [kind, javaScriptEnabled] of [['meeting', false], ['service', true]]) {
    it(`sends a report about a ${kind} and staff find it in the queue (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await newContext(browser, server, requests, { javaScriptEnabled });
      try {
        const page = await context.newPage();
        await page.goto(nearPath({ show: `${kind}s`, lang: 'es' }));
        const first = (await results(page)).find((r) => r.kind === kind);
        assert.ok(first, `a ${kind} among the results`);
        await page.goto(first.href);

        const form = page.locator('form#report');
        assert.equal(await form.getAttribute('method'), 'post');
        assert.equal(await form.getAttribute('action'), '/report');
        assert.equal(await form.locator('[name=listing_kind]').inputValue(), kind);
        const listingId = await form.locator('[name=listing_id]').inputValue();
        const reasons = await form.locator('select[name=reason] option').evaluateAll((os) => os.map((o) => o.value));
        for (const reason of ['wrong_time', 'wrong_address', 'closed', 'other']) {
          assert.ok(reasons.includes(reason), `reason ${reason} offered: ${reasons}`);
        }

        const message = `browser test ${randomUUID()}: the door is on the other street`;
        await form.locator('select[name=reason]').selectOption('wrong_address');
        await form.locator('textarea[name=message]').fill(message);
        await form.locator('[name=contact_email]').fill('resident@example.org');
        await Promise.all([page.waitForURL(/\/report\/thanks/), form.locator('button[type=submit], input[type=submit]').click()]);
        assert.equal(new URL(page.url()).searchParams.get('lang'), 'es', 'the thank-you page keeps the language');
        assert.equal(await page.getAttribute('html', 'lang'), 'es');
        assert.equal(await page.locator('h1').count(), 1, 'the thank-you page has a heading');

        const sent = (await queue(listingId)).filter((r) => r.message === message);
        assert.equal(sent.length, 1, 'the report is in the staff queue once');
        assert.equal(sent[0].listing_kind, kind);
        assert.equal(sent[0].reason, 'wrong_address');
        assert.equal(sent[0].status, 'open');
        assert.equal(sent[0].contact_email, 'resident@example.org');
      } finally {
        await context.close();
      }
    });
  }

  it('re-renders the form with a message (422) when the report is incomplete', async () => {
    const context = await newContext(browser, server, requests, { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(nearPath({ show: 'meetings' }));
      const first = (await results(page)).find((r) => r.kind === 'meeting');
      await page.goto(first.href);
      const listingId = await page.locator('form#report [name=listing_id]').inputValue();
      const before = (await queue(listingId)).length;
      // What a browser without form validation would send: no message.
      const response = await page.request.post(server.url('/report'), {
        form: { listing_kind: 'meeting', listing_id: listingId, reason: 'other', message: '', contact_email: '', lang: 'en' },
        maxRedirects: 0,
      });
      assert.equal(response.status(), 422);
      const html = await response.text();
      assert.match(html, /<form[^>]*id="report"/, 'the form is shown again');
      assert.equal((await queue(listingId)).length, before, 'nothing was filed');
    } finally {
      await context.close();
    }
  });

  it('made no request beyond the server', () => {
    assert.deepEqual(requests.offsite(server), []);
  });
});
