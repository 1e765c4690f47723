// Use case: an orderer admin disables (利用停止) or re-enables (利用再開) a user of its own
// organisation. Disabling ends the user's sessions at once. An admin cannot disable itself.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import { revokeUserSessions } from '../../auth/sessions.ts';
import type { DbOrTrx } from '../../db/database.ts';

export type SetUserStatusResult = { ok: true } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'self'; message: string };

export async function setOrdererUserStatus(
  trx: DbOrTrx,
  admin: { userId: string; organisationId: string; ip: string },
  userId: string,
  status: 'active' | 'disabled',
  now: Date,
): Promise<SetUserStatusResult> {
  const user = await trx
    .selectFrom('users')
    .select(['id', 'status'])
    .where('organisation_id', '=', admin.organisationId)
    .where('id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
  if (!user) return { ok: false, reason: 'not_found' };
  if (user.id === admin.userId && status === 'disabled') {
    return { ok: false, reason: 'self', message: 'ご自身のアカウントは利用停止にできません。別の管理者に依頼してください。' };
  }
  if (user.status === status) return { ok: true };
  await trx.updateTable('users').set({ status, updated_at: now }).where('organisation_id', '=', admin.organisationId).where('id', '=', userId).execute();
  if (status === 'disabled') await revokeUserSessions(trx, userId, now);
  await appendAuditEvent(
    trx,
    { userId: admin.userId, organisationId: admin.organisationId, ip: admin.ip },
    { action: status === 'disabled' ? 'dsure.user_disabled' : 'dsure.user_enabled', subjectType: 'user', subjectId: userId },
    now,
  );
  return { ok: true };
}
