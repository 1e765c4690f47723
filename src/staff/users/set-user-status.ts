// Use case: the administrator disables a user (its sessions end at once) or enables it again.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import { revokeUserSessions } from '../../auth/sessions.ts';
import type { Trx } from '../../db/database.ts';
import type { StaffActor } from '../../issuance/conclude-guarantee.ts';

export type SetUserStatusResult = { ok: true } | { ok: false; reason: 'not_found' | 'self' | 'unchanged' };

export async function setUserStatus(trx: Trx, actor: StaffActor, input: { userId: string; enabled: boolean }, now: Date): Promise<SetUserStatusResult> {
  const user = await trx
    .selectFrom('users')
    .select(['id', 'status', 'password_hash'])
    .where('id', '=', input.userId)
    .where('organisation_id', '=', actor.organisationId)
    .forUpdate()
    .executeTakeFirst();
  if (!user) return { ok: false, reason: 'not_found' };
  if (user.id === actor.userId) return { ok: false, reason: 'self' };
  // An enabled account is active when it has a password, pending when it still needs activation.
  const to = input.enabled ? (user.password_hash ? 'active' : 'pending') : 'disabled';
  if (user.status === to || (input.enabled && user.status !== 'disabled')) return { ok: false, reason: 'unchanged' };
  await trx.updateTable('users').set({ status: to, updated_at: now }).where('id', '=', user.id).where('organisation_id', '=', actor.organisationId).execute();
  if (!input.enabled) await revokeUserSessions(trx, user.id, now);
  await appendAuditEvent(
    trx,
    { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip },
    { action: input.enabled ? 'user.enabled' : 'user.disabled', subjectType: 'user', subjectId: user.id, data: { from: user.status, to } },
    now,
  );
  return { ok: true };
}
