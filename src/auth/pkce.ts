/** PKCE (RFC 7636, S256) and `state` values for the authorization-code flows. */
import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  /** 43 characters of base64url, within the 43-128 allowed (xero-platform-facts.md §3.3). */
  readonly verifier: string;
  readonly challenge: string;
}

export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** An unguessable `state` for one authorization request. */
export function randomState(): string {
  return randomBytes(16).toString('base64url');
}

/** SHA-256 hex of a value that must be recognisable later but not stored (an authorization code). */
export function fingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
