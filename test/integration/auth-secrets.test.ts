/**
 * No secret reaches an error message, a notice, or util.inspect output: every failure path of the
 * auth engine is provoked and everything it produced is searched for every token, code, secret
 * and passphrase involved.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { connect } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { SimApp } from '../../src/simulator/apps.js';
import { followAuthorizeUrl } from '../helpers/oauth-flow.js';
import { customConnectionToken } from '../helpers/sim-client.js';

describe('secrets stay out of errors, notices, the log file and inspect output', () => {
  let sim: Simulator;
  let dir: string;
  before(async () => {
    sim = await startSimulator({ seed: 51 });
    dir = mkdtempSync(join(tmpdir(), 'xero-sql-secrets-'));
  });
  after(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds for every failure path', async () => {
    const web = sim.appRegistry.find((a) => a.kind === 'confidential') as SimApp;
    const cc = sim.appRegistry.find((a) => a.kind === 'custom-connection') as SimApp;
    const passphrase = 'a passphrase nobody should see';
    const secrets = new Set<string>([web.clientSecret as string, cc.clientSecret as string, passphrase]);
    const produced: string[] = [];
    const notices: string[] = [];
    const record = (value: unknown) => produced.push(value instanceof Error ? `${value.message}\n${inspect(value, { depth: 6 })}` : inspect(value, { depth: 6 }));
    const attempt = async (fn: () => Promise<unknown>) => {
      try {
        record(await fn());
      } catch (err) {
        record(err);
      }
    };
    const logfile = join(dir, 'logs', 'xero-sql.log');
    const base = `BaseURL=${sim.url};OAuthClientId=${web.clientId};Logfile=${logfile};Verbosity=5`;

    // A real sign-in, so there are real tokens to leak.
    const conn = await connect(`${base};AuthScheme=OAuth;OAuthClientSecret=${web.clientSecret};InitiateOAuth=OFF;OAuthSettingsLocation=memory://secrets;OAuthSettingsPassphrase=${passphrase}`, { onNotice: (m) => notices.push(m) });
    const start = (await conn.execute("EXEC GetOAuthAuthorizationURL @CallbackURL = 'http://localhost:5001/code'")).rows[0] as Record<string, string>;
    const code = (await followAuthorizeUrl(sim, start.URL as string)).searchParams.get('code') as string;
    secrets.add(code);
    const tokens = (await conn.execute("EXEC GetOAuthAccessToken @Verifier = ?, @CallbackURL = 'http://localhost:5001/code'", [code])).rows[0] as Record<string, string>;
    secrets.add(tokens.OAuthAccessToken as string);
    secrets.add(tokens.OAuthRefreshToken as string);
    const ccToken = await customConnectionToken(sim);
    secrets.add(ccToken);
    record(conn);
    record(conn.options);

    // The old refresh token after rotation and its grace period; then the spent code again
    // (which, as a security measure, also revokes what the code produced).
    const rotated = (await conn.execute('EXEC RefreshOAuthAccessToken @OAuthRefreshToken = ?', [tokens.OAuthRefreshToken])).rows[0] as Record<string, string>;
    secrets.add(rotated.OAuthAccessToken as string);
    secrets.add(rotated.OAuthRefreshToken as string);
    sim.clock.advance(31 * 60_000);
    await attempt(() => conn.execute('EXEC RefreshOAuthAccessToken @OAuthRefreshToken = ?', [tokens.OAuthRefreshToken]));
    await attempt(() => conn.execute("EXEC GetOAuthAccessToken @Verifier = ?, @CallbackURL = 'http://localhost:5001/code'", [code]));
    // An expired OAuthAccessToken, with InitiateOAuth=OFF.
    await attempt(async () => (await connect(`BaseURL=${sim.url};InitiateOAuth=OFF;OAuthAccessToken=${ccToken};Logfile=${logfile}`)).tenants());
    sim.clock.advance(-31 * 60_000);
    // Wrong client secret; an unknown property next to secrets; a bad value of a secret property.
    await attempt(async () => (await connect(`BaseURL=${sim.url};AuthScheme=OAuthClient;OAuthClientId=${cc.clientId};OAuthClientSecret=${cc.clientSecret}x;Logfile=${logfile}`)).tenants());
    await attempt(() => connect(`OAuthClientSecret=${web.clientSecret};OAuthRefreshToken=${tokens.OAuthRefreshToken};Bogus=1`));
    await attempt(() => connect(`AuthScheme=PKCE;OAuthClientSecret=${web.clientSecret}`));
    await attempt(() => connect(`OAuthClientSecret=${web.clientSecret};${tokens.OAuthRefreshToken}`));
    // A wrong passphrase for a file written with another one is the settings store's job; here, a
    // procedure given a token as an unknown parameter.
    await attempt(() => conn.execute('EXEC RefreshOAuthAccessToken @Token = ?', [rotated.OAuthRefreshToken]));

    assert.ok(produced.length >= 10, 'every path produced something to search');
    const log = readFileSync(logfile, 'utf8');
    assert.match(log, /POST http:\/\/127\.0\.0\.1:\d+\/connect\/token 200 \d+ms/, 'the log records requests');
    assert.match(log, /token request \(refresh_token\) refused: invalid_grant/);
    const haystack = [...produced, ...notices, log].join('\n');
    for (const secret of secrets) {
      assert.ok(secret.length >= 8);
      assert.ok(!haystack.includes(secret), `a secret (${secret.length} chars) leaked into an error, notice or inspect output`);
    }
  });
});
