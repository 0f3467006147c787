/**
 * RS256 JSON Web Tokens with node:crypto alone. One key pair is generated per simulator run; its
 * `kid` is the RFC 7638 thumbprint of the public key, so it is stable for the run and changes
 * with the key.
 */
import { createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/** The public half of the signing key as a JWK, as served from the JWKS endpoint. */
export interface PublicJwk {
  readonly kty: 'RSA';
  readonly use: 'sig';
  readonly alg: 'RS256';
  readonly kid: string;
  readonly n: string;
  readonly e: string;
}

/** A signing key pair and its identifiers. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly jwk: PublicJwk;
}

/** A JOSE header as this module writes and accepts it. */
export interface JwtHeader {
  readonly alg: 'RS256';
  readonly kid: string;
  readonly typ: string;
}

/** A token whose signature checked out. Claims are not validated here (expiry, audience...). */
export interface VerifiedJwt {
  readonly header: JwtHeader;
  readonly payload: Readonly<Record<string, unknown>>;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** Generates a fresh 2048-bit RSA key pair. */
export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: 'jwk' });
  if (typeof n !== 'string' || typeof e !== 'string') throw new Error('node:crypto exported an RSA key without n/e');
  // RFC 7638: hash the required members, in lexicographic order, with no whitespace.
  const kid = createHash('sha256').update(JSON.stringify({ e, kty: 'RSA', n })).digest('hex').slice(0, 40).toUpperCase();
  return { kid, privateKey, publicKey, jwk: { kty: 'RSA', use: 'sig', alg: 'RS256', kid, n, e } };
}

/** Signs `payload` with RS256. `typ` tells token kinds apart (`at+jwt` for access tokens, RFC 9068). */
export function signJwt(key: SigningKey, payload: Readonly<Record<string, unknown>>, typ = 'JWT'): string {
  const header: JwtHeader = { alg: 'RS256', kid: key.kid, typ };
  const input = `${encodeSegment(header)}.${encodeSegment(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input, 'ascii'), key.privateKey).toString('base64url')}`;
}

/**
 * Checks a compact JWS against `publicKey`. Returns undefined for anything malformed, for an
 * algorithm other than RS256 (no `none`, no HMAC-with-the-public-key confusion), for another
 * `kid`, or for a bad signature.
 */
export function verifyJwt(token: string, publicKey: KeyObject, kid: string): VerifiedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const header = decodeSegment(h);
  if (!header || header.alg !== 'RS256' || header.kid !== kid || typeof header.typ !== 'string') return undefined;
  if (!verify('sha256', Buffer.from(`${h}.${p}`, 'ascii'), publicKey, Buffer.from(s, 'base64url'))) return undefined;
  const payload = decodeSegment(p);
  if (!payload) return undefined;
  return { header: { alg: 'RS256', kid, typ: header.typ }, payload };
}

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
