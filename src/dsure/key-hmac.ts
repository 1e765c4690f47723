// D-Sure never stores a 認証キー: only an HMAC of its canonical form under a server secret,
// so a copy of the database alone reveals no key and cannot be used to test guesses offline.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Secrets } from '../secrets.ts';

/** HMAC-SHA256 (hex) of a canonical 認証キー (as returned by the domain's parseAuthenticationKey). */
export function authenticationKeyHmac(secrets: Secrets, canonicalKey: string): string {
  return createHmac('sha256', secrets.key('authentication-key-hmac')).update(canonicalKey, 'utf8').digest('hex');
}

/** Constant-time comparison of two HMACs in hex. */
export function sameHmac(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
