/**
 * PKCE (RFC 7636) as Xero uses it: the method is always S256 and the verifier is 43 to 128
 * characters of `A-Z a-z 0-9 - . _ ~` (xero-platform-facts.md §3.3).
 */
import { createHash } from 'node:crypto';
import { safeEqual } from './secrets.js';

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** BASE64URL of a SHA-256 digest is always 43 characters without padding. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** True when `verifier` has the length and alphabet RFC 7636 §4.1 requires. */
export function isValidCodeVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier);
}

/** True when `challenge` could be an S256 challenge. */
export function isValidCodeChallenge(challenge: string): boolean {
  return S256_CHALLENGE.test(challenge);
}

/** `BASE64URL(SHA256(ASCII(verifier)))`. */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** True when `verifier` is well-formed and hashes to `challenge`. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  return isValidCodeVerifier(verifier) && safeEqual(s256Challenge(verifier), challenge);
}
