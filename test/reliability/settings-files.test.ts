/**
 * Issue 9, "Nothing lost": a corrupt, truncated, tampered, foreign or other-key settings file,
 * met by a whole connection (GETANDREFRESH, which could sign in and save over it, and REFRESH),
 * through a query and a token request (conn.accessToken()): always XSQL_SETTINGS naming the file
 * and saying what is wrong; the file is left byte for byte and time for time as it was; no browser
 * is opened and Xero is not called.
 * (The store itself is covered byte by byte and length by length in test/unit/settings-store-tamper.test.ts.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect } from '../../src/index.js';
import { XeroSqlError } from '../../src/errors.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { followAuthorizeUrl } from '../helpers/oauth-flow.js';

describe('bad settings files: a clear error, and the file left as it was', () => {
  let sim: Simulator;
  let dir: string;
  let creds: string;
  let good: Buffer;
  before(async () => {
    sim = await startSimulator({ seed: 100 });
    dir = mkdtempSync(join(tmpdir(), 'xero-sql-badfiles-'));
    const web = sim.appRegistry.find((a) => a.kind === 'confidential')!;
    const file = join(dir, 'good.json');
    creds = `AuthScheme=OAuth;OAuthClientId=${web.clientId};OAuthClientSecret=${web.clientSecret};BaseURL=${sim.url};OAuthSettingsPassphrase=right-pass;Tenant=Demo Company (AU)`;
    const first = await connect(`${creds};InitiateOAuth=OFF;OAuthSettingsLocation=${file}`, { onNotice: () => {} });
    const start = (await first.execute("EXEC GetOAuthAuthorizationURL @CallbackURL = 'http://localhost:5001/code'")).rows[0] as Record<string, string>;
    const code = (await followAuthorizeUrl(sim, start.URL as string)).searchParams.get('code') as string;
    await first.execute("EXEC GetOAuthAccessToken @Verifier = ?, @CallbackURL = 'http://localhost:5001/code'", [code]);
    await first.close();
    good = readFileSync(file);
  });
  after(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const flip = (b: Buffer, at: number) => {
    const copy = Buffer.from(b);
    copy[at] = copy[at]! ^ 0x01;
    return copy;
  };
  const tamperData = (b: Buffer) => {
    const envelope = JSON.parse(b.toString('utf8')) as Record<string, string>;
    const field = Object.keys(envelope).find((k) => k === 'data' || k === 'ciphertext') ?? 'data';
    const raw = Buffer.from(envelope[field] as string, 'base64');
    raw[0] = raw[0]! ^ 0x80;
    return Buffer.from(JSON.stringify({ ...envelope, [field]: raw.toString('base64') }));
  };
  const cases: ReadonlyArray<[string, () => Buffer, RegExp, string?]> = [
    ['empty', () => Buffer.alloc(0), /is empty/],
    ['truncated to half', () => good.subarray(0, Math.floor(good.length / 2)), /not valid JSON|truncated/],
    ['truncated by one byte', () => good.subarray(0, good.length - 1), /not valid JSON|truncated/],
    ['tampered (one bit of the ciphertext)', () => tamperData(good), /changed or damaged/],
    ['one byte changed in the middle', () => flip(good, Math.floor(good.length / 2)), /changed or damaged|damaged|not valid JSON|not a xero-sql/],
    ['foreign JSON', () => Buffer.from('{"accessToken":"x","refresh":"y"}'), /not a xero-sql OAuth settings file/],
    ['foreign binary', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /not valid JSON|not a xero-sql/],
    ['written with another passphrase', () => good, /different passphrase/, 'wrong-pass'],
  ];

  for (const [label, make, problem, passphrase] of cases) {
    it(`${label}: XSQL_SETTINGS naming the file and the problem; untouched; no browser, no call to Xero`, async () => {
      const file = join(dir, `${label.replace(/\W+/g, '-')}.json`);
      writeFileSync(file, make(), { mode: 0o600 });
      const bytes = readFileSync(file);
      const before = statSync(file);
      const backup = `${file}.orig`;
      copyFileSync(file, backup);
      const seq = sim.requests.lastSeq;
      let browserOpened = false;
      for (const initiate of ['GETANDREFRESH', 'REFRESH']) {
        const text = `${creds.replace('right-pass', passphrase ?? 'right-pass')};InitiateOAuth=${initiate};OAuthSettingsLocation=${file}`;
        const conn = await connect(text, { onNotice: () => {}, openBrowser: () => void (browserOpened = true), signInTimeoutMs: 2000 });
        try {
          for (const attempt of [() => conn.query('SELECT * FROM Accounts'), () => conn.accessToken()]) {
            const err = await attempt().then(() => undefined, (e: unknown) => e);
            assert.ok(err instanceof XeroSqlError, `${initiate}: ${String(err)}`);
            assert.equal(err.code, 'XSQL_SETTINGS', `${initiate}: ${err.code} ${err.message}`);
            assert.ok(err.message.includes(file), 'the message names the file');
            assert.match(err.message, problem);
            assert.match(err.message, /left as it is|Set the passphrase it was written with/);
          }
        } finally {
          await conn.close();
        }
      }
      assert.equal(browserOpened, false, 'no sign-in was started over the bad file');
      assert.deepEqual(readFileSync(file), bytes, 'the file is byte for byte as it was');
      const after = statSync(file);
      assert.equal(after.mtimeMs, before.mtimeMs, 'and was not rewritten');
      assert.equal(after.ino, before.ino, 'nor replaced');
      assert.equal(sim.requests.find({ afterSeq: seq }).length, 0, 'Xero was not called');
      rmSync(backup);
    });
  }
});
