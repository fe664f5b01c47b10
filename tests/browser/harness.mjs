// The browser tests' shared setup: a real `recovery-directory serve --demo` on a fresh SQLite
// file with one staff user, Debian's Chromium driven by playwright-core, and helpers for what
// every test checks (axe, screenshots, where requests go).
//
// Every test file starts its own server and browser (`node --test` runs files in separate
// processes), so files never share state and may run in parallel.

import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// The workspace's root folder.
export const WORKSPACE = resolve(here, '..', '..');
// Where screenshots go (kept after the run as test artifacts).
export const ARTIFACTS = resolve(process.env.RD_ARTIFACTS || join(WORKSPACE, 'target', 'browser-artifacts'));
// The Chromium the tests drive: Debian's, never a downloaded one.
export const CHROMIUM = process.env.RD_CHROMIUM || '/usr/bin/chromium';
// A point in Center City, Philadelphia, amid the demo meetings and agencies.
export const DEMO_POINT = { latitude: 39.95, longitude: -75.17 };
// The staff user made before the server starts, to read the report queue.
export const STAFF = { email: 'browser-editor@example.org', password: 'correct horse battery staple' };
// The admin made before the server starts, as the first admin of a real directory is (the
// staff console's users page, invitations).
export const ADMIN = { email: 'browser-admin@example.org', password: 'admin horse battery staple' };
// A phone (iPhone SE sized) and a desktop window.
export const PHONE = { width: 375, height: 667 };
export const DESKTOP = { width: 1280, height: 800 };

const STARTUP_TIMEOUT_MS = 30_000;
// The suite makes many requests a minute from 127.0.0.1; the real limits would refuse them.
const GENEROUS_RATE_LIMITS = {
  RD_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
  RD_RATE_LIMIT_AUTHENTICATED_PER_MINUTE: '1000000',
  RD_RATE_LIMIT_REPORTS_PER_MINUTE: '1000000',
};

// The binary under test: `RD_BINARY`, set by `tests/tests/pages/browser.rs`.
function binary() {
  const path = process.env.RD_BINARY;
  if (!path) {
    throw new Error('RD_BINARY is not set: run the browser tests through `cargo test -p recovery-e2e --test e2e pages::browser`, '
      + 'or set RD_BINARY=/path/to/recovery-directory');
  }
  return path;
}

// The environment for the binary: none of the caller's server variables (`RD_*`,
// `DATABASE_URL`), so a developer's shell cannot change what the tests see.
function serverEnv(extra) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name !== 'DATABASE_URL' && !name.startsWith('RD_')) env[name] = value;
  }
  return { ...env, RD_LOG: 'warn', ...extra };
}

// Runs the binary with `args` and `input` on stdin; resolves with its output, rejects on failure.
function run(args, input) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary(), args, { env: serverEnv({}), stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(output);
      else reject(new Error(`recovery-directory ${args.join(' ')} exited with ${code}:\n${output}`));
    });
    child.stdin.end(input);
  });
}

