// Use case: a contractor administrator disables a user of its own company. Its sessions end
// at once and its unused activation links stop working. An administrator cannot disable itself.
import { appendAuditEvent, auditActorOf } from '../../audit/audit-log.ts';
import { revokeUserSessions } from '../../auth/sessions.ts';
import type { Actor } from '../../auth/sessions.ts';
import type { Db } from '../../db/database.ts';

export type DisableResult = { ok: true; displayName: string } | { ok: false; reason: 'not_found' | 'self' | 'already_disabled' };

export async function disableCompanyUser(db: Db, actor: Actor, userId: string, meta: { ip: string; now: Date }): Promise<DisableResult> {
  if (userId === actor.userId) return { ok: false, reason: 'self' };
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'display_name', 'status'])
      .where('id', '=', userId)
      .where('organisation_id', '=', actor.organisationId)
      .forUpdate()
      .executeTakeFirst();
    if (!user) return { ok: false as const, reason: 'not_found' as const };
    if (user.status === 'disabled') return { ok: false as const, reason: 'already_disabled' as const };
    await trx.updateTable('users').set({ status: 'disabled', updated_at: meta.now }).where('id', '=', user.id).where('organisation_id', '=', actor.organisationId).execute();
    await revokeUserSessions(trx, user.id, meta.now);
    await trx
      .updateTable('activation_tokens')
      .set({ revoked_at: meta.now })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
    await appendAuditEvent(trx, auditActorOf(actor, meta.ip), { action: 'user.disabled', subjectType: 'user', subjectId: user.id, data: { previousStatus: user.status } }, meta.now);
    return { ok: true as const, displayName: user.display_name };
  });
}
