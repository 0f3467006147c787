/**
 * Programs that take their tokens from the token server: the seed's Python integration example
 * (standard library only), a fleet of driver connections with TokenServerURL (one refresh for all
 * of them), and a driver sharing the server's settings file.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { TokenServer } from '../../src/token-server/index.js';
import { appConnection, getJson, refreshCount, signInOverHttp, simApp, startOnSimulator } from '../helpers/token-server-fixture.js';

/** The README's example, with urllib in place of requests: GET /token, read accessToken, call Xero. */
const PYTHON_CLIENT = `
import json, sys, urllib.request

SERVER, XERO = sys.argv[1], sys.argv[2]

def get_token():
    """retrieve token from xerooauthtoken server"""
    with urllib.request.urlopen(SERVER + "/token") as response:
        return json.load(response)["accessToken"]

def tenants(access_token):
    """retrieve the id of the first tenant"""
    request = urllib.request.Request(XERO + "/connections", headers={"Authorization": "Bearer " + access_token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)[0]["tenantId"]

def invoices(access_token, tenant_id):
    """get invoices"""
    request = urllib.request.Request(XERO + "/api.xro/2.0/Invoices", headers={"Authorization": "Bearer " + access_token, "Xero-tenant-id": tenant_id, "Accept": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)

if __name__ == "__main__":
    token = get_token()
    tenant = tenants(token)
    result = invoices(token, tenant)
    print(json.dumps({"tenant": tenant, "invoices": len(result["Invoices"])}))
`;

const python3 = spawnSync('python3', ['--version']).error === undefined;

/** The environment without proxy settings, so urllib talks to loopback directly. */
function directEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(https?|all|no)_proxy$/i.test(k)) delete env[k];
  return env;
}

