// Use case: an orderer administrator registers a webhook receiver. Its secret is returned once
// (to show on the screen); only the salt it is derived from is stored. Audited.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { DbOrTrx } from '../../db/database.ts';
import type { Secrets } from '../../secrets.ts';
import type { AdminActor } from '../tokens/create-api-token.ts';
import { newSecretSalt, webhookSecret } from './webhook-secrets.ts';

export const MAX_ACTIVE_ENDPOINTS = 5;

export type CreateEndpointResult = { ok: true; id: string; secret: string } | { ok: false; field: 'url'; message: string };

export async function createWebhookEndpoint(
  trx: DbOrTrx,
  secrets: Secrets,
  actor: AdminActor,
  input: { url: string; description: string },
  now: Date,
): Promise<CreateEndpointResult> {
  const active = await trx
    .selectFrom('webhook_endpoints')
    .select(['url'])
    .where('orderer_id', '=', actor.organisationId)
    .where('disabled_at', 'is', null)
    .execute();
  if (active.some((e) => e.url === input.url)) return { ok: false, field: 'url', message: 'このURLはすでに登録されています。' };
  if (active.length >= MAX_ACTIVE_ENDPOINTS) {
    return { ok: false, field: 'url', message: `有効な受信先は${MAX_ACTIVE_ENDPOINTS}件までです。使っていない受信先を停止してから登録してください。` };
  }
  const salt = newSecretSalt();
  const row = await trx
    .insertInto('webhook_endpoints')
    .values({ orderer_id: actor.organisationId, url: input.url, description: input.description, secret_salt: salt, created_by_user_id: actor.userId, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendAuditEvent(trx, actor, { action: 'api.webhook_endpoint_created', subjectType: 'webhook_endpoint', subjectId: row.id, data: { url: input.url } }, now);
  return { ok: true, id: row.id, secret: webhookSecret(secrets, salt) };
}