// A port on 127.0.0.1 that was free a moment ago (`serve` does not report the port it got
// for `:0`, so the tests pick one).
function freePort() {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePromise(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Starts `serve --demo` on a fresh SQLite file with the staff users [`STAFF`] and [`ADMIN`], and
// waits until `/readyz` answers 200. Returns `{ baseUrl, origin, url(path), log(), stop() }`.
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'rd-browser-'));
  const database = `sqlite://${join(dir, 'directory.sqlite3')}`;
  await run(['user', 'add', '--email', STAFF.email, '--role', 'editor', '--password-stdin', '--database', database],
    `${STAFF.password}\n`);
  await run(['user', 'add', '--email', ADMIN.email, '--role', 'admin', '--password-stdin', '--database', database],
    `${ADMIN.password}\n`);
  let lastLog = '';
  // A port picked free may be taken before the server binds it; try a few.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const logPath = join(dir, `server-${port}.log`);
    const logFile = createWriteStream(logPath);
    const child = spawn(binary(), ['serve', '--demo', '--bind', `127.0.0.1:${port}`, '--database', database], {
      // The server's own "serving" line (after it bound the port) tells its answers from those
      // of another test's server that took the port first.
      env: serverEnv({ ...GENEROUS_RATE_LIMITS, RD_LOG: 'warn,recovery_server::server=info' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(logFile);
    child.stderr.pipe(logFile);
    let exited = null;
    child.on('exit', (code, signal) => { exited = { code, signal }; });
    const baseUrl = `http://127.0.0.1:${port}`;
    const log = () => { try { return readFileSync(logPath, 'utf8'); } catch { return ''; } };
    const server = {
      baseUrl,
      origin: baseUrl,
      host: `127.0.0.1:${port}`,
      url: (path) => `${baseUrl}${path}`,
      log,
      async stop() {
        if (exited === null) {
          child.kill('SIGTERM');
          for (let i = 0; i < 100 && exited === null; i += 1) await sleep(50);
          if (exited === null) child.kill('SIGKILL');
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    for (;;) {
      if (exited !== null) break;
      try {
        const response = await fetch(server.url('/readyz'), { signal: AbortSignal.timeout(1000) });
        if (response.status === 200 && log().includes(`serving bind=127.0.0.1:${port}`)) return server;
      } catch { /* not listening yet */ }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`GET /readyz did not answer 200 within ${STARTUP_TIMEOUT_MS} ms:\n${log()}`);
      }
      await sleep(50);
    }
    await sleep(50);
    lastLog = log();
    if (!lastLog.includes('binding')) {
      throw new Error(`recovery-directory serve exited (${JSON.stringify(exited)}) before it was ready:\n${lastLog}`);
    }
  }
  throw new Error(`recovery-directory serve could not bind a port:\n${lastLog}`);
}

// Launches Debian's headless Chromium.
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
}

// Every request a browser context made, to check none left the server.
export class RequestLog {
  constructor() {
    /** @type {string[]} */
    this.urls = [];
  }

  // Records the requests of `context` (every page in it, and service workers).
  watch(context) {
    context.on('request', (request) => this.urls.push(request.url()));
    return this;
  }

  // The requests that went anywhere but `server` (data: and blob: URLs never leave the page).
  offsite(server) {
    return this.urls.filter((url) => {
      const parsed = new URL(url);
      if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || url === 'about:blank') return false;
      return parsed.origin !== server.origin;
    });
  }
}

// A new browser context (window) with `options` (viewport, javaScriptEnabled, geolocation…)
// whose requests are recorded in `requests`.
export async function newContext(browser, server, requests, options = {}) {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: PHONE, ...options });
  requests.watch(context);
  return context;
}

// Saves a full-page screenshot as `ARTIFACTS/NAME.png`.
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// axe-core's source, evaluated over the DevTools protocol: the pages' Content-Security-Policy
// (`script-src 'self'`) rightly refuses an injected <script>, and the tests must not weaken it.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// The WCAG 2.2 AA rule sets the issue asks for.
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// Runs axe-core on the page and returns its serious and critical violations.
export async function axeViolations(page) {
  const present = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!present) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  if (results.passes.length === 0) throw new Error(`axe checked nothing on ${page.url()}`);
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

// Axe violations as a reader wants them: rule, impact, what it means, and each element.
export function formatViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.map((node) => {
      const summary = (node.failureSummary || '').split('\n').map((line) => `        ${line}`).join('\n');
      return `    - ${node.target.join(' ')}\n      ${node.html.slice(0, 200)}\n${summary}`;
    });
    return `  ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes.join('\n')}`;
  }).join('\n');
}

// Waits until `predicate` (run in the page with `arg`) is true; the error names `what`.
export async function waitUntil(page, what, predicate, arg, timeout = 10_000) {
  try {
    await page.waitForFunction(predicate, arg, { timeout });
  } catch (error) {
    throw new Error(`${what}: not true within ${timeout} ms on ${page.url()}\n${error.message.split('\n')[0]}`);
  }
}

// The result items on the page: `{ kind, href, text, join }` each.
export function results(page) {
  return page.$$eval('#results li.result', (items) => items.map((li) => ({
    kind: li.dataset.kind,
    href: li.querySelector('h3 a')?.getAttribute('href') ?? null,
    text: li.textContent.replace(/\s+/g, ' ').trim(),
    join: li.querySelector('a.join')?.getAttribute('href') ?? null,
    distance: li.querySelector('.distance')?.textContent.trim() ?? null,
  })));
}

// `/?lat=…&lng=…` near the demo point, plus `extra` query parameters.
export function nearPath(extra = {}) {
  const query = new URLSearchParams({ lat: String(DEMO_POINT.latitude), lng: String(DEMO_POINT.longitude), ...extra });
  return `/?${query}`;
}

// Signs the staff user in over the API and returns a bearer token.
export async function staffToken(server) {
  const response = await fetch(server.url('/v1/auth/token'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(STAFF),
  });
  if (response.status !== 200) throw new Error(`POST /v1/auth/token: ${response.status} ${await response.text()}`);
  return (await response.json()).access_token;
}

// `GET path` on the API as JSON (with a bearer `token` when given); throws unless 200.
export async function getJson(server, path, token) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  const response = await fetch(server.url(path), { headers });
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}
