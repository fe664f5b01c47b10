// Searching near the demo point on a phone and a desktop, with JavaScript on and off, by a
// picked place and by "use my location".

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  DESKTOP, PHONE, RequestLog, launchBrowser, nearPath, newContext, results, screenshot, startServer,
  waitUntil,
} from './harness.mjs';

describe('search', () => {
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

  // Asserts the page lists results, nearest first, meetings and services both.
  async function assertNearbyResults(page) {
    const found = await results(page);
    assert.ok(found.length > 0, `no results on ${page.url()}`);
    const kinds = new Set(found.map((r) => r.kind));
    assert.ok(kinds.has('meeting') && kinds.has('service'), `meetings and services near the demo point, got ${[...kinds]}`);
    for (const result of found) {
      assert.match(result.href ?? '', /^\/(meetings\/[^/?#]+|services\/[^/?#]+)/, `a detail link: ${result.text}`);
      assert.match(result.distance ?? '', /\d.*km/, `a distance in km: ${result.text}`);
    }
    const km = found.map((r) => Number.parseFloat(r.distance.replace(',', '.')));
    assert.deepEqual(km, [...km].sort((a, b) => a - b), 'nearest first');
    return found;
  }

  for (const javaScriptEnabled of [true, false]) {
    const js = javaScriptEnabled ? 'js' : 'nojs';
    for (const [size, viewport] of [['375', PHONE], ['1280', DESKTOP]]) {
      it(`finds meetings and services near the demo point (${size} px, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
        const context = await newContext(browser, server, requests, { viewport, javaScriptEnabled });
        try {
          const page = await context.newPage();
          const response = await page.goto('/');
          assert.equal(response.status(), 200);
          assert.equal(await page.locator('h1').count(), 1, 'one h1');
          assert.equal(await page.getAttribute('#crisis', 'href'), 'tel:988', 'the crisis line, tap to call');
          assert.ok(await page.isVisible('#crisis'), 'the crisis line is visible');
          await screenshot(page, `search-${size}-${js}`);

          // Pick a place the directory knows and search, as a resident without location would.
          const places = await page.$$eval('select[name=place] option', (options) => options.map((o) => o.value));
          const place = ['Center City', 'Philadelphia'].find((p) => places.includes(p)) ?? places.find((p) => p);
          assert.ok(place, `the place list offers places: ${places}`);
          await page.selectOption('select[name=place]', place);
          await Promise.all([page.waitForURL(/[?&]place=/), page.click('#search button[type=submit]')]);
          await assertNearbyResults(page);

          // The same by coordinates, as a link a counselor texted.
          await page.goto(nearPath());
          await assertNearbyResults(page);
          await screenshot(page, `results-${size}-${js}`);
        } finally {
          await context.close();
        }
      });
    }
  }

  it('"use my location" asks on a tap, fills lat/lng and shows results (375 px)', async () => {
    const here = { latitude: 39.9526, longitude: -75.1652 };
    const context = await newContext(browser, server, requests, {
      geolocation: here, permissions: ['geolocation'], timezoneId: 'America/Los_Angeles',
    });
    try {
      const page = await context.newPage();
      await page.goto('/');
      assert.equal(new URL(page.url()).searchParams.get('lat'), null, 'no location before the tap');
      assert.ok(await page.isVisible('#use-location'), 'the button is shown when JavaScript runs');
      await Promise.all([page.waitForURL(/[?&]lat=/), page.click('#use-location')]);
      await waitUntil(page, 'results after "use my location"', () => document.querySelectorAll('#results li.result').length > 0);
      const query = new URL(page.url()).searchParams;
      assert.ok(Math.abs(Number(query.get('lat')) - here.latitude) < 0.01, `lat ${query.get('lat')}`);
      assert.ok(Math.abs(Number(query.get('lng')) - here.longitude) < 0.01, `lng ${query.get('lng')}`);
      assert.ok(Number(query.get('lat')).toString().split('.')[1]?.length <= 2, 'at most two decimals leave the phone');
      assert.equal(await page.inputValue('#search [name=lat]'), query.get('lat'), 'the form keeps the location');

      // The resident is in Los Angeles: meeting times also show in their zone.
      const meetingTimes = await page.locator('#results time.next-start').count();
      if (meetingTimes > 0) {
        assert.ok(await page.locator('#results .local-time').count() > 0, 'times converted to the resident\'s zone');
      }
    } finally {
      await context.close();
    }
  });

  it('keeps the demo point search usable at 320 px (no sideways scrolling)', async () => {
    const context = await newContext(browser, server, requests, { viewport: { width: 320, height: 640 } });
    try {
      const page = await context.newPage();
      for (const path of ['/', nearPath()]) {
        await page.goto(path);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 320, `${path} is ${width} px wide at a 320 px window`);
      }
    } finally {
      await context.close();
    }
  });

  it('answers a search with nothing nearby with a helpful message, not an empty list', async () => {
    const context = await newContext(browser, server, requests, { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      // The middle of the Atlantic.
      const response = await page.goto(`/?lat=30&lng=-40&radius_km=2`);
      assert.equal(response.status(), 200);
      assert.equal(await page.locator('#results li.result').count(), 0);
      const message = await page.evaluate(() => {
        const main = document.querySelector('main')?.cloneNode(true);
        main?.querySelector('#search')?.remove();
        return main?.textContent.replace(/\s+/g, ' ').trim() ?? '';
      });
      assert.ok(message.length > 0, 'a message (outside the form) says nothing was found');
    } finally {
      await context.close();
    }
  });

  it('pages through results with rel=next', async () => {
    const context = await newContext(browser, server, requests, { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(nearPath({ radius_km: '50' }));
      const first = await results(page);
      const next = page.locator('a[rel=next]');
      if (await next.count() === 0) return; // Everything fitted on one page.
      await next.first().click();
      const second = await results(page);
      assert.ok(second.length > 0, 'the next page lists more');
      // A service offered at two places is listed once per place: compare whole entries.
      const seen = new Set(first.map((r) => r.text));
      const repeated = second.filter((r) => seen.has(r.text)).map((r) => r.text);
      assert.deepEqual(repeated, [], 'the next page repeats nothing');
      const km = (r) => Number.parseFloat(r.distance.replace(',', '.'));
      assert.ok(km(second[0]) >= km(first[first.length - 1]), 'the next page goes on from where the first ended');
    } finally {
      await context.close();
    }
  });

  it('made no request beyond the server', () => {
    assert.ok(requests.urls.length > 0);
    assert.deepEqual(requests.offsite(server), []);
  });
});
