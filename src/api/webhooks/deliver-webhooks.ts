// The webhook worker: the mail outbox's pattern. Due deliveries are claimed in a short
// transaction (FOR UPDATE SKIP LOCKED, so two workers or instances never take the same row),
// POSTed with their signature, then marked delivered; a failure (not 2xx, a timeout, a network
// error) schedules a retry with exponential backoff, and after the last attempt the delivery is
// given up. Redirects are not followed. Every attempt gets a fresh timestamp and signature; the
// body and its id stay the same (receivers can ignore a repeat).
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { startPeriodicWorker, type PeriodicWorker } from '../../ops/periodic-worker.ts';
import type { Db } from '../../db/database.ts';
import type { Secrets } from '../../secrets.ts';
import { webhookSecret, webhookSignature } from './webhook-secrets.ts';

const CLAIM_SECONDS = 300; // longer than a batch of timeouts (20 × 10 s), so a slow batch is never taken twice
const MAX_BACKOFF_SECONDS = 3600;
export const MAX_WEBHOOK_ATTEMPTS = 12;
export const WEBHOOK_TIMEOUT_MS = 10_000;
const BATCH = 20;

/** 30 s, 1 min, 2 min … at most 1 h. */
export function webhookBackoffSeconds(attempts: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, 30 * 2 ** Math.max(0, attempts - 1));
}

export interface WebhookRunResult {
  delivered: number;
  failed: number;
}

/** Delivers the due webhooks once. */
export async function deliverDueWebhooks(db: Db, secrets: Secrets, now: Date, options: { limit?: number; timeoutMs?: number } = {}): Promise<WebhookRunResult> {
  const limit = options.limit ?? BATCH;
  const claimed = await db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('webhook_deliveries')
      .select(['id', 'endpoint_id', 'event_type', 'body', 'attempts'])
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length > 0) {
      await trx
        .updateTable('webhook_deliveries')
        .set({ claimed_until: new Date(now.getTime() + CLAIM_SECONDS * 1000), attempts: sql`attempts + 1` })
        .where('id', 'in', rows.map((r) => r.id))
        .execute();
    }
    return rows;
  });
  if (claimed.length === 0) return { delivered: 0, failed: 0 };
  const endpoints = await db
    .selectFrom('webhook_endpoints')
    .select(['id', 'url', 'secret_salt', 'disabled_at'])
    .where('id', 'in', [...new Set(claimed.map((c) => c.endpoint_id))])
    .execute();
  const byId = new Map(endpoints.map((e) => [e.id, e]));

  let delivered = 0;
  let failed = 0;
  for (const row of claimed) {
    const attempts = row.attempts + 1;
    const endpoint = byId.get(row.endpoint_id);
    if (!endpoint || endpoint.disabled_at) {
      await db.updateTable('webhook_deliveries').set({ claimed_until: null, failed_at: now, last_error: '受信先が停止されました / endpoint disabled' }).where('id', '=', row.id).execute();
      failed++;
      continue;
    }
    const timestamp = String(Math.floor(now.getTime() / 1000));
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'denshi-hosho-webhook/1',
          'x-denshihosho-event': row.event_type,
          'x-denshihosho-delivery': row.id,
          'x-denshihosho-timestamp': timestamp,
          'x-denshihosho-signature': webhookSignature(webhookSecret(secrets, endpoint.secret_salt), timestamp, row.body),
        },
        body: row.body,
      });
      status = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      const cause = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
      error = cause.slice(0, 500);
    }
    if (error === null) {
      await db.updateTable('webhook_deliveries').set({ delivered_at: now, claimed_until: null, last_status: status, last_error: null }).where('id', '=', row.id).execute();
      delivered++;
    } else {
      const givingUp = attempts >= MAX_WEBHOOK_ATTEMPTS;
      await db
        .updateTable('webhook_deliveries')
        .set({
          claimed_until: null,
          last_status: status,
          last_error: error,
          ...(givingUp ? { failed_at: now } : { next_attempt_at: new Date(now.getTime() + webhookBackoffSeconds(attempts) * 1000) }),
        })
        .where('id', '=', row.id)
        .execute();
      failed++;
    }
  }
  return { delivered, failed };
}

/** Runs deliverDueWebhooks every `intervalMs`; stops when the app closes. */
export function startWebhookWorker(app: FastifyInstance, ctx: AppContext, intervalMs = 2000): PeriodicWorker {
  const worker = startPeriodicWorker(
    async () => {
      let result;
      do result = await deliverDueWebhooks(ctx.db, ctx.secrets, ctx.now());
      while (result.delivered + result.failed === BATCH);
    },
    intervalMs,
    (error) => app.log.error(error),
  );
  app.addHook('onClose', worker.stop);
  return worker;
}
