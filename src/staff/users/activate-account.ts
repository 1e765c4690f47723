// Use case: a new back-office user opens the activation link and sets a password.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { Trx } from '../../db/database.ts';

export type ActivationResult = { ok: true; loginId: string } | { ok: false };

/** Sets the password of a pending surety user; false when the account is not pending (used or disabled). */
export async function activateAccount(trx: Trx, input: { userId: string; passwordHash: string; ip: string | null }, now: Date): Promise<ActivationResult> {
  const updated = await trx
    .updateTable('users')
    .set({ password_hash: input.passwordHash, status: 'active', updated_at: now })
    .where('id', '=', input.userId)
    .where('status', '=', 'pending')
    .where('password_hash', 'is', null)
    .where((eb) => eb.exists(eb.selectFrom('organisations').select('organisations.id').whereRef('organisations.id', '=', 'users.organisation_id').where('organisations.kind', '=', 'surety')))
    .returning(['id', 'login_id', 'organisation_id'])
    .executeTakeFirst();
  if (!updated) return { ok: false };
  await appendAuditEvent(trx, { userId: updated.id, organisationId: updated.organisation_id, ip: input.ip }, { action: 'user.activated', subjectType: 'user', subjectId: updated.id }, now);
  return { ok: true, loginId: updated.login_id };
}
