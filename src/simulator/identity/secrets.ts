/**
 * Small crypto helpers for the identity service: unguessable tokens, constant-time comparison and
 * the digests under which codes and refresh tokens are stored (so no map in memory holds a usable
 * credential that a stray `util.inspect` could print).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `bytes` random bytes as base64url: mixed case, so a lower-cased copy no longer matches. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Compares two strings in time independent of where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** SHA-256 of a string, base64url. */
export function digest(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}
