/**
 * Issue 9, "Bad input", the pure layer: 10,000 fast-check cases per property (fixed seeds, see
 * fuzz-helpers.ts) through the code that turns user text into what would be sent to Xero:
 * connection strings, procedure parameters, and values bound into Xero where expressions (SQL
 * text: fuzz-sql.test.ts). Only typed XeroSqlErrors come out. (HTTP samples of the same inputs,
 * with the simulator's request log checked: fuzz-http.test.ts.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseConnectionString } from '../../src/connection/connection-string.js';
import { resolveConnectionOptions } from '../../src/connection/options.js';
import { connect } from '../../src/index.js';
import { parseExec } from '../../src/procedures/parse-exec.js';
import { findProcedure } from '../../src/procedures/registry.js';
import { validateArgs } from '../../src/procedures/define-procedure.js';
import { whereTerm } from '../../src/sql/xero-where.js';
import { PUSH_OPERATORS, WHERE_KINDS } from '../../src/catalog/table-def.js';
import { FUZZ_RUNS, anyParam, assertTyped, seedFor, textOf, typedOrNothing } from './fuzz-helpers.js';
import { PROPERTIES } from '../../src/connection/properties.js';

const SECRET = 'S3cr3t-Fuzz-Marker';

describe('fuzz: connection strings', () => {
  it(`${FUZZ_RUNS} arbitrary texts: parsed or XSQL_CONN_STRING / XSQL_CONN_OPTION, never anything else`, () => {
    fc.assert(
      fc.property(textOf(['a', 'B', '=', ';', "'", '"', '{', '}', ' ', 'x', '\\', '\n', 'Tenant', 'Other', 'Timeout', '-1', '9'.repeat(20)]), (text) => {
        typedOrNothing(() => parseConnectionString(text), ['XSQL_CONN_STRING']);
        typedOrNothing(() => resolveConnectionOptions(text, {}), ['XSQL_CONN_STRING', 'XSQL_CONN_OPTION']);
      }),
      { numRuns: FUZZ_RUNS, seed: seedFor('conn-text', 9001) },
    );
  });

  it(`${FUZZ_RUNS} strings of real properties with arbitrary values: typed errors that never echo a secret value`, () => {
    const names = PROPERTIES.map((p) => p.name);
    const secretNames = PROPERTIES.filter((p) => p.kind === 'secret').map((p) => p.name);
    const value = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('', 'true', 'false', '0', '-1', '1e3', '99999999999999999999', 'OAuth', 'PKCE', 'REFRESH', 'http://127.0.0.1:1', 'memory://x', "'a;b'", '{x}', 'MaximumRequestRetries=x', '\u0000'),
    );
    const quote = (v: string) => (/[;'"{}]|^\s|\s$/.test(v) ? `'${v.replace(/'/g, "''")}'` : v);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...names, 'Bogus', 'OAuthClientSecet', 'ProxyServer'), value), { maxLength: 8 }), fc.constantFrom(...secretNames), (pairs, secretName) => {
        const text = [...pairs.map(([n, v]) => `${n}=${quote(v)}`), `${secretName}=${SECRET}`].join(';');
        const result = typedOrNothing(() => resolveConnectionOptions(text, {}), ['XSQL_CONN_STRING', 'XSQL_CONN_OPTION']);
        if (result instanceof Error) assert.ok(!result.message.includes(SECRET), `secret echoed: ${result.message}`);
      }),
      { numRuns: FUZZ_RUNS, seed: seedFor('conn-props', 9002) },
    );
  });
});

describe('fuzz: procedure parameters', () => {
  it(`${FUZZ_RUNS} EXEC texts: parsed, found and validated, or XSQL_PROCEDURE`, () => {
    const names = ['GetOAuthAuthorizationURL', 'GetOAuthAccessToken', 'RefreshOAuthAccessToken', 'DownloadFile', 'Nope'];
    const params = ['@CallbackURL', '@Scope', '@State', '@AuthMode', '@Verifier', '@PKCEVerifier', '@OAuthRefreshToken', '@FileId', '@LocalPath', '@Overwrite', '@x', 'CallbackURL'];
    const piece = fc.oneof(
      fc.constantFrom(...names, ...params, '=', ',', ';', "'", "''", '?', '@p', 'NULL', '1', '-1.5e3', ' ', 'WEB', 'APP', "'WEB'", '--', '/*', '*/', '"'),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.constantFrom('EXEC', 'EXECUTE', 'exec', ''), fc.array(piece, { maxLength: 20 }), fc.oneof(fc.array(anyParam, { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 5 }), anyParam, { maxKeys: 3 })), (kw, pieces, bound) => {
        const sql = `${kw} ${pieces.join(' ')}`;
        typedOrNothing(() => {
          const stmt = parseExec(sql, bound as never);
          const def = findProcedure(stmt.name, 'ACCOUNTING');
          return validateArgs(def, stmt.args);
        }, ['XSQL_PROCEDURE']);
      }),
      { numRuns: FUZZ_RUNS, seed: seedFor('exec', 9201) },
    );
  });

  it(`${FUZZ_RUNS} bound values to GetOAuthAuthorizationURL (no request is made): a URL that carries them intact, or a typed error`, async () => {
    const conn = await connect('AuthScheme=OAuth;OAuthClientId=fuzz-client;OAuthClientSecret=fuzz-secret;BaseURL=http://127.0.0.1:9', { onNotice: () => {} });
    try {
      await fc.assert(
        fc.asyncProperty(anyParam, anyParam, anyParam, async (callback, scope, state) => {
          const result: unknown = await conn.execute('EXEC GetOAuthAuthorizationURL @CallbackURL = ?, @Scope = ?, @State = ?', [callback, scope, state]).catch((e: unknown) => e);
          if (result instanceof Error) return assertTyped(result, ['XSQL_PROCEDURE', 'XSQL_CONN_OPTION']);
          const row = (result as { rows: Record<string, string>[] }).rows[0] as Record<string, string>;
          const url = new URL(row.URL as string);
          assert.equal(url.pathname, '/identity/connect/authorize');
          assert.equal(url.searchParams.get('state'), row.AuthToken, 'the state sent is the one returned');
          if (typeof state === 'string' && state.trim() !== '') assert.equal(row.AuthToken, state.trim(), 'state carried intact');
          if (typeof callback === 'string' && callback.trim() !== '') assert.equal(url.searchParams.get('redirect_uri'), callback.trim());
          assert.match(url.searchParams.get('redirect_uri') ?? '', /^https?:\/\/[^/]/, 'only a real URL is sent as the redirect URI');
          assert.equal(url.searchParams.getAll('client_id').length, 1, 'no parameter smuggled in');
          assert.equal(url.searchParams.getAll('redirect_uri').length, 1);
          assert.ok(!row.URL!.includes('fuzz-secret'));
        }),
        { numRuns: FUZZ_RUNS, seed: seedFor('exec-url', 9202) },
      );
    } finally {
      await conn.close();
    }
  });
});

