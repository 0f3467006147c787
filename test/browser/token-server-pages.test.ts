/**
 * The token server's pages in headless Chromium, as a person uses them: the first page's form (app
 * credentials), Xero's login and consent on the simulator, back to a status page showing the
 * connection; then `/token` serves a token the simulator's API accepts, and the page's buttons
 * refresh and log out. A second test enters the auth token on the page a guarded server shows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { TokenServer } from '../../src/token-server/index.js';
import { browserSkip, launchChromium } from '../helpers/browser.js';
import { getJson, refreshCount, simApp, startOnSimulator } from '../helpers/token-server-fixture.js';

describe('token server pages in Chromium', { skip: browserSkip() }, () => {
  let sim: Simulator;
  let browser: Browser;
  let context: BrowserContext;
  const servers: TokenServer[] = [];

  before(async () => {
    sim = await startSimulator({ seed: 75 });
    browser = await launchChromium();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    for (const s of servers) await s.close();
    await sim?.close();
  });

  /** Xero's pages: log in if asked, then Allow. */
  async function consent(page: Page): Promise<void> {
    await page.waitForURL((u) => u.href.startsWith(sim.url));
    if ((await page.locator('#password').count()) > 0) {
      await page.fill('#email', sim.demoUser.email);
      await page.fill('#password', sim.demoUser.password);
      await page.click('#login');
    }
    await page.click('#allow');
  }

  it('walks form, login, consent and back to a status page showing the connection; /token then works', async () => {
    const server = await startOnSimulator(sim, { connection: `BaseURL=${sim.url};OAuthSettingsLocation=memory://browser-pages` });
    servers.push(server);
    context = await browser.newContext();
    const page = await context.newPage();
    const app = simApp(sim, 'confidential');
    const demo = sim.tenants.find((t) => t.tenantName === 'Demo Company (AU)')!;

    await page.goto(`${server.url}/`);
    // Moved to the redirect URI's origin (localhost), where Xero's redirect will land.
    assert.equal(new URL(page.url()).origin, new URL(server.redirect).origin);
    assert.equal(server.pagesUrl, new URL(server.redirect).origin);
    assert.equal(await page.textContent('#title'), 'Xero app credentials');
    assert.ok((await page.textContent('main'))?.includes(server.redirect), 'the page names the redirect URI to register');
    await page.fill('#client', app.clientId);
    await page.fill('#secret', app.clientSecret as string);
    await page.fill('#tenantid', demo.tenantId);
    await page.click('#save');
    await page.waitForURL((u) => u.pathname === '/home');
    assert.equal(await page.textContent('#title'), 'Sign in to Xero');

    await page.click('#signin');
    await consent(page);
    await page.waitForURL((u) => u.pathname === '/status');
    assert.equal(await page.getAttribute('#connection', 'data-status'), 'connected');
    assert.equal(await page.textContent('#connection'), 'Connected to 2 organisations');
    const tenants = await page.locator('#tenants li').allTextContents();
    assert.equal(tenants.length, 2);
    assert.ok(tenants.some((t) => t.startsWith('Demo Company (AU)') && t.includes('(default for /token)')));
    const html = await page.content();
    assert.ok(!html.includes(app.clientSecret as string), 'the secret is not on the page');

    const token = await getJson(server, '/token');
    assert.equal(token.status, 200);
    assert.equal(token.body.tenantId, demo.tenantId);
    assert.ok(!html.includes(token.body.accessToken as string), 'the token is not on the page');
    const api = await fetch(`${sim.url}/api.xro/2.0/Invoices?page=1`, {
      headers: { authorization: `Bearer ${token.body.accessToken as string}`, 'xero-tenant-id': token.body.tenantId as string, accept: 'application/json' },
    });
    assert.equal(api.status, 200, 'the simulator accepts the served token');

    // The page's buttons post forms with the CSRF token.
    const refreshes = refreshCount(sim);
    await page.click('#refresh');
    await page.waitForURL((u) => u.pathname === '/status');
    assert.equal(refreshCount(sim), refreshes + 1);
    assert.notEqual((await getJson(server, '/token')).body.accessToken, token.body.accessToken);

    await page.click('#logout');
    await page.waitForURL((u) => u.pathname === '/');
    assert.equal(await page.textContent('#title'), 'Xero app credentials', 'the app typed into the form is forgotten');
    assert.equal((await getJson(server, '/status')).body.status, 'no-credentials');
    assert.equal(sim.requests.count({ path: '/connect/revocation', detail: 'revocation:ok' }), 1);
  });

  it('asks for the auth token on a guarded server, then signs in with a PKCE app', async () => {
    const authToken = 'browser-auth-token-0123456789abcdef';
    const pkce = simApp(sim, 'pkce');
    const server = await startOnSimulator(sim, { authToken, connection: `OAuthClientId=${pkce.clientId};BaseURL=${sim.url};OAuthSettingsLocation=memory://browser-guarded` });
    servers.push(server);
    const guarded = await browser.newContext();
    try {
      const page = await guarded.newPage();
      await page.goto(`${server.url}/home`);
      assert.equal(await page.textContent('#title'), 'This token server needs its auth token');
      await page.fill('#token', 'wrong-token-wrong-token');
      await page.click('#unlock');
      assert.match((await page.textContent('#error')) ?? '', /not this server's auth token/);
      await page.fill('#token', authToken);
      await page.click('#unlock');
      await page.waitForURL((u) => u.pathname === '/home');
      const href = await page.getAttribute('#signin', 'href');
      assert.equal(new URL(href ?? '').searchParams.get('code_challenge_method'), 'S256');
      await page.click('#signin');
      await consent(page);
      await page.waitForURL((u) => u.pathname === '/status');
      assert.equal(await page.getAttribute('#connection', 'data-status'), 'connected');
      assert.equal((await fetch(`${server.url}/token`)).status, 401, 'programs still need the bearer token');
      assert.equal((await getJson(server, '/token', { authorization: `Bearer ${authToken}` })).status, 200);
    } finally {
      await guarded.close();
    }
  });
});
