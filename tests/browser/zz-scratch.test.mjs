// The staff console (/staff/) in a real browser, JavaScript on as staff mostly have it: the
// tasks staff do (create and edit a meeting, see its history, two tabs editing at once, close a
// report, invite a scoped editor, sign out), each checked where residents and other programs
// see the result (the public page, the search, the API, the Meeting Guide feed), and every
// console page checked with axe, for its weight and at 320 px.
//
// The tests share one server: each works on its own demo meetings (named below) so that none
// depends on what another did, and any of them can run alone (--test-name-pattern).

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import * as H from './harness.mjs';
const newContext = async (browser, server, requests, options = {}) => {
  const context = await H.newContext(browser, server, requests, options);
  await context.route('**/staff/**', (route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.continue();
    const headers = { ...request.headers(), origin: server.origin };
    return route.fetch({ headers, maxRedirects: 0 }).then((response) => route.fulfill({ response }));
  });
  return context;
};
import {
  ADMIN, DESKTOP, RequestLog, STAFF, axeViolations, formatViolations, getJson, launchBrowser, nearPath,
  results, screenshot, staffToken, startServer,
} from './harness.mjs';

// The demo meetings each test works on (one each, so the tests stay independent).
const HISTORY_MEETING = 'Center City Big Book'; // Center City, Tuesday 12:15
const CONFLICT_MEETING = "Society Hill Women's Meeting"; // Society Hill, Wednesday 18:30
const REPORTED_MEETING = 'Germantown Serenity'; // Germantown
const SCOPE_REGION = 'Fishtown';
const IN_SCOPE_MEETING = 'Fishtown Late Night'; // Fishtown
const OUT_OF_SCOPE_MEETING = 'Roxborough Grapevine'; // Roxborough
const AUDIT_MEETING = 'Mount Airy Eleventh Step'; // Mount Airy
const AUDIT_SCOPE_REGION = 'Kensington';
const AUDIT_OUT_OF_SCOPE_MEETING = 'Camden Came to Believe'; // Camden, New Jersey

// Every console page must stay light on a phone's connection.
const HTML_BUDGET = 100_000;
// The narrowest phone the console must be usable on, and the rounding allowed on its width.
const NARROW = { width: 320, height: 640 };
const SCROLL_TOLERANCE = 2;

