/**
 * Where the CLI's connection string comes from (src/cli/connection-source.ts): --connection, else
 * XERO_SQL_CONNECTION, else a profile of the config file (--profile, else defaultProfile); bad
 * config files are typed errors with a usage exit code; mergeConnectionStrings lets the user's
 * properties win over the demo's.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { configFile, mergeConnectionStrings, resolveConnectionString } from '../../src/cli/connection-source.js';
import { exitCodeOf } from '../../src/cli/errors.js';
import { parseConnectionString } from '../../src/connection/connection-string.js';
import { XeroSqlError } from '../../src/errors.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'xero-sql-cli-source-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a config file and returns an environment that points at it. */
function withConfig(name: string, content: string | object, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return { HOME: join(dir, 'nohome'), XERO_SQL_CONFIG: path, ...extra };
}

const PROFILES = { defaultProfile: 'work', profiles: { work: 'Tenant=Work Ltd', play: 'Tenant=Play Ltd' } };

/** Asserts `fn` throws a XeroSqlError with `code` whose message matches `message`, and returns it. */
function throwsXsql(fn: () => unknown, code: string, message: RegExp): XeroSqlError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof XeroSqlError, `expected a XeroSqlError, got ${String(caught)}`);
  assert.equal(caught.code, code);
  assert.match(caught.message, message);
  return caught;
}

describe('resolveConnectionString', () => {
  it('takes --connection first, over the environment, --profile and the config file', () => {
    const env = withConfig('order1.json', PROFILES, { XERO_SQL_CONNECTION: 'Tenant=From Env' });
    assert.equal(resolveConnectionString({ connection: 'Tenant=From Flag' }, env), 'Tenant=From Flag');
    assert.equal(resolveConnectionString({ connection: 'Tenant=From Flag', profile: 'play' }, env), 'Tenant=From Flag');
    assert.equal(resolveConnectionString({ connection: '' }, env), '', 'an empty --connection is still the one given');
  });

  it('then XERO_SQL_CONNECTION, over the default profile', () => {
    const env = withConfig('order2.json', PROFILES, { XERO_SQL_CONNECTION: 'Tenant=From Env' });
    assert.equal(resolveConnectionString({}, env), 'Tenant=From Env');
  });

  it('an explicit --profile wins over XERO_SQL_CONNECTION', () => {
    const env = withConfig('order3.json', PROFILES, { XERO_SQL_CONNECTION: 'Tenant=From Env' });
    assert.equal(resolveConnectionString({ profile: 'play' }, env), 'Tenant=Play Ltd');
  });

  it('then the named profile, else the default profile, else nothing', () => {
    const env = withConfig('order4.json', PROFILES);
    assert.equal(resolveConnectionString({ profile: 'play' }, env), 'Tenant=Play Ltd');
    assert.equal(resolveConnectionString({}, env), 'Tenant=Work Ltd');
    const noDefault = withConfig('order5.json', { profiles: PROFILES.profiles });
    assert.equal(resolveConnectionString({}, noDefault), '');
    assert.equal(resolveConnectionString({}, { HOME: join(dir, 'nohome'), XERO_SQL_CONFIG: join(dir, 'missing.json') }), '', 'no config file: no connection');
  });

  it('reads the config file from XERO_SQL_CONFIG, else the config folder', () => {
    assert.equal(configFile({ XERO_SQL_CONFIG: '/somewhere/c.json', HOME: '/h' }), '/somewhere/c.json');
    if (process.platform === 'linux') {
      assert.equal(configFile({ HOME: '/h' }), '/h/.config/xero-sql/config.json');
      assert.equal(configFile({ HOME: '/h', XDG_CONFIG_HOME: '/x' }), '/x/xero-sql/config.json');
      const home = join(dir, 'home-default');
      mkdirSync(join(home, '.config', 'xero-sql'), { recursive: true });
      writeFileSync(join(home, '.config', 'xero-sql', 'config.json'), JSON.stringify({ defaultProfile: 'a', profiles: { a: 'Tenant=Home' } }));
      assert.equal(resolveConnectionString({}, { HOME: home }), 'Tenant=Home');
    }
  });

  it('names the profile and lists the known ones when a profile is missing', () => {
    const env = withConfig('missing-profile.json', PROFILES);
    const err = throwsXsql(() => resolveConnectionString({ profile: 'nope' }, env), 'XSQL_USAGE', /No profile "nope" in .*missing-profile\.json\. Profiles: work, play\./);
    assert.equal(exitCodeOf(err), 2);
    throwsXsql(() => resolveConnectionString({}, withConfig('bad-default.json', { defaultProfile: 'ghost', profiles: {} })), 'XSQL_USAGE', /No profile "ghost"/);
    throwsXsql(() => resolveConnectionString({ profile: 'x' }, { HOME: join(dir, 'nohome'), XERO_SQL_CONFIG: join(dir, 'absent.json') }), 'XSQL_USAGE', /No profile x: the config file .*absent\.json does not exist/);
  });

  it('refuses a profile that is not a string, including inherited object properties', () => {
    const env = withConfig('odd-profiles.json', { profiles: { num: 42, obj: { a: 1 } } });
    for (const name of ['num', 'obj', 'toString', 'constructor', '__proto__']) {
      throwsXsql(() => resolveConnectionString({ profile: name }, env), 'XSQL_USAGE', new RegExp(`No profile "${name}"`));
    }
  });

  it('turns a config file that is not JSON into a usage error naming the file, with exit code 2', () => {
    for (const [name, text] of [
      ['broken.json', '{ "profiles": '],
      ['empty.json', ''],
      ['trailing.json', '{"profiles":{}},'],
    ] as const) {
      const err = throwsXsql(() => resolveConnectionString({}, withConfig(name, text)), 'XSQL_USAGE', new RegExp(`The config file .*${name.replace('.', '\\.')} is not valid JSON`));
      assert.equal(exitCodeOf(err), 2);
    }
  });

  it('copes with JSON that is not an object', () => {
    for (const [name, text] of [
      ['null.json', 'null'],
      ['array.json', '[]'],
      ['number.json', '7'],
    ] as const) {
      assert.equal(resolveConnectionString({}, withConfig(name, text)), '', name);
      throwsXsql(() => resolveConnectionString({ profile: 'p' }, withConfig(name, text)), 'XSQL_USAGE', /No profile "p"/);
    }
  });

  it('says the config file cannot be read (not that it is bad JSON) when the path is a folder', () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    const err = throwsXsql(() => resolveConnectionString({}, { HOME: join(dir, 'nohome'), XERO_SQL_CONFIG: folder }), 'XSQL_USAGE', /Cannot read the config file .*a-folder: EISDIR/);
    assert.equal(exitCodeOf(err), 2);
  });
});

