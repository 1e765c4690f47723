// Use case: an orderer administrator stops a webhook receiver. Deliveries still waiting for it
// are given up; nothing more is queued for it. Scoped to the orderer; audited.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { DbOrTrx } from '../../db/database.ts';
import type { AdminActor } from '../tokens/create-api-token.ts';

export type DisableEndpointResult = { ok: true } | { ok: false; reason: 'not_found' };

export async function disableWebhookEndpoint(trx: DbOrTrx, actor: AdminActor, endpointId: string, now: Date): Promise<DisableEndpointResult> {
  const endpoint = await trx
    .selectFrom('webhook_endpoints')
    .select(['id', 'disabled_at'])
    .where('id', '=', endpointId)
    .where('orderer_id', '=', actor.organisationId)
    .executeTakeFirst();
  if (!endpoint) return { ok: false, reason: 'not_found' };
  if (endpoint.disabled_at) return { ok: true };
  await trx.updateTable('webhook_endpoints').set({ disabled_at: now, disabled_by_user_id: actor.userId }).where('id', '=', endpointId).execute();
  await trx
    .updateTable('webhook_deliveries')
    .set({ failed_at: now, last_error: '受信先が停止されました / endpoint disabled' })
    .where('endpoint_id', '=', endpointId)
    .where('delivered_at', 'is', null)
    .where('failed_at', 'is', null)
    .execute();
  await appendAuditEvent(trx, actor, { action: 'api.webhook_endpoint_disabled', subjectType: 'webhook_endpoint', subjectId: endpointId }, now);
  return { ok: true };
}
