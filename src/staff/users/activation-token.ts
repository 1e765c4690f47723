// Single-use activation links for new back-office users: the token is an HMAC (server secret
// 'activation-token') over the user id and an expiry. It is single-use because it only works
// while the account is still pending; it cannot be guessed (256-bit MAC).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Secrets } from '../../secrets.ts';

export const ACTIVATION_VALID_HOURS = 72;

function mac(secrets: Secrets, userId: string, expires: number): Buffer {
  return createHmac('sha256', secrets.key('activation-token')).update(`staff-activation|${userId}|${expires}`, 'utf8').digest();
}

export function createActivationToken(secrets: Secrets, userId: string, now: Date): string {
  const expires = Math.floor(now.getTime() / 1000) + ACTIVATION_VALID_HOURS * 3600;
  return `${userId}.${expires}.${mac(secrets, userId, expires).toString('base64url')}`;
}

/** The user id of a valid, unexpired token, or null. */
export function readActivationToken(secrets: Secrets, token: string, now: Date): string | null {
  const match = /^([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, userId, expiresText, given] = match as unknown as [string, string, string, string];
  const expires = Number(expiresText);
  if (expires * 1000 < now.getTime()) return null;
  // Compared as text: base64url has several spellings of the same bytes, a token has one.
  const expected = Buffer.from(mac(secrets, userId, expires).toString('base64url'), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? userId : null;
}
