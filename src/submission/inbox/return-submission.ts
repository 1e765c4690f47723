// Use case: 返戻 — the orderer returns an electronic submission with a reason (wrong section,
// wrong contract, a document missing ...). The contractor sees the reason on its 電子提出 screen
// and is told by mail; it may submit again. In one transaction: the conditional update, the
// audit event and the queued mail.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { guaranteeTypeLabel, isGuaranteeType } from '../../domain/index.ts';
import { enqueueMail } from '../../mail/outbox.ts';
import type { OrdererActor } from './accept-submission.ts';

export type ReturnResult = { ok: true; guaranteeContractNumber: string } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'already_decided'; message: string };

export async function returnSubmission(
  trx: DbOrTrx,
  deps: { baseUrl: string },
  actor: OrdererActor & { organisationName: string },
  input: { submissionId: string; reason: string },
  now: Date,
): Promise<ReturnResult> {
  const existing = await trx
    .selectFrom('dsure_submissions')
    .select(['id', 'status'])
    .where('id', '=', input.submissionId)
    .where('orderer_id', '=', actor.organisationId)
    .executeTakeFirst();
  if (!existing) return { ok: false, reason: 'not_found' };
  const returned = await trx
    .updateTable('dsure_submissions')
    .set({ status: 'returned', decided_at: now, decided_by_user_id: actor.userId, return_reason: input.reason })
    .where('id', '=', input.submissionId)
    .where('orderer_id', '=', actor.organisationId)
    .where('status', '=', 'submitted')
    .returning(['guarantee_contract_number', 'receiving_section', 'submitted_by_user_id'])
    .executeTakeFirst();
  if (!returned) return { ok: false, reason: 'already_decided', message: 'この提出はすでに受付または返戻されています。' };
  const number = returned.guarantee_contract_number;

  await appendAuditEvent(
    trx,
    { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip },
    { action: 'dsure.submission_returned', subjectType: 'certificate', subjectId: number, data: { submissionId: input.submissionId, reason: input.reason } },
    now,
  );

  const submitter = await trx.selectFrom('users').select(['email', 'display_name']).where('id', '=', returned.submitted_by_user_id).executeTakeFirst();
  const guarantee = await trx.selectFrom('dsure_guarantees').select(['guarantee_type', 'work_name']).where('guarantee_contract_number', '=', number).executeTakeFirst();
  if (submitter?.email) {
    const type = guarantee && isGuaranteeType(guarantee.guarantee_type) ? guaranteeTypeLabel(guarantee.guarantee_type) : '保証';
    await enqueueMail(
      trx,
      {
        to: submitter.email,
        subject: `【電子保証】電子提出が返戻されました（保証契約番号 ${number}）`,
        template: 'submission_returned',
        text: [
          `${submitter.display_name} 様`,
          '',
          `${actor.organisationName} ${returned.receiving_section}へ電子提出された次の保証契約が、返戻されました。`,
          '',
          `保証契約番号：${number}`,
          `保証の種類：${type}`,
          ...(guarantee ? [`工事名：${guarantee.work_name}`] : []),
          '',
          '返戻の理由：',
          input.reason,
          '',
          '内容をご確認のうえ、必要に応じて e-Net保証 から再度ご提出ください。',
          `${deps.baseUrl}/enet/certificates/${encodeURIComponent(number)}/submission`,
          '',
          'このメールは送信専用です。返戻の理由についてのお問い合わせは、発注者へお願いします。',
        ].join('\n'),
      },
      now,
    );
  }
  return { ok: true, guaranteeContractNumber: number };
}