describe('token server: clients', () => {
  let sim: Simulator;
  let dir: string;
  const servers: TokenServer[] = [];

  before(async () => {
    sim = await startSimulator({ seed: 73 });
    dir = mkdtempSync(join(tmpdir(), 'xero-sql-ts-clients-'));
  });
  after(async () => {
    for (const s of servers) await s.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the seed\'s Python integration example unchanged (standard library only)', { skip: python3 ? false : 'python3 is not installed' }, async () => {
    const server = await startOnSimulator(sim, { connection: appConnection(sim, simApp(sim, 'confidential'), 'OAuthSettingsLocation=memory://clients-python') });
    servers.push(server);
    assert.equal((await signInOverHttp(server, sim)).status, 303);
    // Let the token expire, so the Python client's GET /token is what makes the server refresh.
    sim.clock.advance(31 * 60_000);
    const refreshes = refreshCount(sim);
    const child = spawn('python3', ['-c', PYTHON_CLIENT, server.url, sim.url], { env: directEnv() });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, err);
    const result = JSON.parse(out) as { tenant: string; invoices: number };
    assert.ok(sim.tenants.some((t) => t.tenantId === result.tenant), 'a connected organisation');
    assert.ok(result.invoices > 0, 'Xero accepted the token');
    assert.equal(refreshCount(sim), refreshes + 1, 'the server refreshed the expired token for the Python client');
  });

  it('gives a fleet of driver connections one sign-in and one refresh (TokenServerURL)', async () => {
    const auth = 'fleet-auth-token-0123456789abcdef';
    const server = await startOnSimulator(sim, {
      authToken: auth,
      scopes: 'accounting.transactions accounting.settings',
      connection: appConnection(sim, simApp(sim, 'confidential'), 'OAuthSettingsLocation=memory://clients-fleet'),
    });
    servers.push(server);
    assert.equal((await signInOverHttp(server, sim, { headers: { authorization: `Bearer ${auth}` } })).status, 303);

    const text = `TokenServerURL=${server.url};TokenServerAuthToken=${auth};BaseURL=${sim.url};Tenant=Demo Company (AU)`;
    const fleet = await Promise.all(Array.from({ length: 5 }, () => connect(text)));
    const count = async () => Promise.all(fleet.map(async (c) => Number((await c.query('SELECT COUNT(*) AS n FROM Accounts')).rows[0]?.n)));
    const authorizes = sim.requests.count({ path: '/identity/connect/authorize' });
    const refreshes = refreshCount(sim);
    const first = await count();
    assert.ok(first.every((n) => n > 0 && n === first[0]));
    assert.equal(refreshCount(sim), refreshes);

    // Xero's clock moves on: every connection's cached token is now rejected as expired; each asks
    // the server (naming the stale token), and the server refreshes once for all of them.
    sim.clock.advance(31 * 60_000);
    const second = await count();
    assert.deepEqual(second, first);
    assert.equal(refreshCount(sim), refreshes + 1, 'one refresh for the whole fleet');
    assert.equal(sim.requests.count({ path: '/identity/connect/authorize' }), authorizes, 'no connection signed in by itself');
    for (const c of fleet) await c.close();

    const wrong = await connect(`TokenServerURL=${server.url};TokenServerAuthToken=not-the-token-0000;BaseURL=${sim.url}`);
    await assert.rejects(wrong.accessToken(), (err: Error & { code?: string }) => err.code === 'XSQL_TOKEN_SERVER' && /refused TokenServerAuthToken/.test(err.message) && !err.message.includes('not-the-token'));
    const none = await connect(`TokenServerURL=${server.url};BaseURL=${sim.url}`);
    await assert.rejects(none.accessToken(), (err: Error & { code?: string }) => err.code === 'XSQL_TOKEN_SERVER' && /requires an auth token: set TokenServerAuthToken/.test(err.message));
  });

  it('reports a server that is down or not signed in, and refuses contradictory properties', async () => {
    const server = await startOnSimulator(sim, { connection: appConnection(sim, simApp(sim, 'confidential'), 'OAuthSettingsLocation=memory://clients-down') });
    const conn = await connect(`TokenServerURL=${server.url}/;BaseURL=${sim.url}`);
    await assert.rejects(conn.accessToken(), (err: Error & { code?: string }) => err.code === 'XSQL_AUTH_REQUIRED' && /answered HTTP 503: The token server is not signed in to Xero: open http/.test(err.message));
    await server.close();
    await assert.rejects(conn.accessToken(), (err: Error & { code?: string }) => err.code === 'XSQL_TOKEN_SERVER' && /Could not get a token from the token server at http:\/\/127\.0\.0\.1:\d+\//.test(err.message));

    for (const [text, pattern] of [
      ['TokenServerURL=http://127.0.0.1:5001;InitiateOAuth=GETANDREFRESH', /remove InitiateOAuth=GETANDREFRESH, or remove TokenServerURL/],
      ['TokenServerURL=http://127.0.0.1:5001;OAuthAccessToken=abc', /remove OAuthAccessToken/],
      ['TokenServerAuthToken=abcdefabcdefabcdef', /TokenServerAuthToken is set without TokenServerURL/],
      ['TokenServerURL=not a url', /Invalid value "not a url" for TokenServerURL/],
    ] as const) {
      await assert.rejects(connect(text), (err: Error & { code?: string }) => err.code === 'XSQL_CONN_OPTION' && pattern.test(err.message), text);
    }
    const inspected = (await connect('TokenServerURL=http://127.0.0.1:5001;TokenServerAuthToken=hidden-auth-token-value')).options;
    assert.ok(!JSON.stringify(inspected).includes('hidden-auth-token-value'));
    assert.ok(!(await import('node:util')).inspect(inspected).includes('hidden-auth-token-value'));
  });

  it('shares one settings file with a driver: whoever refreshes first, the other uses that token', async () => {
    const app = simApp(sim, 'confidential');
    const file = join(dir, 'shared.json');
    const scopes = 'offline_access accounting.settings';
    const common = appConnection(sim, app, `OAuthSettingsLocation=${file};OAuthSettingsPassphrase=shared-pass`);
    const server = await startOnSimulator(sim, { connection: common, scopes });
    servers.push(server);
    assert.equal((await signInOverHttp(server, sim)).status, 303);

    const driver = await connect(`AuthScheme=OAuth;${common};InitiateOAuth=REFRESH;Scope=${scopes};Tenant=Demo Company (AU)`, { now: () => sim.clock.now() });
    const served = (await getJson(server, '/token')).body.accessToken;
    assert.equal(await driver.accessToken(), served, 'the driver reads the grant the server signed in');

    const refreshes = refreshCount(sim);
    sim.clock.advance(31 * 60_000);
    const driverToken = await driver.accessToken();
    assert.notEqual(driverToken, served);
    assert.equal(refreshCount(sim), refreshes + 1);
    assert.equal((await getJson(server, '/token')).body.accessToken, driverToken, 'the server uses the token the driver saved');
    assert.equal(refreshCount(sim), refreshes + 1, 'and does not refresh again');

    sim.clock.advance(31 * 60_000);
    const serverToken = (await getJson(server, '/token')).body.accessToken;
    assert.equal(await driver.accessToken(), serverToken, 'and the other way round');
    assert.equal(refreshCount(sim), refreshes + 2);
    assert.equal(sim.requests.count({ path: '/connect/token', detail: 'refresh_token:invalid_grant' }), 0);
    await driver.close();
  });

  it('when Xero rejects the copy a server holds in memory, serves the token another process saved (no second refresh)', async () => {
    const app = simApp(sim, 'confidential');
    const file = join(dir, 'lagging.json');
    const scopes = 'offline_access accounting.settings';
    const common = appConnection(sim, app, `OAuthSettingsLocation=${file};OAuthSettingsPassphrase=lag-pass`);
    // This server's clock is real time, behind Xero's (the simulator's, advanced below).
    const server = await startOnSimulator(sim, { connection: common, scopes, now: Date.now });
    servers.push(server);
    assert.equal((await signInOverHttp(server, sim)).status, 303);
    const held = (await getJson(server, '/token')).body.accessToken;

    sim.clock.advance(31 * 60_000);
    const driver = await connect(`AuthScheme=OAuth;${common};InitiateOAuth=REFRESH;Scope=${scopes}`, { now: () => sim.clock.now() });
    const saved = await driver.accessToken();
    assert.notEqual(saved, held, 'the driver refreshed and saved a new token');
    const refreshes = refreshCount(sim);
    assert.equal((await getJson(server, '/token')).body.accessToken, held, 'by its own clock the server\'s copy is still fresh');

    const client = await connect(`TokenServerURL=${server.url};BaseURL=${sim.url};Tenant=Demo Company (AU)`);
    const rows = await client.query('SELECT COUNT(*) AS n FROM Accounts');
    assert.ok(Number(rows.rows[0]?.n) > 0, 'the query succeeded after one TokenExpired');
    assert.equal(await client.accessToken(), saved, 'with the token the driver saved');
    assert.equal(refreshCount(sim), refreshes, 'nobody refreshed again');
    await client.close();
    await driver.close();
  });
});
