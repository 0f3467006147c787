import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { redactConnectionString, resolveConnectionOptions } from '../../src/connection/options.js';
import { DEFAULT_SCOPES } from '../../src/connection/properties.js';

const env = { HOME: '/home/u', XDG_CONFIG_HOME: '/home/u/.config' };
const resolve = (text: string) => resolveConnectionOptions(text, env);

describe('resolveConnectionOptions', () => {
  it('applies the documented defaults', () => {
    const o = resolve('');
    assert.equal(o.authScheme, 'PKCE');
    assert.equal(o.initiateOAuth, 'OFF');
    assert.equal(o.schema, 'ACCOUNTING');
    assert.equal(o.callbackUrl, 'http://localhost:33333');
    assert.deepEqual(o.scopes, [...DEFAULT_SCOPES]);
    assert.ok(o.scopes.includes('offline_access'));
    assert.equal(o.timeoutMs, 60_000);
    assert.equal(o.maxRows, -1);
    assert.equal(o.retryWaitTimeMs, 10_000);
    assert.equal(o.retryDailyLimit, false);
    assert.equal(o.maximumRequestRetries, 4);
    assert.deepEqual(o.settingsLocation, { kind: 'file', path: '/home/u/.config/xero-sql/oauth-settings.json' });
    assert.ok(Object.isFrozen(o));
  });

  it('matches names and enum values case-insensitively and stores canonical spellings', () => {
    const o = resolve('authscheme=oauthclient;INITIATEOAUTH=getandrefresh;schema=payrollaus;readonly=YES;Timeout=0');
    assert.equal(o.authScheme, 'OAuthClient');
    assert.equal(o.initiateOAuth, 'GETANDREFRESH');
    assert.equal(o.schema, 'PAYROLLAUS');
    assert.equal(o.readonly, true);
    assert.equal(o.timeoutMs, 0);
  });

  it('treats Name= as not set', () => {
    assert.equal(resolve('Tenant=;Schema=').schema, 'ACCOUNTING');
    assert.equal(resolve('Tenant=').tenant, undefined);
  });

  it('reads memory:// and file settings locations, and BaseURL without a trailing slash', () => {
    assert.deepEqual(resolve('OAuthSettingsLocation=memory://main').settingsLocation, { kind: 'memory', id: 'main' });
    assert.deepEqual(resolve('OAuthSettingsLocation=~/x.json').settingsLocation, { kind: 'file', path: '/home/u/x.json' });
    assert.equal(resolve('BaseURL=http://127.0.0.1:4010/').baseUrl, 'http://127.0.0.1:4010');
  });

  it('reads Other as nested options', () => {
    assert.equal(resolve("Other='MaximumRequestRetries=7'").maximumRequestRetries, 7);
    assert.throws(() => resolve("Other='MaximumRequestRetrys=7'"), /Unknown option "MaximumRequestRetrys" in Other\. Did you mean MaximumRequestRetries\?/);
  });

  it('accepts and lists commercial-driver properties that have no effect here', () => {
    assert.deepEqual(resolve('UseConnectionPooling=true;RTK=abc').ignoredProperties, ['UseConnectionPooling', 'RTK']);
  });

  for (const [text, pattern] of [
    ['InitateOAuth=REFRESH', /Unknown connection property "InitateOAuth"\. Did you mean InitiateOAuth\?/],
    ['Bogus=1', /Unknown connection property "Bogus"\.(?! Did)/],
    ['AuthScheme=Basic', /Invalid value "Basic" for AuthScheme: allowed values are OAuth, PKCE, OAuthClient\./],
    ['Schema=PAYROLLNZ', /for Schema: allowed values are ACCOUNTING, PAYROLLAUS, FILES, ASSETS, PROJECTS/],
    ['Timeout=soon', /Invalid value "soon" for Timeout: use a whole number from 0 to 86400/],
    ['Timeout=-5', /for Timeout/],
    ['RetryDailyLimit=maybe', /for RetryDailyLimit: use true or false/],
    ['CallbackURL=localhost:33333', /for CallbackURL: use an http:\/\/ or https:\/\/ URL/],
    ['OAuthSettingsLocation=memory://', /memory:\/\/ needs an id/],
    ['ProxyServer=proxy.local', /ProxyServer is not supported: set the HTTPS_PROXY environment variable/],
    ['AuthScheme=PKCE;OAuthClientSecret=s', /AuthScheme=PKCE apps have no client secret/],
    ["Scope='  '", /Invalid value "  " for Scope: the value may not be empty/],
  ] as const) {
    it(`rejects ${text} with a message naming the property`, () => {
      assert.throws(() => resolve(text), (err: { code?: string; message: string }) => {
        assert.ok(err.code === 'XSQL_CONN_OPTION' || err.code === 'XSQL_CONN_STRING', err.code);
        assert.match(err.message, pattern);
        return true;
      });
    });
  }

  it('never shows a secret in an error, in util.inspect or in JSON', () => {
    const secret = 'TopSecretValue123';
    const o = resolve(`AuthScheme=OAuth;OAuthClientId=abc;OAuthClientSecret=${secret};OAuthRefreshToken=${secret}r;OAuthAccessToken=${secret}a`);
    assert.equal(o.oauthClientSecret, secret);
    assert.ok(!inspect(o).includes(secret), inspect(o));
    assert.ok(!JSON.stringify(o).includes(secret));
    assert.ok(!Object.keys(o).includes('oauthClientSecret'));
    assert.match(inspect(o), /oauthClientSecret: '\*\*\*'/);
    assert.throws(() => resolve(`OAuthClientSecret=' ';AuthScheme=OAuth`), (err: Error) => /^Invalid value for OAuthClientSecret/.test(err.message));
  });
});

describe('redactConnectionString', () => {
  it('hides the values of secret properties, quoted or not', () => {
    const text = `AuthScheme=OAuth;OAuthClientSecret='a;b''c';OAuthRefreshToken=xyz;Tenant=Demo;ProxyPassword={p}}w}`;
    const redacted = redactConnectionString(text);
    assert.equal(redacted, 'AuthScheme=OAuth;OAuthClientSecret=***;OAuthRefreshToken=***;Tenant=Demo;ProxyPassword=***');
  });
});
