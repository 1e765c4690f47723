// Use case: a surety user declines a pending contractor registration, with a reason mailed to the applicant.
import { appendAuditEvent, auditActorOf } from '../../audit/audit-log.ts';
import type { Actor } from '../../auth/sessions.ts';
import type { Db } from '../../db/database.ts';
import { enqueueMail } from '../../mail/outbox.ts';

export async function declineRegistration(
  db: Db,
  actor: Actor,
  organisationId: string,
  reason: string,
  meta: { ip: string; now: Date },
): Promise<{ ok: true; organisationName: string } | { ok: false; reason: 'not_pending' }> {
  return db.transaction().execute(async (trx) => {
    const organisation = await trx
      .updateTable('organisations')
      .set({ status: 'disabled' })
      .where('id', '=', organisationId)
      .where('kind', '=', 'contractor')
      .where('status', '=', 'pending')
      .returning(['id', 'name', 'email'])
      .executeTakeFirst();
    if (!organisation) return { ok: false as const, reason: 'not_pending' as const };
    const users = await trx
      .updateTable('users')
      .set({ status: 'disabled', updated_at: meta.now })
      .where('organisation_id', '=', organisation.id)
      .returning(['display_name', 'email'])
      .execute();
    for (const user of users) {
      if (!user.email) continue;
      await enqueueMail(
        trx,
        {
          to: user.email,
          template: 'enet_registration_declined',
          subject: '【e-Net保証】利用者登録の申請について',
          text: [
            organisation.name,
            `${user.display_name} 様`,
            '',
            'e-Net保証の利用者登録の申請をいただき、ありがとうございました。',
            '申請の内容を確認しましたが、次の理由により、このままでは登録できませんでした。',
            '',
            `理由：${reason}`,
            '',
            '内容をご確認のうえ、あらためて申請してください。ご不明な点は保証会社にお問い合わせください。',
          ].join('\n'),
        },
        meta.now,
      );
    }
    await appendAuditEvent(trx, auditActorOf(actor, meta.ip), { action: 'contractor_registration.declined', subjectType: 'organisation', subjectId: organisation.id, data: { reason } }, meta.now);
    return { ok: true as const, organisationName: organisation.name };
  });
}
