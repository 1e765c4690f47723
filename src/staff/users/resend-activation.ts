// Use case: the administrator sends the activation link again to a user who has not set a password yet.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { Trx } from '../../db/database.ts';
import type { StaffActor } from '../../issuance/conclude-guarantee.ts';
import { enqueueMail } from '../../mail/outbox.ts';
import type { Secrets } from '../../secrets.ts';
import { activationMail } from './add-staff-user.ts';

export type ResendResult = { ok: true } | { ok: false; reason: 'not_found' | 'not_pending' | 'no_email' };

export async function resendActivation(
  trx: Trx,
  deps: { secrets: Secrets; baseUrl: string },
  actor: StaffActor & { organisationName: string },
  userId: string,
  now: Date,
): Promise<ResendResult> {
  const user = await trx
    .selectFrom('users')
    .select(['id', 'login_id', 'display_name', 'email', 'role', 'status'])
    .where('id', '=', userId)
    .where('organisation_id', '=', actor.organisationId)
    .executeTakeFirst();
  if (!user) return { ok: false, reason: 'not_found' };
  if (user.status !== 'pending') return { ok: false, reason: 'not_pending' };
  if (!user.email) return { ok: false, reason: 'no_email' };
  await enqueueMail(trx, activationMail(deps, { userId: user.id, loginId: user.login_id, displayName: user.display_name, email: user.email, role: user.role, organisationName: actor.organisationName }, now), now);
  await appendAuditEvent(trx, { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip }, { action: 'user.activation_resent', subjectType: 'user', subjectId: user.id }, now);
  return { ok: true };
}
