// Use case: a surety user sends a new activation link to an approved contractor administrator
// who has not set a password (e.g. the first link expired). Earlier links stop working.
import { appendAuditEvent, auditActorOf } from '../../audit/audit-log.ts';
import type { Actor } from '../../auth/sessions.ts';
import type { Db } from '../../db/database.ts';
import { enqueueMail } from '../../mail/outbox.ts';
import { issueActivationToken } from '../../enet/registration/activation-tokens.ts';
import { activationMail } from '../../enet/registration/mails.ts';

/** A new activation link for an approved administrator who has not set a password. */
export async function resendAdminActivation(db: Db, actor: Actor, userId: string, meta: { ip: string; now: Date; baseUrl: string }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select(['users.id', 'users.login_id', 'users.display_name', 'users.email', 'organisations.name'])
      .where('users.id', '=', userId)
      .where('users.status', '=', 'pending')
      .where('users.role', '=', 'contractor_admin')
      .where('organisations.kind', '=', 'contractor')
      .where('organisations.status', '=', 'active')
      .executeTakeFirst();
    if (!user || !user.email) return false;
    const { token, expiresAt } = await issueActivationToken(trx, user.id, actor.userId, meta.now);
    await enqueueMail(
      trx,
      activationMail({ to: user.email, organisationName: user.name, displayName: user.display_name, loginId: user.login_id, link: `${meta.baseUrl}/enet/activate/${token}`, expiresAt, reason: 'reissued' }),
      meta.now,
    );
    await appendAuditEvent(trx, auditActorOf(actor, meta.ip), { action: 'user.activation_reissued', subjectType: 'user', subjectId: user.id }, meta.now);
    return true;
  });
}
