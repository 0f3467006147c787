import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { connectionDate, tokenExpiredStamp } from '../../src/simulator/identity/dates.js';
import { createSigningKey, signJwt, verifyJwt } from '../../src/simulator/identity/jwt.js';
import { isValidCodeChallenge, isValidCodeVerifier, pkceMatches, s256Challenge } from '../../src/simulator/identity/pkce.js';

const key = createSigningKey();
const other = createSigningKey();

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('identity JWTs', () => {
  it('signs RS256 tokens that verify with the key, its JWK and plain node:crypto', () => {
    const token = signJwt(key, { sub: 'abc', n: 1 }, 'at+jwt');
    const verified = verifyJwt(token, key.publicKey, key.kid);
    assert.ok(verified);
    assert.deepEqual(verified.header, { alg: 'RS256', kid: key.kid, typ: 'at+jwt' });
    assert.deepEqual(verified.payload, { sub: 'abc', n: 1 });
    const fromJwk = createPublicKey({ key: { ...key.jwk }, format: 'jwk' });
    assert.ok(verifyJwt(token, fromJwk, key.kid));
    assert.equal(key.jwk.kid, key.kid);
    assert.match(key.kid, /^[0-9A-F]{40}$/);
  });

  it('rejects a tampered payload, header or signature', () => {
    const token = signJwt(key, { scope: ['accounting.settings.read'] });
    const [h, p, s] = token.split('.') as [string, string, string];
    const widened = b64({ scope: ['accounting.settings'] });
    assert.equal(verifyJwt(`${h}.${widened}.${s}`, key.publicKey, key.kid), undefined);
    const flipped = `${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.equal(verifyJwt(`${h}.${p}.${flipped}`, key.publicKey, key.kid), undefined);
    assert.equal(verifyJwt(`${b64({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' })}.${p}.${s}`, key.publicKey, key.kid), undefined);
  });

  it('rejects another key, another kid, alg none and malformed input', () => {
    const foreign = signJwt(other, { sub: 'x' });
    assert.equal(verifyJwt(foreign, key.publicKey, key.kid), undefined);
    assert.equal(verifyJwt(foreign, other.publicKey, key.kid), undefined);
    const none = `${b64({ alg: 'none', kid: key.kid, typ: 'JWT' })}.${b64({ sub: 'x' })}.`;
    assert.equal(verifyJwt(none, key.publicKey, key.kid), undefined);
    const hs = `${b64({ alg: 'HS256', kid: key.kid, typ: 'JWT' })}.${b64({ sub: 'x' })}.c2ln`;
    assert.equal(verifyJwt(hs, key.publicKey, key.kid), undefined);
    for (const junk of ['', 'a.b', 'a.b.c.d', 'not a jwt', '!!.??.**']) assert.equal(verifyJwt(junk, key.publicKey, key.kid), undefined);
  });

  it('gives each key its own kid', () => {
    assert.notEqual(key.kid, other.kid);
  });
});

describe('PKCE', () => {
  // The RFC 7636 Appendix B example.
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

  it('computes BASE64URL(SHA256(verifier)) as in RFC 7636 Appendix B', () => {
    assert.equal(s256Challenge(verifier), challenge);
    assert.ok(pkceMatches(verifier, challenge));
    assert.ok(isValidCodeChallenge(challenge));
  });

  it('refuses a wrong verifier, and verifiers of the wrong length or alphabet', () => {
    assert.ok(!pkceMatches(`${verifier.slice(0, -1)}Y`, challenge));
    assert.ok(isValidCodeVerifier('a'.repeat(43)) && isValidCodeVerifier('a'.repeat(128)));
    assert.ok(isValidCodeVerifier('AZaz09-._~'.repeat(5)));
    assert.ok(!isValidCodeVerifier('a'.repeat(42)));
    assert.ok(!isValidCodeVerifier('a'.repeat(129)));
    assert.ok(!isValidCodeVerifier(`${'a'.repeat(43)}+`));
    assert.ok(!isValidCodeVerifier(`${'a'.repeat(43)} `));
    // A too-short verifier is refused even when its hash matches.
    assert.ok(!pkceMatches('short', s256Challenge('short')));
    assert.ok(!isValidCodeChallenge(`${challenge}=`));
    assert.ok(!isValidCodeChallenge('plain-text-challenge'));
  });
});

describe('identity date formats', () => {
  it('writes connection dates with seven fractional digits and no zone', () => {
    assert.equal(connectionDate(Date.UTC(2019, 11, 7, 18, 46, 19, 516)), '2019-12-07T18:46:19.5160000');
  });

  it('writes the TokenExpired instant as MM/dd/yyyy HH:mm:ss UTC', () => {
    assert.equal(tokenExpiredStamp(Date.UTC(2023, 3, 9, 5, 16, 59)), '04/09/2023 05:16:59');
  });
});