describe('mergeConnectionStrings', () => {
  const props = (text: string) => Object.fromEntries(parseConnectionString(text).map((p) => [p.name, p.value]));

  it('puts the overrides in, replacing a property of the same name in any case', () => {
    const merged = mergeConnectionStrings('BaseURL=http://127.0.0.1:1;schema=ACCOUNTING;Tenant=Demo Company (AU)', 'Schema=FILES;tenant=Kiwi Exports Ltd');
    assert.deepEqual(props(merged), { BaseURL: 'http://127.0.0.1:1', Schema: 'FILES', tenant: 'Kiwi Exports Ltd' });
  });

  it('keeps values with ; = and quotes intact through the round trip', () => {
    const merged = mergeConnectionStrings("OAuthClientSecret=abc==;Other='MaximumRequestRetries=4;X=1'", `Tenant='O''Brien; Co'`);
    assert.deepEqual(props(merged), { OAuthClientSecret: 'abc==', Other: 'MaximumRequestRetries=4;X=1', Tenant: "O'Brien; Co" });
  });

  it('gives the base when there are no overrides, the overrides when there is no base', () => {
    assert.deepEqual(props(mergeConnectionStrings('A=1;B=2', '')), { A: '1', B: '2' });
    assert.deepEqual(props(mergeConnectionStrings('', 'B=2')), { B: '2' });
    assert.equal(mergeConnectionStrings('', ''), '');
  });

  it('refuses a malformed string on either side with XSQL_CONN_STRING (exit code 2)', () => {
    const a = throwsXsql(() => mergeConnectionStrings("A='unclosed", 'B=1'), 'XSQL_CONN_STRING', /never closed/);
    assert.equal(exitCodeOf(a), 2);
    throwsXsql(() => mergeConnectionStrings('A=1', 'no equals sign'), 'XSQL_CONN_STRING', /has no "="/);
  });
});
