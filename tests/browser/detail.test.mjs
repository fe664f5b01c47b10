// Detail pages for a meeting and a service, and their "add to calendar" files.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  DESKTOP, PHONE, RequestLog, getJson, launchBrowser, nearPath, newContext, results, screenshot, startServer,
} from './harness.mjs';
import { WEEKDAYS, checkCalendar, prop, rrule } from './ics.mjs';

describe('detail pages', () => {
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

  // Fetches the page's "add to calendar" file the way the browser would, and checks it.
  async function calendarOf(page, expectedHref) {
    const href = await page.getAttribute('#add-to-calendar', 'href');
    assert.equal(href, expectedHref, 'the add-to-calendar link');
    const response = await page.request.get(new URL(href, page.url()).toString());
    assert.equal(response.status(), 200, `GET ${href}`);
    assert.match(response.headers()['content-type'] ?? '', /^text\/calendar/, `${href} is text/calendar`);
    return response.text();
  }

  for (const [size, viewport] of [['375', PHONE], ['1280', DESKTOP]]) {
    it(`opens a meeting from the results and adds it to a calendar (${size} px)`, async () => {
      const context = await newContext(browser, server, requests, { viewport });
      try {
        const page = await context.newPage();
        await page.goto(nearPath({ show: 'meetings' }));
        const first = (await results(page)).find((r) => r.kind === 'meeting');
        assert.ok(first, 'a meeting among the results');
        await Promise.all([page.waitForURL(/\/meetings\//), page.click(`#results li.result[data-kind=meeting] h3 a[href="${first.href}"]`)]);
        const slug = decodeURIComponent(new URL(page.url()).pathname.replace('/meetings/', ''));
        const meeting = await getJson(server, `/v1/meetings/${encodeURIComponent(slug)}`);
        assert.equal(await page.locator('h1').count(), 1, 'one h1');
        assert.match(await page.textContent('h1'), new RegExp(meeting.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        await screenshot(page, `meeting-${size}`);

        const text = await calendarOf(page, `/meetings/${slug}.ics`);
        const [event, ...more] = checkCalendar(text);
        assert.equal(more.length, 0, 'one weekly event for a meeting');
        const start = prop(event, 'DTSTART');
        assert.equal(start.params.TZID, meeting.timezone, 'in the meeting\'s own zone');
        assert.equal(rrule(event).BYDAY, WEEKDAYS[meeting.day], `weekly on day ${meeting.day}`);
        assert.equal(start.value.slice(9, 13), meeting.time.replace(':', ''), 'starts at the meeting\'s time');
        const summary = prop(event, 'SUMMARY').value.replace(/\\([,;\\])/g, '$1');
        assert.ok(summary.includes(meeting.name), `named after the meeting: ${summary}`);
      } finally {
        await context.close();
      }
    });

    it(`opens a service from the results and adds its hours to a calendar (${size} px)`, async () => {
      const context = await newContext(browser, server, requests, { viewport });
      try {
        const page = await context.newPage();
        await page.goto(nearPath({ show: 'services', radius_km: '50' }));
        const found = (await results(page)).filter((r) => r.kind === 'service');
        assert.ok(found.length > 0, 'services among the results');
        // The nearest service with weekly opening hours.
        let chosen = null;
        for (const result of found) {
          const id = result.href.replace(/^\/services\//, '').replace(/[?#].*$/, '');
          const service = await getJson(server, `/v1/services/${id}`);
          if (service.schedules.some((s) => s.freq === 'WEEKLY' && s.opens_at && s.byday)) {
            chosen = { result, id, service };
            break;
          }
        }
        assert.ok(chosen, 'a service with weekly hours near the demo point');
        await Promise.all([page.waitForURL(/\/services\//), page.click(`#results h3 a[href="${chosen.result.href}"]`)]);
        assert.equal(await page.locator('h1').count(), 1, 'one h1');
        assert.match(await page.textContent('h1'), new RegExp(chosen.service.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        await screenshot(page, `service-${size}`);

        const text = await calendarOf(page, `/services/${chosen.id}.ics`);
        const events = checkCalendar(text, { weeklyOnly: false });
        const weekly = (list) => new Set(list.flatMap((d) => d.split(',')));
        const icsDays = weekly(events.map(rrule).filter((r) => r.FREQ === 'WEEKLY').map((r) => r.BYDAY));
        const apiDays = weekly(chosen.service.schedules.filter((s) => s.freq === 'WEEKLY' && s.opens_at && s.byday).map((s) => s.byday));
        assert.deepEqual([...icsDays].sort(), [...apiDays].sort(), 'the calendar covers the service\'s weekly days');
      } finally {
        await context.close();
      }
    });
  }

  it('links directions to openstreetmap.org, never an embedded map', async () => {
    const context = await newContext(browser, server, requests, { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(nearPath());
      const links = await page.$$eval('#results a.directions', (as) => as.map((a) => a.getAttribute('href')));
      assert.ok(links.length > 0, 'directions links');
      for (const href of links) {
        assert.match(href, /^(https:\/\/www\.openstreetmap\.org\/directions\?|geo:)/, href);
      }
      assert.equal(await page.locator('iframe, #results img[src^="http"]').count(), 0, 'no embedded map');
    } finally {
      await context.close();
    }
  });

  it('made no request beyond the server', () => {
    assert.deepEqual(requests.offsite(server), []);
  });
});
