// Webhook signing. Each receiver has its own secret, derived from a random salt stored with the
// endpoint and the server's 'webhook-secret' key: the database holds no secret, yet the worker
// can always recompute it. A request is
// signed as HMAC-SHA256(secret, "<timestamp>.<body>") in hex, sent as
//   X-DenshiHosho-Timestamp: <unix seconds>
//   X-DenshiHosho-Signature: sha256=<hex>
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Secrets } from '../../secrets.ts';

export const SIGNATURE_HEADER = 'x-denshihosho-signature';
export const TIMESTAMP_HEADER = 'x-denshihosho-timestamp';
export const EVENT_HEADER = 'x-denshihosho-event';
export const DELIVERY_HEADER = 'x-denshihosho-delivery';

const webhookKey = (secrets: Secrets): Buffer => secrets.key('webhook-secret');

export function newSecretSalt(): string {
  return randomBytes(16).toString('base64url');
}

/** The receiver's secret (whsec_…), shown to the orderer once when the endpoint is registered. */
export function webhookSecret(secrets: Secrets, salt: string): string {
  return `whsec_${createHmac('sha256', webhookKey(secrets)).update(`webhook:${salt}`, 'utf8').digest('base64url')}`;
}

/** sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")> */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** What a receiver does: recompute and compare in constant time. */
export function isValidWebhookSignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
