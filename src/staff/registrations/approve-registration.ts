// Use case: a surety user approves a pending contractor registration. The company becomes
// active and each of its pending users receives the activation email (single-use link, 72 h).
import { appendAuditEvent, auditActorOf } from '../../audit/audit-log.ts';
import type { Actor } from '../../auth/sessions.ts';
import type { Db } from '../../db/database.ts';
import { enqueueMail } from '../../mail/outbox.ts';
import { issueActivationToken } from '../../enet/registration/activation-tokens.ts';
import { activationMail } from '../../enet/registration/mails.ts';

export type ApprovalResult = { ok: true; organisationName: string; mailed: number } | { ok: false; reason: 'not_pending' };

export async function approveRegistration(db: Db, actor: Actor, organisationId: string, meta: { ip: string; now: Date; baseUrl: string }): Promise<ApprovalResult> {
  return db.transaction().execute(async (trx) => {
    const organisation = await trx
      .updateTable('organisations')
      .set({ status: 'active' })
      .where('id', '=', organisationId)
      .where('kind', '=', 'contractor')
      .where('status', '=', 'pending')
      .returning(['id', 'name'])
      .executeTakeFirst();
    if (!organisation) return { ok: false as const, reason: 'not_pending' as const };
    const users = await trx
      .selectFrom('users')
      .select(['id', 'login_id', 'display_name', 'email'])
      .where('organisation_id', '=', organisation.id)
      .where('status', '=', 'pending')
      .execute();
    let mailed = 0;
    for (const user of users) {
      if (!user.email) continue;
      const { token, expiresAt } = await issueActivationToken(trx, user.id, actor.userId, meta.now);
      await enqueueMail(
        trx,
        activationMail({
          to: user.email,
          organisationName: organisation.name,
          displayName: user.display_name,
          loginId: user.login_id,
          link: `${meta.baseUrl}/enet/activate/${token}`,
          expiresAt,
          reason: 'approved',
        }),
        meta.now,
      );
      mailed++;
    }
    await appendAuditEvent(
      trx,
      auditActorOf(actor, meta.ip),
      { action: 'contractor_registration.approved', subjectType: 'organisation', subjectId: organisation.id, data: { name: organisation.name, activationMails: mailed } },
      meta.now,
    );
    return { ok: true as const, organisationName: organisation.name, mailed };
  });
}
