/**
 * The desktop flow (InitiateOAuth=GETANDREFRESH) with a person played by headless Chromium: the
 * driver listens on CallbackURL and "opens the browser"; Chromium logs in and consents on the
 * simulator's pages; the redirect lands on the driver's loopback listener, which exchanges the
 * code and saves the tokens. A second connection then needs no browser.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { connect } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { SimApp } from '../../src/simulator/apps.js';
import { browserSkip, launchChromium } from '../helpers/browser.js';
import { freePort } from '../helpers/ports.js';

describe('desktop sign-in in Chromium', { skip: browserSkip() }, () => {
  let sim: Simulator;
  let browser: Browser;
  let context: BrowserContext;
  let dir: string;
  let callback: string;
  const app = (kind: SimApp['kind']) => sim.appRegistry.find((a) => a.kind === kind) as SimApp;

  /** Plays the person: opens the URL, logs in if asked, then presses Allow or Deny. */
  function person(decision: '#allow' | '#deny', seen: string[]) {
    return async (url: string) => {
      seen.push(url);
      const page = await context.newPage();
      await page.goto(url);
      if ((await page.locator('#password').count()) > 0) {
        await page.fill('#email', sim.demoUser.email);
        await page.fill('#password', sim.demoUser.password);
        await page.click('#login');
      }
      await page.click(decision);
      await page.waitForURL((u) => u.href.startsWith(callback));
      // The driver's loopback page tells the person how it went.
      const title = await page.textContent('#title');
      assert.equal(title, decision === '#allow' ? 'Signed in' : 'Sign-in cancelled');
      await page.close();
    };
  }

  before(async () => {
    callback = `http://127.0.0.1:${await freePort()}/callback`;
    sim = await startSimulator({ seed: 31, extraRedirectUris: [callback] });
    browser = await launchChromium();
    context = await browser.newContext();
    dir = mkdtempSync(join(tmpdir(), 'xero-sql-desktop-'));
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const scheme of ['PKCE', 'OAuth'] as const) {
    it(`AuthScheme=${scheme}: signs in through the browser once, then reuses the saved tokens`, async () => {
      const a = app(scheme === 'PKCE' ? 'pkce' : 'confidential');
      const secret = scheme === 'OAuth' ? `;OAuthClientSecret=${a.clientSecret}` : '';
      const file = join(dir, `${scheme}.json`);
      const text = `AuthScheme=${scheme};InitiateOAuth=GETANDREFRESH;OAuthClientId=${a.clientId}${secret};CallbackURL=${callback};OAuthSettingsLocation=${file};OAuthSettingsPassphrase=pp;BaseURL=${sim.url};Tenant=Demo Company (AU)`;
      const urls: string[] = [];
      const notices: string[] = [];
      const conn = await connect(text, { openBrowser: person('#allow', urls), onNotice: (m) => notices.push(m) });
      assert.equal((await conn.tenant()).tenantName, 'Demo Company (AU)');
      assert.equal(urls.length, 1);
      const url = new URL(urls[0]!);
      assert.equal(url.searchParams.get('redirect_uri'), callback);
      assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
      assert.ok(url.searchParams.get('state'));
      assert.ok(notices.some((n) => n.includes(url.href)), 'the URL is also shown, in case no browser opens');

      const later = await connect(text, { openBrowser: person('#allow', urls), onNotice: () => {} });
      assert.equal((await later.tenant()).tenantName, 'Demo Company (AU)');
      assert.equal(urls.length, 1, 'no second browser sign-in');
      await conn.close();
      await later.close();
    });
  }

  it('reports a Deny as a cancelled sign-in and saves nothing', async () => {
    const a = app('pkce');
    const text = `InitiateOAuth=GETANDREFRESH;OAuthClientId=${a.clientId};CallbackURL=${callback};OAuthSettingsLocation=memory://denied;BaseURL=${sim.url}`;
    const conn = await connect(text, { openBrowser: person('#deny', []), onNotice: () => {} });
    await assert.rejects(conn.tenants(), (err: Error & { code?: string }) => err.code === 'XSQL_AUTH_CANCELLED' && /access was denied/.test(err.message));
  });
});