describe('fuzz: values flowing into Xero where expressions (xero-where.ts)', () => {
  it(`${FUZZ_RUNS * 2} terms: refused, or exactly one comparison of the named field whose string literal is the value itself`, () => {
    const term = fc.record({
      field: fc.oneof(fc.constantFrom('Name', 'Contact.Name', 'Status', 'Total', 'Date', 'UpdatedDateUTC', 'InvoiceID'), fc.string({ maxLength: 12 })),
      kind: fc.constantFrom(...WHERE_KINDS),
      op: fc.constantFrom(...PUSH_OPERATORS),
      value: fc.oneof(anyParam, fc.string({ unit: fc.constantFrom('"', '\\', ')', '(', '|', '&', ' ', 'a', '=', '!', '\n', '%', '_'), maxLength: 20 })),
    });
    fc.assert(
      fc.property(term, (t) => {
        const out = typedOrNothing(() => whereTerm(t as never));
        if (out === undefined) return;
        assert.equal(typeof out, 'string');
        const text = out as string;
        // One comparison: no logical operator outside the one string literal (at most one literal).
        const literals = text.match(/"[^"]*"/g) ?? [];
        assert.ok(literals.length <= 1, `more than one literal: ${text}`);
        const outside = text.replace(/"[^"]*"/g, '""');
        assert.ok(!/\|\||\bOR\b|\bNOT\b/i.test(outside), `logical operator outside a literal: ${text}`);
        assert.ok(outside.startsWith(`${t.field} `) || outside.startsWith(`${t.field}.`), `term is not about ${t.field}: ${text}`);
        if (literals.length === 1 && typeof t.value === 'string') {
          const inner = literals[0]!.slice(1, -1);
          assert.ok(!/["\\\u0000-\u001f]/.test(inner));
          assert.ok(t.value.toLowerCase().includes(inner.toLowerCase()) || t.kind === 'guid', `literal ${inner} is not the value ${t.value}`);
        }
      }),
      { numRuns: FUZZ_RUNS * 2, seed: seedFor('where', 9301) },
    );
  });
});
