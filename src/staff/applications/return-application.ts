// Use case: 差戻し — the application goes back to the contractor with a message (history +
// email to the applicant); a pending four-eyes proposal is withdrawn with it.
import type { Trx } from '../../db/database.ts';
import type { StaffActor } from '../../issuance/conclude-guarantee.ts';
import { enqueueMail } from '../../mail/outbox.ts';
import { applicantRecipient, transitionApplication, type TransitionResult } from './transition.ts';

export const RETURNED_SUBJECT = '【電子保証】保証申込の差戻しのお知らせ';

export async function returnApplication(
  trx: Trx,
  actor: StaffActor,
  input: { applicationId: string; message: string; suretyName: string; baseUrl: string },
  now: Date,
): Promise<TransitionResult> {
  const result = await transitionApplication(
    trx,
    actor,
    { applicationId: input.applicationId, action: 'return', eventKind: 'returned', message: input.message, auditAction: 'application.returned' },
    now,
  );
  if (!result.ok) return result;
  await trx.deleteFrom('conclusion_proposals').where('application_id', '=', input.applicationId).execute();
  const recipient = await applicantRecipient(trx, result.application);
  if (recipient) {
    const workName = result.application.work_name ?? '（工事名未入力）';
    await enqueueMail(
      trx,
      {
        to: recipient.to,
        subject: RETURNED_SUBJECT,
        template: 'application_returned',
        text: [
          recipient.companyName,
          `${recipient.name} 様`,
          '',
          `${input.suretyName}です。お申込みいただいた保証申込を、下記の理由により差戻しました。`,
          '内容をご確認のうえ、e-Net保証で申込内容を修正し、再度お申込みください。',
          '',
          `工事名：${workName}`,
          '',
          '■ 差戻しの理由・連絡事項',
          input.message,
          '',
          `${input.baseUrl}/enet`,
          '',
          'このメールは送信専用のアドレスからお送りしています。',
          input.suretyName,
        ].join('\n'),
      },
      now,
    );
  }
  return result;
}
