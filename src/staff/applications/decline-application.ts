// Use case: 謝絶 — the surety declines the guarantee, with its reason (history + email).
import type { Trx } from '../../db/database.ts';
import type { StaffActor } from '../../issuance/conclude-guarantee.ts';
import { enqueueMail } from '../../mail/outbox.ts';
import { applicantRecipient, transitionApplication, type TransitionResult } from './transition.ts';

export const DECLINED_SUBJECT = '【電子保証】保証申込についてのお知らせ';

export async function declineApplication(
  trx: Trx,
  actor: StaffActor,
  input: { applicationId: string; reason: string; suretyName: string; baseUrl: string },
  now: Date,
): Promise<TransitionResult> {
  const result = await transitionApplication(
    trx,
    actor,
    { applicationId: input.applicationId, action: 'decline', eventKind: 'declined', message: input.reason, auditAction: 'application.declined' },
    now,
  );
  if (!result.ok) return result;
  await trx.deleteFrom('conclusion_proposals').where('application_id', '=', input.applicationId).execute();
  const recipient = await applicantRecipient(trx, result.application);
  if (recipient) {
    await enqueueMail(
      trx,
      {
        to: recipient.to,
        subject: DECLINED_SUBJECT,
        template: 'application_declined',
        text: [
          recipient.companyName,
          `${recipient.name} 様`,
          '',
          `${input.suretyName}です。お申込みいただいた保証申込（工事名：${result.application.work_name ?? '未入力'}）について、`,
          '誠に恐れ入りますが、今回はお引き受けいたしかねることとなりました。',
          '',
          '■ 理由',
          input.reason,
          '',
          'ご不明な点は担当者までお問い合わせください。',
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
