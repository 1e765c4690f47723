// Use case: a contractor administrator adds a user to its own company. The user is pending
// until it sets a password from the activation email.
import { appendAuditEvent, auditActorOf } from '../../audit/audit-log.ts';
import type { Actor } from '../../auth/sessions.ts';
import type { Db } from '../../db/database.ts';
import { enqueueMail } from '../../mail/outbox.ts';
import { issueActivationToken } from '../registration/activation-tokens.ts';
import { newLoginId } from '../registration/login-ids.ts';
import { activationMail } from '../registration/mails.ts';

export interface NewCompanyUser {
  displayName: string;
  email: string;
  role: 'contractor_admin' | 'contractor_member';
}

export async function addCompanyUser(db: Db, actor: Actor, input: NewCompanyUser, meta: { ip: string; now: Date; baseUrl: string }): Promise<{ userId: string; loginId: string }> {
  return db.transaction().execute(async (trx) => {
    const loginId = await newLoginId(trx);
    const user = await trx
      .insertInto('users')
      .values({
        organisation_id: actor.organisationId,
        login_id: loginId,
        display_name: input.displayName,
        email: input.email,
        role: input.role,
        password_hash: null,
        status: 'pending',
        created_at: meta.now,
        updated_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { token, expiresAt } = await issueActivationToken(trx, user.id, actor.userId, meta.now);
    await enqueueMail(
      trx,
      activationMail({
        to: input.email,
        organisationName: actor.organisationName,
        displayName: input.displayName,
        loginId,
        link: `${meta.baseUrl}/enet/activate/${token}`,
        expiresAt,
        reason: 'added',
      }),
      meta.now,
    );
    await appendAuditEvent(trx, auditActorOf(actor, meta.ip), { action: 'user.added', subjectType: 'user', subjectId: user.id, data: { loginId, role: input.role } }, meta.now);
    return { userId: user.id, loginId };
  });
}
