import { startServer, ADMIN, launchBrowser, newContext, RequestLog, axeViolations, formatViolations } from './harness.mjs';
const server = await startServer();
const browser = await launchBrowser();
const ctx = await newContext(browser, server, new RequestLog(), { viewport: { width: 320, height: 640 } });
await ctx.route('**/staff/**', (route) => {
  const request = route.request();
  if (request.method() !== 'POST') return route.continue();
  return route.fetch({ headers: { ...request.headers(), origin: server.origin }, maxRedirects: 0 }).then((response) => route.fulfill({ response }));
});
const page = await ctx.newPage();
await page.goto('/staff/');
await page.fill('#f-email', ADMIN.email); await page.fill('#f-password', ADMIN.password);
await Promise.all([page.waitForURL(/\/staff\/$/), page.click('main form button')]);
await page.waitForLoadState('load');
console.log((await page.locator('main table').innerText()).split('\n').slice(0,6).join('\n'));
console.log('links in table', await page.locator('main table a').count(), 'scrollWidth of wrap', await page.evaluate(() => { const w = document.querySelector('.table-wrap'); return [w.scrollWidth, w.clientWidth]; }));
await browser.close();
await server.stop();
