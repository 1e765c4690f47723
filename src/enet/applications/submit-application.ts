// Use case: the contractor submits its application (申込み) — from a draft, or again after a
// return for correction (再申込み). Checked once more against the orderer's rules inside the
// transaction; the conditional update (status and revision) makes a double submission, or a
// submission racing a withdrawal, change the row once.
import { appendAuditEvent, auditActorOf } from '../../audit/audit-log.ts';
import { recordApplicationEvents } from '../../audit/application-history.ts';
import type { Actor } from '../../auth/sessions.ts';
import type { Db } from '../../db/database.ts';
import { statusesAllowing } from '../../domain/application-status.ts';
import { formatYen, guaranteeTypeLabel } from '../../domain/index.ts';
import { enqueueMail } from '../../mail/outbox.ts';
import type { FormErrors } from '../../web/forms.tsx';
import { formatWarekiDateTime } from '../shared/format.ts';
import { contentOf, snapshotOf } from './content.ts';
import { findOrdererWithPolicy, findSuretyName, type ApplicationRow } from './queries.ts';
import { submissionProblems } from './rules.ts';

export type SubmitResult =
  | { ok: true; resubmitted: boolean }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'not_submittable'; row: ApplicationRow }
  | { ok: false; reason: 'stale' }
  | { ok: false; reason: 'invalid'; step: 'basics' | 'contract'; errors: FormErrors };

export async function submitApplication(db: Db, actor: Actor, applicationId: string, revision: number, meta: { ip: string; now: Date; baseUrl: string }): Promise<SubmitResult> {
  return db.transaction().execute(async (trx): Promise<SubmitResult> => {
    const row = await trx
      .selectFrom('applications')
      .selectAll()
      .where('id', '=', applicationId)
      .where('contractor_id', '=', actor.organisationId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return { ok: false, reason: 'not_found' };
    if (!statusesAllowing('submit').includes(row.status)) return { ok: false, reason: 'not_submittable', row };
    if (row.revision !== revision) return { ok: false, reason: 'stale' };
    const orderer = row.orderer_id ? await findOrdererWithPolicy(trx, row.orderer_id) : null;
    const problems = submissionProblems(contentOf(row), orderer);
    if (problems) return { ok: false, reason: 'invalid', ...problems };

    const resubmitted = row.status === 'returned';
    const submitted = await trx
      .updateTable('applications')
      .set({ status: 'submitted', submitted_at: meta.now, updated_at: meta.now, revision: row.revision + 1 })
      .where('id', '=', row.id)
      .where('contractor_id', '=', actor.organisationId)
      .where('status', 'in', [...statusesAllowing('submit')])
      .where('revision', '=', revision)
      .returningAll()
      .executeTakeFirst();
    if (!submitted) return { ok: false, reason: 'stale' };

    const suretyName = await findSuretyName(trx, row.surety_id);
    await recordApplicationEvents(trx, [
      {
        applicationId: row.id,
        kind: resubmitted ? 'resubmitted' : 'submitted',
        at: meta.now,
        actorUserId: actor.userId,
        snapshot: snapshotOf(submitted, { ordererName: orderer?.name ?? null, suretyName }),
      },
    ]);
    await appendAuditEvent(
      trx,
      auditActorOf(actor, meta.ip),
      { action: resubmitted ? 'application.resubmitted' : 'application.submitted', subjectType: 'application', subjectId: row.id, data: { revision: submitted.revision, delivery: submitted.delivery } },
      meta.now,
    );
    const applicant = await trx.selectFrom('users').select(['email', 'display_name']).where('id', '=', actor.userId).executeTakeFirst();
    if (applicant?.email) {
      const content = contentOf(submitted);
      await enqueueMail(
        trx,
        {
          to: applicant.email,
          template: 'enet_application_submitted',
          subject: resubmitted ? '【e-Net保証】保証申込（再申込み）を受け付けました' : '【e-Net保証】保証申込を受け付けました',
          text: [
            actor.organisationName,
            `${applicant.display_name} 様`,
            '',
            `次の保証申込を${resubmitted ? '（修正後の再申込みとして）' : ''}受け付けました。保証会社の審査結果をお待ちください。`,
            '',
            `受付日時：${formatWarekiDateTime(meta.now)}`,
            `申込先：${suretyName ?? ''}`,
            `発注者：${orderer?.name ?? ''}`,
            `保証の種類：${content.guaranteeType ? guaranteeTypeLabel(content.guaranteeType) : ''}`,
            `工事名：${content.workName ?? ''}`,
            `保証金額：${content.guaranteedAmount !== null ? formatYen(content.guaranteedAmount) : ''}`,
            `保証証書の受取方法：${content.delivery === 'electronic' ? '電子交付' : '書面'}`,
            '',
            `申込の内容と状況：${meta.baseUrl}/enet/applications/${row.id}`,
            '',
            '──────────────────',
            'e-Net保証（電子保証システム）',
            'このメールは送信専用です。',
          ].join('\n'),
        },
        meta.now,
      );
    }
    return { ok: true, resubmitted };
  });
}
