// Use case: an orderer administrator revokes one of its API tokens; from then on every request
// with it is refused (401). Scoped to the orderer: another orderer's token is "not found".
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { DbOrTrx } from '../../db/database.ts';
import type { AdminActor } from './create-api-token.ts';

export type RevokeTokenResult = { ok: true } | { ok: false; reason: 'not_found' };

export async function revokeApiToken(trx: DbOrTrx, actor: AdminActor, tokenId: string, now: Date): Promise<RevokeTokenResult> {
  const token = await trx.selectFrom('api_tokens').select(['id', 'revoked_at']).where('id', '=', tokenId).where('orderer_id', '=', actor.organisationId).executeTakeFirst();
  if (!token) return { ok: false, reason: 'not_found' };
  if (token.revoked_at) return { ok: true }; // revoking twice changes nothing
  await trx
    .updateTable('api_tokens')
    .set({ revoked_at: now, revoked_by_user_id: actor.userId })
    .where('id', '=', tokenId)
    .where('orderer_id', '=', actor.organisationId)
    .where('revoked_at', 'is', null)
    .execute();
  await appendAuditEvent(trx, actor, { action: 'api.token_revoked', subjectType: 'api_token', subjectId: tokenId }, now);
  return { ok: true };
}
