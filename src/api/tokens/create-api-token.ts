// Use case: an orderer administrator creates an API token for its own organisation. The token is
// returned once (to show on the screen) and stored as SHA-256 only; the creation is audited.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { hashApiToken, newApiToken, tokenHint } from './api-tokens.ts';

export const MAX_ACTIVE_TOKENS = 20;

export interface AdminActor {
  userId: string;
  organisationId: string; // the orderer (tenant)
  ip: string | null;
}

export type CreateTokenResult = { ok: true; id: string; token: string } | { ok: false; field: 'name'; message: string };

export async function createApiToken(trx: DbOrTrx, actor: AdminActor, input: { name: string }, now: Date): Promise<CreateTokenResult> {
  const active = await trx
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('orderer_id', '=', actor.organisationId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(active.n) >= MAX_ACTIVE_TOKENS) {
    return { ok: false, field: 'name', message: `有効なAPIトークンは${MAX_ACTIVE_TOKENS}件までです。使っていないトークンを無効にしてから作成してください。` };
  }
  const token = newApiToken();
  const row = await trx
    .insertInto('api_tokens')
    .values({
      orderer_id: actor.organisationId,
      name: input.name,
      token_hash: hashApiToken(token),
      token_hint: tokenHint(token),
      created_by_user_id: actor.userId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendAuditEvent(trx, actor, { action: 'api.token_created', subjectType: 'api_token', subjectId: row.id, data: { name: input.name } }, now);
  return { ok: true, id: row.id, token };
}
