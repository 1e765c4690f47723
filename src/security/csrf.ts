// CSRF tokens bound to the visitor: an HMAC of the session token (or, before
// login, of an anonymous cookie id). A new session at login means a new token.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function csrfToken(key: Buffer, basis: string): string {
  return createHmac('sha256', key).update(`csrf:${basis}`).digest('base64url');
}

export function isValidCsrfToken(key: Buffer, basis: string | null, token: unknown): boolean {
  if (!basis || typeof token !== 'string' || token.length === 0) return false;
  const expected = Buffer.from(csrfToken(key, basis));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
