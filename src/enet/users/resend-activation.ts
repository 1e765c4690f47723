// Use case: a contractor administrator sends a new activation link to a pending user of its
// own company (the first one expired or was lost). Earlier links stop working.
import { appendAuditEvent, auditActorOf } from '../../audit/audit-log.ts';
import type { Actor } from '../../auth/sessions.ts';
import type { Db } from '../../db/database.ts';
import { enqueueMail } from '../../mail/outbox.ts';
import { issueActivationToken } from '../registration/activation-tokens.ts';
import { activationMail } from '../registration/mails.ts';

export async function resendActivation(db: Db, actor: Actor, userId: string, meta: { ip: string; now: Date; baseUrl: string }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'login_id', 'display_name', 'email'])
      .where('id', '=', userId)
      .where('organisation_id', '=', actor.organisationId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (!user || !user.email) return false;
    const { token, expiresAt } = await issueActivationToken(trx, user.id, actor.userId, meta.now);
    await enqueueMail(
      trx,
      activationMail({
        to: user.email,
        organisationName: actor.organisationName,
        displayName: user.display_name,
        loginId: user.login_id,
        link: `${meta.baseUrl}/enet/activate/${token}`,
        expiresAt,
        reason: 'reissued',
      }),
      meta.now,
    );
    await appendAuditEvent(trx, auditActorOf(actor, meta.ip), { action: 'user.activation_reissued', subjectType: 'user', subjectId: user.id }, meta.now);
    return true;
  });
}
