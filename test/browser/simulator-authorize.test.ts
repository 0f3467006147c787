/**
 * The simulator's authorize pages in a real browser (Debian's headless Chromium through
 * playwright-core): log in, consent, and land on the app's redirect URI with a code and the same
 * state; then Deny in the same browser (the session cookie skips the login page).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { SimApp } from '../../src/simulator/apps.js';
import { SESSION_COOKIE } from '../../src/simulator/identity/sessions.js';
import { browserSkip, launchChromium } from '../helpers/browser.js';
import { authorizeUrl, createPkcePair, exchangeCode } from '../helpers/oauth-flow.js';

const SCOPES = ['openid', 'profile', 'email', 'offline_access', 'accounting.settings'];

describe('authorize pages in Chromium', { skip: browserSkip() }, () => {
  let sim: Simulator;
  let app: Server;
  let callback: string;
  let browser: Browser;
  let context: BrowserContext;
  /** Paths (with query) the app's redirect URI received. */
  const arrivals: string[] = [];

  before(async () => {
    // The "app": a tiny server at the redirect URI that just says thanks.
    app = createServer((req, res) => {
      // Chromium also asks for /favicon.ico; only count the redirects.
      if (req.url?.startsWith('/callback')) arrivals.push(req.url);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Back in the app</title><p id="done">Signed in</p>');
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    callback = `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`;
    sim = await startSimulator({ seed: 1, extraRedirectUris: [callback] });
    browser = await launchChromium();
    context = await browser.newContext();
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await sim?.close();
    await new Promise<void>((resolve) => (app ? app.close(() => resolve()) : resolve()));
  });

  function appOf(kind: SimApp['kind']): SimApp {
    const found = sim.appRegistry.find((a) => a.kind === kind);
    if (!found) throw new Error(`no ${kind} app`);
    return found;
  }

  it('logs in, consents and lands on the redirect URI with a code and the same state', async () => {
    const web = appOf('confidential');
    const page = await context.newPage();
    await page.goto(authorizeUrl(sim, { app: web, scopes: SCOPES, redirectUri: callback, state: 'browser-state-1' }).href);

    // A wrong password first: the form comes back with an error.
    await page.fill('#email', sim.demoUser.email);
    await page.fill('#password', 'not-the-password');
    await page.click('#login');
    assert.match((await page.textContent('#error')) ?? '', /email or password is incorrect/);

    await page.fill('#password', sim.demoUser.password);
    await page.click('#login');
    await page.waitForSelector('#allow');
    assert.match((await page.textContent('#app-name')) ?? '', /xero-sql demo \(web app\)/);
    for (const org of sim.orgs) assert.ok((await page.textContent('#tenants'))?.includes(org.tenantName), `${org.tenantName} is listed`);
    assert.equal(await page.locator('input[name=tenant]:checked').count(), sim.orgs.length);

    const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
    assert.ok(cookie?.httpOnly, 'the session cookie is HttpOnly');
    assert.equal(cookie?.sameSite, 'Lax');

    const before = arrivals.length;
    await Promise.all([page.waitForURL((url) => url.href.startsWith(callback)), page.click('#allow')]);
    assert.equal(await page.textContent('#done'), 'Signed in');
    assert.equal(arrivals.length, before + 1);
    const landed = new URL(page.url());
    assert.equal(landed.searchParams.get('state'), 'browser-state-1');
    const code = landed.searchParams.get('code');
    assert.ok(code, 'the redirect carries a code');
    await page.close();

    const reply = await exchangeCode(sim, { app: web, code, redirectUri: callback });
    assert.equal(reply.status, 200, `code exchange answered ${reply.status} error=${String(reply.body.error)}`);
    assert.equal(typeof reply.body.refresh_token, 'string');
  });

  it('goes straight to consent in the same browser, and Deny lands with error=access_denied', async () => {
    const pkce = appOf('pkce');
    const page = await context.newPage();
    await page.goto(authorizeUrl(sim, { app: pkce, scopes: SCOPES, redirectUri: callback, state: 'browser-state-2', codeChallenge: createPkcePair().challenge }).href);
    assert.equal(await page.locator('#password').count(), 0, 'no login page: the session is remembered');
    await Promise.all([page.waitForURL((url) => url.href.startsWith(callback)), page.click('#deny')]);
    const landed = new URL(page.url());
    assert.equal(landed.searchParams.get('error'), 'access_denied');
    assert.equal(landed.searchParams.get('state'), 'browser-state-2');
    assert.equal(landed.searchParams.get('code'), null);
    await page.close();
  });

  it('asks again when no organisation is ticked', async () => {
    const web = appOf('confidential');
    const page = await context.newPage();
    await page.goto(authorizeUrl(sim, { app: web, scopes: SCOPES, redirectUri: callback }).href);
    for (const box of await page.locator('input[name=tenant]').all()) await box.uncheck();
    await page.click('#allow');
    assert.match((await page.textContent('#error')) ?? '', /Select at least one organisation/);
    await page.locator('input[name=tenant]').first().check();
    await Promise.all([page.waitForURL((url) => url.href.startsWith(callback)), page.click('#allow')]);
    assert.ok(new URL(page.url()).searchParams.get('code'));
    await page.close();
  });
});