describe('staff console', () => {
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

  // --- helpers ------------------------------------------------------------------------------

  // Clicks `button` (a form's submit button) and resolves with the response of the page the
  // browser ends on (after any 303), once that page has replaced the old one and loaded.
  async function submit(page, button) {
    const landed = page.waitForResponse((r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame()
      && !(r.status() >= 300 && r.status() < 400));
    const replaced = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
    await button.click();
    const response = await landed;
    await replaced;
    await page.waitForLoadState('load');
    return response;
  }

  // Signs `who` in through the sign-in form at /staff/ and checks the home page shows them.
  async function signIn(page, who) {
    await page.goto('/staff/');
    await page.fill('#f-email', who.email);
    await page.fill('#f-password', who.password);
    const response = await submit(page, page.locator('main form button[type=submit]'));
    assert.equal(response.status(), 200, `signing ${who.email} in: ${await page.locator('main').innerText()}`);
    assert.equal(new URL(page.url()).pathname, '/staff/');
    assert.match(await page.locator('header .who').innerText(), new RegExp(escape(who.email)));
  }

  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  // A new window (browser context) with `who` signed in, and its first page.
  async function signedInPage(who, options = {}) {
    const context = await newContext(browser, server, requests, options);
    const page = await context.newPage();
    await signIn(page, who);
    return { context, page };
  }

  // The published demo meeting named `name`, as the public API gives it.
  async function meetingNamed(name) {
    const { items } = await getJson(server, '/v1/meetings?limit=200');
    const found = items.filter((m) => m.name === name);
    assert.equal(found.length, 1, `one published meeting named ${name}`);
    return found[0];
  }

  // The meeting `id` as the public API gives it now.
  const meetingNow = (id) => getJson(server, `/v1/meetings/${id}`);

  // Retries `check` (which throws until it holds) for a few seconds: the public index and
  // feeds follow a write shortly after, not necessarily at once.
  async function eventually(what, check, timeout = 5_000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      try {
        return await check();
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`${what}: ${error.message}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  // The rows of the history's or the conflict's table of `section` as
  // `{ field, before, after }`: the field, then the two values.
  function diffRows(section) {
    return section.locator('tbody tr').evaluateAll((rows) => rows.map((tr) => ({
      field: tr.querySelector('th').textContent.trim(),
      before: tr.querySelectorAll('td')[0].textContent.trim(),
      after: tr.querySelectorAll('td')[1].textContent.trim(),
      del: tr.querySelector('del')?.textContent.trim() ?? null,
      ins: tr.querySelector('ins')?.textContent.trim() ?? null,
    })));
  }

  // --- the tasks ------------------------------------------------------------------------------

  it('signs in through the form, with a session cookie only the console can read, and keeps its pages out of caches', async () => {
    const context = await newContext(browser, server, requests);
    try {
      const page = await context.newPage();
      // The form's POST as the browser really sends it: under the pages' `Referrer-Policy:
      // no-referrer` browsers send `Origin: null` (Fetch standard), with `Sec-Fetch-Site`.
      const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/staff/sign-in'));
      await page.goto('/staff/');
      await page.fill('#f-email', ADMIN.email);
      await page.fill('#f-password', ADMIN.password);
      const response = await submit(page, page.locator('main form button[type=submit]'));
      const sent = await (await posted).allHeaders();
      assert.equal(response.status(), 200,
        `the sign-in form's POST (Origin: ${sent.origin}, Sec-Fetch-Site: ${sent['sec-fetch-site']}) `
        + `was answered ${response.status()}: ${await page.locator('main').innerText()}`);
      assert.equal(new URL(page.url()).pathname, '/staff/');
      assert.match(await page.locator('header .who').innerText(), new RegExp(escape(ADMIN.email)));
      assert.ok(await page.locator('ul.counts').isVisible(), 'the home page with its counts');
      const session = (await context.cookies()).find((c) => c.name === 'rd_staff');
      assert.ok(session, 'the rd_staff cookie is set');
      assert.equal(session.httpOnly, true, 'HttpOnly');
      assert.equal(session.sameSite, 'Strict', 'SameSite=Strict');
      assert.equal(session.path, '/staff', 'Path=/staff');
      for (const path of ['/staff/', '/staff/meetings', '/staff/reports', '/staff/users']) {
        const answer = await page.goto(path);
        assert.equal(answer.status(), 200, path);
        assert.match(answer.headers()['cache-control'] ?? '', /no-store/, `${path}: Cache-Control`);
        assert.equal(await page.locator('form.sign-out button').count(), 1, `${path}: a Sign out button`);
      }
    } finally {
      await context.close();
    }
  });

  it('refuses a wrong password on the sign-in form, keeping the email typed', async () => {
    const context = await newContext(browser, server, requests);
    try {
      const page = await context.newPage();
      await page.goto('/staff/');
      await page.fill('#f-email', ADMIN.email);
      await page.fill('#f-password', 'not the password at all');
      const response = await submit(page, page.locator('main form button[type=submit]'));
      assert.equal(response.status(), 401, `the refusal: ${await page.locator('main').innerText()}`);
      await assert.doesNotReject(page.locator('#error-summary').waitFor({ state: 'visible', timeout: 1000 }));
      assert.equal(await page.inputValue('#f-email'), ADMIN.email);
      assert.equal(await page.locator('form.sign-out').count(), 0, 'not signed in');
    } finally {
      await context.close();
    }
  });

  // --- every page: axe, weight, 320 px ------------------------------------------------------

  // Before the tasks below, so that the home page shows the demo's own recent changes (the
  // agencies' services, loaded last): the state of a directory just set up.
  it('has every console page light, usable at 320 px, and free of serious or critical axe violations', async () => {
    const failures = [];
    const seen = [];

    // Checks the page `page` shows now, reached with `response` (expected `status`).
    async function audit(page, name, response, status = 200) {
      seen.push(name);
      const where = `${name} (${new URL(page.url()).pathname})`;
      if (response.status() !== status) failures.push(`${where}: status ${response.status()}, expected ${status}`);
      if (!/no-store/.test(response.headers()['cache-control'] ?? '')) failures.push(`${where}: not Cache-Control: no-store`);
      const bytes = (await response.body()).length;
      if (bytes > HTML_BUDGET) failures.push(`${where}: ${bytes} bytes of HTML, over ${HTML_BUDGET}`);
      // Every entry of an error summary leads to a field on the page.
      const dangling = await page.$$eval('#error-summary a', (as) => as.map((a) => a.getAttribute('href'))
        .filter((href) => !href?.startsWith('#') || !document.getElementById(href.slice(1))));
      if (dangling.length > 0) failures.push(`${where}: the error summary links to no field: ${dangling.join(', ')}`);
      await page.setViewportSize(NARROW);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > NARROW.width + SCROLL_TOLERANCE) {
        await screenshot(page, `console-320-${name.replace(/\W+/g, '-')}`);
        failures.push(`${where}: ${width} px wide in a ${NARROW.width} px window`);
      }
      for (const viewport of [NARROW, DESKTOP]) {
        await page.setViewportSize(viewport);
        const violations = await axeViolations(page);
        if (violations.length > 0) failures.push(`${where} at ${viewport.width} px:\n${formatViolations(violations)}`);
      }
      await page.setViewportSize(NARROW);
    }

    const goto = async (page, name, path, status = 200) => audit(page, name, await page.goto(path), status);
    const mount = await meetingNamed(AUDIT_MEETING);
    const camden = await meetingNamed(AUDIT_OUT_OF_SCOPE_MEETING);

    // Signed out: the sign-in form, and refused.
    const context = await newContext(browser, server, requests, { viewport: NARROW });
    const page = await context.newPage();
    try {
      await goto(page, 'sign-in', '/staff/');
      await page.fill('#f-email', ADMIN.email);
      await page.fill('#f-password', 'wrong password, twice wrong');
      await audit(page, 'sign-in refused', await submit(page, page.locator('main form button[type=submit]')), 401);

      // The admin's pages.
      await signIn(page, ADMIN);
      await goto(page, 'home', '/staff/');
      await goto(page, 'meetings', '/staff/meetings');
      await goto(page, 'meetings filtered', '/staff/meetings?status=published&day=0&sort=day');
      await goto(page, 'new meeting', '/staff/meetings/new');
      await page.fill('#f-name', 'Audit form with errors');
      await page.fill('#f-time', '25:99');
      await page.fill('#f-location-latitude', 'north');
      await page.fill('#f-contacts-0--email', 'not an email');
      await audit(page, 'new meeting with errors', await submit(page, page.locator('#meeting-form button[type=submit]')), 422);
      await goto(page, 'edit meeting', `/staff/meetings/${mount.id}`);
      await page.fill('#f-time', '');
      await audit(page, 'edit meeting with errors', await submit(page, page.locator('#meeting-form button[type=submit]')), 422);
      await page.goto(`/staff/meetings/${mount.id}`);
      await page.fill('#f-time', '18:05');
      await audit(page, 'edit meeting saved', await submit(page, page.locator('#meeting-form button[type=submit]')));
      // Two tabs: the second one's save is refused, with both versions side by side.
      const tab = await context.newPage();
      await tab.goto(`/staff/meetings/${mount.id}`);
      await page.goto(`/staff/meetings/${mount.id}`);
      await page.fill('#f-time', '18:10');
      await submit(page, page.locator('#meeting-form button[type=submit]'));
      await tab.fill('#f-time', '18:20');
      await audit(tab, 'edit meeting in conflict', await submit(tab, tab.locator('#meeting-form button[type=submit]')), 409);
      await tab.close();
      await goto(page, 'history', `/staff/meetings/${mount.id}/history`);
      await goto(page, 'preview', `/staff/meetings/${mount.id}/preview`);
      // The queue with a report in it, and a closing the server refuses (not a change number).
      const created = await fetch(server.url('/v1/reports'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ listing_kind: 'meeting', listing_id: mount.id, reason: 'closed', message: 'Audit: the hall is shut.' }),
      });
      assert.equal(created.status, 201);
      const report = await created.json();
      await goto(page, 'reports', '/staff/reports');
      const section = page.locator(`section#report-${report.id}`);
      await section.locator('input[name=change_seq]').fill('the last one');
      await audit(page, 'reports with an error', await submit(page, section.locator('button[name=status][value=resolved]')), 422);
      await goto(page, 'closed reports', '/staff/reports?closed=1');
      await goto(page, 'sources', '/staff/sources');
      await goto(page, 'duplicates', '/staff/duplicates');
      await goto(page, 'password', '/staff/password');
      await page.fill('#f-current_password', 'not my password at all');
      await page.fill('#f-new_password', 'another long password');
      await audit(page, 'password refused', await submit(page, page.locator('main form button[type=submit]')), 422);
      // A new password the server refuses (too short), as a browser without form checks sends it.
      await page.fill('#f-current_password', ADMIN.password);
      await page.fill('#f-new_password', 'short');
      await page.evaluate(() => document.querySelector('#f-new_password').removeAttribute('minlength'));
      await audit(page, 'password too short', await submit(page, page.locator('main form button[type=submit]')), 422);
      await goto(page, 'not found', '/staff/meetings/00000000-0000-0000-0000-000000000000', 404);
      await goto(page, 'users', '/staff/users');
      const invitee = { email: `audit-${randomUUID().slice(0, 8)}@example.org`, password: 'audit password, long enough' };
      await page.fill('#invite [name=email]', invitee.email);
      await page.check('#invite input[name=role][value=editor]');
      await page.fill('#invite textarea[name=scope_regions]', AUDIT_SCOPE_REGION);
      await audit(page, 'users with an issued link', await submit(page, page.locator('#invite button[type=submit]')));
      const link = await page.inputValue('#issued-link');
      const linkPath = link.slice(link.indexOf('/staff/link/'));

      // The invitee: the link's page, their home, and a meeting outside their scope.
      const other = await newContext(browser, server, requests, { viewport: NARROW });
      try {
        const theirs = await other.newPage();
        await goto(theirs, 'link', linkPath);
        await theirs.fill('input[name=password]', 'short');
        await theirs.evaluate(() => document.querySelector('input[name=password]').removeAttribute('minlength'));
        await audit(theirs, 'link with a refused password', await submit(theirs, theirs.locator('main form button[type=submit]')), 422);
        await theirs.fill('input[name=password]', invitee.password);
        await audit(theirs, 'home of a scoped editor', await submit(theirs, theirs.locator('main form button[type=submit]')));
        await goto(theirs, 'forbidden (out of scope)', `/staff/meetings/${camden.id}`, 403);
        await goto(theirs, 'link used up', linkPath, 404);
      } finally {
        await other.close();
      }
    } finally {
      await context.close();
    }
    assert.ok(seen.length >= 20, `audited ${seen.length} pages`);
    assert.equal(failures.length, 0, `console pages with problems:\n${failures.join('\n')}`);
  });

  // --- the tasks, continued ----------------------------------------------------------------

  it('creates a meeting: a mistake is shown at the top and beside its field, then it is published everywhere', async () => {
    const { context, page } = await signedInPage(ADMIN);
    try {
      const name = `Console Created ${randomUUID().slice(0, 8)}`;
      // A few metres from the demo point, so that the resident's search near it finds it first.
      const latitude = '39.9501';
      const longitude = '-75.1701';
      await page.goto('/staff/meetings');
      await Promise.all([page.waitForURL(/\/staff\/meetings\/new$/), page.click('main a[href="/staff/meetings/new"]')]);

      await page.fill('#f-name', name);
      await page.selectOption('#f-status', 'published');
      await page.selectOption('#f-day', '3'); // Wednesday
      await page.fill('#f-time', '7pm'); // the mistake: the form wants 24-hour "HH:MM"
      await page.fill('#f-end_time', '20:00');
      await page.check('input[name=types][value=O]');
      await page.fill('#f-location-name', 'Console Test Hall');
      await page.fill('#f-location-address', '1500 Market St');
      await page.fill('#f-location-city', 'Philadelphia');
      await page.fill('#f-location-state', 'PA');
      await page.fill('#f-location-postal_code', '19102');
      await page.fill('#f-location-latitude', latitude);
      await page.fill('#f-location-longitude', longitude);
      await page.fill('#f-location-regions', 'Pennsylvania\nPhiladelphia\nCenter City');
      // A private contact: staff see it, residents and the API never do.
      await page.fill('#f-contacts-0--email', 'secretary@example.org');

      let response = await submit(page, page.locator('#meeting-form button[type=submit]'));
      assert.equal(response.status(), 422, 'the form comes back with its problem');
      await screenshot(page, 'console-meeting-errors');
      // The summary at the top links to the field; the message is beside the field too.
      const summary = page.locator('#error-summary');
      assert.ok(await summary.isVisible(), 'the error summary is shown');
      const links = await summary.locator('a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent })));
      assert.deepEqual(links.map((l) => l.href), ['#f-time'], `the summary names only the time: ${JSON.stringify(links)}`);
      assert.equal(await page.locator('#f-time').getAttribute('aria-invalid'), 'true');
      const beside = page.locator('#f-time-error.field-error');
      assert.ok(await beside.isVisible(), 'the message beside the time field');
      assert.equal(await page.locator('#f-time').getAttribute('aria-describedby'), 'f-time-error');
      assert.ok((await beside.innerText()).trim().length > 0);
      assert.equal(await page.locator('.field-error').count(), 1, 'no other field is marked');
      // Following the summary's link lands on the field.
      await summary.locator('a[href="#f-time"]').click();
      assert.equal(new URL(page.url()).hash, '#f-time');
      assert.ok(await page.locator('#f-time').isVisible());
      // What was typed is all still there.
      assert.equal(await page.inputValue('#f-name'), name);
      assert.equal(await page.inputValue('#f-time'), '7pm');
      assert.equal(await page.inputValue('#f-end_time'), '20:00');
      assert.equal(await page.inputValue('#f-day'), '3');
      assert.equal(await page.inputValue('#f-status'), 'published');
      assert.equal(await page.inputValue('#f-location-city'), 'Philadelphia');
      assert.equal(await page.inputValue('#f-location-latitude'), latitude);
      assert.equal(await page.inputValue('#f-location-regions'), 'Pennsylvania\nPhiladelphia\nCenter City');
      assert.equal(await page.inputValue('#f-contacts-0--email'), 'secretary@example.org');
      assert.ok(await page.isChecked('input[name=types][value=O]'), 'the ticked type is still ticked');

      // Fixed, saved: the edit page of the new meeting says so.
      await page.fill('#f-time', '19:00');
      response = await submit(page, page.locator('#meeting-form button[type=submit]'));
      assert.equal(response.status(), 200);
      const url = new URL(page.url());
      const match = url.pathname.match(/^\/staff\/meetings\/([0-9a-f-]{36})$/);
      assert.ok(match, `the new meeting's page: ${url}`);
      const id = match[1];
      assert.equal(await page.locator('#error-summary').count(), 0);
      assert.equal(await page.locator('.notice-ok').innerText(), 'Meeting created.');
      assert.equal(await page.inputValue('#f-time'), '19:00');
      assert.equal(await page.inputValue('#f-contacts-0--email'), 'secretary@example.org', 'staff see the contact');
      const publicHref = await page.locator('.meeting-actions a', { hasText: 'View the public page' }).getAttribute('href');
      assert.match(publicHref, /^\/meetings\/[a-z0-9-]+$/);
      const slug = publicHref.slice('/meetings/'.length);

      // The resident's page.
      const publicPage = await context.newPage();
      const detail = await publicPage.goto(publicHref);
      assert.equal(detail.status(), 200, `GET ${publicHref}`);
      assert.match(await publicPage.locator('h1').innerText(), new RegExp(escape(name)));
      assert.ok(!(await publicPage.content()).includes('secretary@example.org'), 'the private contact is not on the public page');
      // The resident's search near the demo point.
      await eventually('the search near the demo point lists it', async () => {
        await publicPage.goto(nearPath({ show: 'meetings' }));
        const found = await results(publicPage);
        assert.ok(found.some((r) => r.text.includes(name)), `not among ${found.length} results`);
      });
      await publicPage.close();

      // The API: searched by its exact name, and read by id.
      const listed = await eventually('the API search finds it', async () => {
        const { items } = await getJson(server, `/v1/meetings?q=${encodeURIComponent(name)}&limit=200`);
        const mine = items.filter((m) => m.name === name);
        assert.equal(mine.length, 1, `found ${items.map((m) => m.name)}`);
        return mine[0];
      });
      assert.equal(listed.id, id);
      const stored = await meetingNow(id);
      assert.equal(stored.slug, slug);
      assert.equal(stored.status, 'published');
      assert.equal(stored.day, 3);
      assert.equal(stored.time, '19:00');
      assert.equal(stored.end_time, '20:00');
      assert.deepEqual(stored.types, ['O']);
      assert.equal(stored.location.city, 'Philadelphia');
      assert.deepEqual(stored.location.regions, ['Pennsylvania', 'Philadelphia', 'Center City']);
      assert.equal(stored.location.latitude, Number(latitude));
      assert.ok(!JSON.stringify(stored).includes('secretary@example.org'), 'the private contact is not in the public API');

      // The Meeting Guide feed (an array of meetings).
      const entry = await eventually('the Meeting Guide feed lists it', async () => {
        const feed = await getJson(server, '/feeds/meeting-guide.json');
        assert.ok(Array.isArray(feed), 'the feed is an array');
        const mine = feed.filter((m) => m.name === name);
        assert.equal(mine.length, 1, 'once in the feed');
        return mine[0];
      });
      assert.equal(entry.slug, slug);
      assert.equal(entry.day, 3);
      assert.equal(entry.time, '19:00');
      assert.ok(!JSON.stringify(entry).includes('secretary@example.org'), 'the private contact is not in the feed');
    } finally {
      await context.close();
    }
  });

  it("edits a meeting's time and shows the change in its history", async () => {
    const meeting = await meetingNamed(HISTORY_MEETING);
    assert.equal(meeting.time, '12:15', 'the demo meeting starts at 12:15');
    const { context, page } = await signedInPage(ADMIN);
    try {
      // Found the way staff find it: the list's search, then its name.
      await page.goto(`/staff/meetings?q=${encodeURIComponent(HISTORY_MEETING)}`);
      await Promise.all([
        page.waitForURL(new RegExp(`/staff/meetings/${meeting.id}$`)),
        page.locator('#meetings a', { hasText: HISTORY_MEETING }).click(),
      ]);
      assert.equal(await page.inputValue('#f-time'), '12:15');
      await page.fill('#f-time', '12:30');
      const response = await submit(page, page.locator('#meeting-form button[type=submit]'));
      assert.equal(response.status(), 200);
      assert.equal(await page.locator('.notice-ok').innerText(), 'Saved.');
      assert.equal(await page.inputValue('#f-time'), '12:30');
      assert.equal((await meetingNow(meeting.id)).time, '12:30', 'the API has the new time');

      await Promise.all([
        page.waitForURL(new RegExp(`/staff/meetings/${meeting.id}/history$`)),
        page.locator('.meeting-actions a', { hasText: 'History' }).click(),
      ]);
      await screenshot(page, 'console-history');
      // Newest first: the first entry is this edit, with the old time struck and the new one inserted.
      const newest = page.locator('section.change').first();
      const rows = await diffRows(newest);
      const time = rows.find((r) => r.field === 'time');
      assert.ok(time, `the newest change has a time row: ${JSON.stringify(rows)}`);
      assert.equal(time.del, '12:15', 'the old time in <del>');
      assert.equal(time.ins, '12:30', 'the new time in <ins>');
      assert.deepEqual(rows.map((r) => r.field), ['time'], `only the time changed: ${JSON.stringify(rows)}`);
      assert.match(await newest.locator('h2').innerText(), new RegExp(escape(ADMIN.email)), 'who made it');
    } finally {
      await context.close();
    }
  });

  it('refuses the second of two tabs saving the same meeting (409), overwriting nothing', async () => {
    const meeting = await meetingNamed(CONFLICT_MEETING);
    const { context, page: first } = await signedInPage(ADMIN);
    try {
      const second = await context.newPage();
      await first.goto(`/staff/meetings/${meeting.id}`);
      await second.goto(`/staff/meetings/${meeting.id}`);
      assert.equal(await first.inputValue('#f-time'), '18:30');

      // Both change the time (differently); the second also changes the notes.
      await first.fill('#f-time', '18:45');
      await second.fill('#f-time', '19:15');
      await second.fill('#f-notes', 'Written in the second tab');
      const saved = await submit(first, first.locator('#meeting-form button[type=submit]'));
      assert.equal(saved.status(), 200);
      assert.equal(await first.locator('.notice-ok').innerText(), 'Saved.');

      const refused = await submit(second, second.locator('#meeting-form button[type=submit]'));
      assert.equal(refused.status(), 409, 'the second save is refused');
      await screenshot(second, 'console-conflict');
      assert.ok(await second.locator('#conflict').isVisible(), 'the two versions side by side');
      const headings = await second.locator('#conflict thead th').allInnerTexts();
      assert.deepEqual(headings.map((h) => h.trim()), ['Field', 'Saved now', 'Yours (not saved)']);
      const rows = await diffRows(second.locator('#conflict'));
      const time = rows.find((r) => r.field === 'time');
      assert.deepEqual(time && { saved: time.before, yours: time.after }, { saved: '18:45', yours: '19:15' },
        `the time row: ${JSON.stringify(rows)}`);
      assert.ok(rows.some((r) => r.field === 'notes' && r.after === 'Written in the second tab'), 'the notes row');
      // The second tab's changes are kept in the form, to save again knowingly.
      assert.equal(await second.inputValue('#f-time'), '19:15');
      assert.equal(await second.inputValue('#f-notes'), 'Written in the second tab');

      const stored = await meetingNow(meeting.id);
      assert.equal(stored.time, '18:45', "the first tab's time stands");
      assert.equal(stored.notes ?? null, meeting.notes ?? null, "the second tab's notes were not saved");
    } finally {
      await context.close();
    }
  });

  it('resolves a problem report with a note: it leaves the open queue and is listed as closed', async () => {
    const meeting = await meetingNamed(REPORTED_MEETING);
    const message = `console test ${randomUUID()}: it starts at 10:30 now`;
    const created = await fetch(server.url('/v1/reports'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ listing_kind: 'meeting', listing_id: meeting.id, reason: 'wrong_time', message }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const report = await created.json();

    // An editor (not an admin) works the queue.
    const { context, page } = await signedInPage(STAFF);
    try {
      await Promise.all([page.waitForURL(/\/staff\/reports$/), page.click('nav.staff-nav a[href="/staff/reports"]')]);
      const section = page.locator(`section#report-${report.id}`);
      assert.ok(await section.isVisible(), 'the report is in the open queue');
      assert.match(await section.innerText(), new RegExp(escape(message)));
      assert.match(await section.locator('h2').innerText(), new RegExp(escape(REPORTED_MEETING)));
      await section.locator('textarea[name=note]').fill('Called the group: time corrected.');
      const response = await submit(page, section.locator('button[name=status][value=resolved]'));
      assert.equal(response.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/staff/reports');
      assert.equal(await page.locator('.notice-ok').innerText(), 'Report closed.');
      assert.equal(await page.locator(`section#report-${report.id}`).count(), 0, 'gone from the open queue');

      await Promise.all([page.waitForURL(/closed=1/), page.click('main a[href="/staff/reports?closed=1"]')]);
      const closed = page.locator(`section#report-${report.id}`);
      assert.ok(await closed.isVisible(), 'listed among the closed reports');
      const text = await closed.innerText();
      assert.match(text, /resolved/);
      assert.match(text, /Called the group: time corrected\./);
      assert.equal(await closed.locator('form').count(), 0, 'a closed report has nothing left to do');

      const token = await staffToken(server);
      const { items } = await getJson(server, `/v1/reports?listing_id=${meeting.id}&limit=200`, token);
      const stored = items.find((r) => r.id === report.id);
      assert.equal(stored?.status, 'resolved');
      assert.equal(stored?.note, 'Called the group: time corrected.');
    } finally {
      await context.close();
    }
  });

  it('invites an editor scoped to a region, who signs in through the link and may touch only that region', async () => {
    const inside = await meetingNamed(IN_SCOPE_MEETING);
    const outside = await meetingNamed(OUT_OF_SCOPE_MEETING);
    assert.ok(inside.location.regions.includes(SCOPE_REGION) && !outside.location.regions.includes(SCOPE_REGION));
    const invitee = { email: `invited-${randomUUID().slice(0, 8)}@example.org`, password: 'a long enough password 1' };

    // The admin invites them and gets the link to pass on.
    const admin = await signedInPage(ADMIN);
    let linkPath;
    try {
      const { page } = admin;
      await Promise.all([page.waitForURL(/\/staff\/users$/), page.click('nav.staff-nav a[href="/staff/users"]')]);
      const invite = page.locator('form#invite');
      await invite.locator('[name=email]').fill(invitee.email);
      await invite.locator('input[name=role][value=editor]').check();
      await invite.locator('textarea[name=scope_regions]').fill(SCOPE_REGION);
      const response = await submit(page, invite.locator('button[type=submit]'));
      assert.equal(response.status(), 200);
      const link = await page.inputValue('#issued-link');
      // The link is absolute on the directory's public URL, which need not be this server's.
      const at = link.indexOf('/staff/link/');
      assert.ok(at > 0 && /^https?:\/\//.test(link), `an absolute link: ${link}`);
      linkPath = link.slice(at);
      const row = page.locator('#users tbody tr', { hasText: invitee.email });
      assert.match(await row.innerText(), /editor/);
      assert.match(await row.innerText(), new RegExp(SCOPE_REGION));
    } finally {
      await admin.context.close();
    }

    // The invitee, in a browser of their own, chooses a password and is signed in.
    const context = await newContext(browser, server, requests);
    try {
      const page = await context.newPage();
      const linkResponse = await page.goto(linkPath);
      assert.equal(linkResponse.status(), 200);
      assert.match(await page.locator('main').innerText(), new RegExp(escape(invitee.email)));
      await page.fill('input[name=password]', invitee.password);
      const landed = await submit(page, page.locator('main form button[type=submit]'));
      assert.equal(landed.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/staff/');
      assert.match(await page.locator('header .who').innerText(), new RegExp(escape(invitee.email)));
      assert.equal(await page.locator('nav.staff-nav a[href="/staff/users"]').count(), 0, 'no users page for an editor');
      const csrf = await page.locator('form.sign-out input[name=csrf]').inputValue();

      // Their meeting list holds their region only.
      await page.goto('/staff/meetings');
      const regions = await page.locator('#meetings tbody tr td:nth-child(3)').allInnerTexts();
      assert.ok(regions.length > 0 && regions.every((r) => r.includes(SCOPE_REGION)), `only ${SCOPE_REGION}: ${regions}`);

      // A meeting of another region: not shown…
      for (const path of [`/staff/meetings/${outside.id}`, `/staff/meetings/${outside.id}/history`]) {
        const response = await page.goto(path);
        assert.equal(response.status(), 403, `GET ${path}`);
        assert.equal(await page.locator('h1').innerText(), 'Not allowed');
        assert.equal(await page.locator('#meeting-form').count(), 0);
      }
      // …nor changed by a form made by hand with a good token from their own page.
      const form = {
        csrf,
        updated_at: outside.updated_at,
        name: 'Taken over by another region',
        program: outside.program,
        status: 'published',
        day: String(outside.day),
        time: '06:00',
        'location.address': outside.location.address,
        'location.city': outside.location.city,
        'location.latitude': String(outside.location.latitude),
        'location.longitude': String(outside.location.longitude),
        'location.regions': outside.location.regions.join('\n'),
      };
      // (Refused for the scope, not for the token: the stale-form page is another 403.)
      const stale = 'This form has expired';
      const crafted = await page.request.post(server.url(`/staff/meetings/${outside.id}`), { form, maxRedirects: 0 });
      assert.equal(crafted.status(), 403, 'the crafted save is refused');
      assert.ok(!(await crafted.text()).includes(stale), 'refused for the scope, not the token');
      const archive = await page.request.post(server.url(`/staff/meetings/${outside.id}/archive`), { form: { csrf }, maxRedirects: 0 });
      assert.equal(archive.status(), 403, 'the crafted archive is refused');
      assert.ok(!(await archive.text()).includes(stale), 'refused for the scope, not the token');
      const unchanged = await meetingNow(outside.id);
      assert.equal(unchanged.name, OUT_OF_SCOPE_MEETING);
      assert.equal(unchanged.time, outside.time);
      assert.equal(unchanged.status, 'published');
      assert.equal(unchanged.updated_at, outside.updated_at);

      // A meeting in their region: edited and saved.
      await page.goto(`/staff/meetings/${inside.id}`);
      await page.fill('#f-notes', 'Checked by the Fishtown editor.');
      const saved = await submit(page, page.locator('#meeting-form button[type=submit]'));
      assert.equal(saved.status(), 200);
      assert.equal(await page.locator('.notice-ok').innerText(), 'Saved.');
      assert.equal((await meetingNow(inside.id)).notes, 'Checked by the Fishtown editor.');

      // The link worked once.
      const again = await page.goto(linkPath);
      assert.equal(again.status(), 404, 'a used link does not work again');
    } finally {
      await context.close();
    }
  });

  it('shows no staff data on the back button after signing out', async () => {
    const { context, page } = await signedInPage(ADMIN);
    try {
      await page.goto('/staff/meetings');
      assert.ok(await page.locator('#meetings').isVisible());
      const session = (await context.cookies()).find((c) => c.name === 'rd_staff');
      const response = await submit(page, page.locator('form.sign-out button'));
      assert.equal(response.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/staff/');
      assert.ok(await page.locator('#f-password').isVisible(), 'the sign-in form after signing out');

      await page.goBack();
      await page.waitForLoadState('load');
      await screenshot(page, 'console-after-sign-out-back');
      assert.equal(await page.locator('#meetings').count(), 0, 'the meetings table is not shown again');
      assert.equal(await page.locator('form.sign-out').count(), 0, 'no signed-in header');
      const body = await page.locator('body').innerText();
      assert.ok(!body.includes(ADMIN.email), "the admin's email is not shown");
      assert.ok(!body.includes(CONFLICT_MEETING), 'no meeting names are shown');

      // The session is over on the server too: its old cookie opens nothing.
      const replay = await fetch(server.url('/staff/meetings'), {
        headers: { cookie: `rd_staff=${session.value}` },
        redirect: 'manual',
      });
      assert.equal(replay.status, 303, 'the old session cookie is sent back to sign in');
      assert.equal(replay.headers.get('location'), '/staff/');
    } finally {
      await context.close();
    }
  });

  it('made no request beyond the server', () => {
    assert.deepEqual(requests.offsite(server), []);
  });
});
