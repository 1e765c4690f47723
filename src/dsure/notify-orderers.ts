// When a new version of a certificate (a change or the cancellation) is deposited, every
// orderer that registered the certificate is told by email: each of its active users with an
// email address. Queued in the deposit's transaction (enqueueMail), so a refused or rolled-back
// deposit sends nothing. The list marks the certificate 変更あり by itself (certificate-status).
import { appendAuditEvent } from '../audit/audit-log.ts';
import type { DbOrTrx } from '../db/database.ts';
import {
  changeKindLabel,
  diffCertificates,
  formatWareki,
  guaranteeTypeLabel,
  type CertificateContent,
} from '../domain/index.ts';
import { enqueueMail, type OutgoingMail } from '../mail/outbox.ts';

export function certificateChangedSubject(guaranteeContractNumber: string): string {
  return `【電子保証】電子証書が変更されました（保証契約番号 ${guaranteeContractNumber}）`;
}

function ordererMail(to: { email: string; name: string; organisationName: string }, content: CertificateContent, previous: CertificateContent | null): OutgoingMail {
  const change = content.change;
  const differences = previous ? diffCertificates(previous, content) : [];
  const lines = [
    to.organisationName,
    `${to.name} 様`,
    '',
    content.cancelled
      ? 'D-Sure（発注者用保証確認サービス）に登録されている電子証書の保証契約が解約され、解約を記録した新しい版が発行されました。'
      : 'D-Sure（発注者用保証確認サービス）に登録されている電子証書に、変更後の新しい版が発行されました。',
    '',
    `保証契約番号：${content.guaranteeContractNumber}`,
    `保証の種類　：${guaranteeTypeLabel(content.guaranteeType)}`,
    `工事名　　　：${content.work.name}`,
    `受注者　　　：${content.contractor.name}`,
    `保証事業会社：${content.issuer.name}`,
    `版　　　　　：第${content.version - 1}版 → 第${content.version}版（発行日 ${formatWareki(content.issueDate)}）`,
  ];
  if (change) {
    lines.push(`変更の種類　：${changeKindLabel(change.kind)}（${formatWareki(change.effectiveDate)}から）`, `変更の理由　：${change.reason}`);
  }
  if (differences.length > 0) {
    lines.push('', '■ 変更された項目（変更前 → 変更後）', ...differences.map((d) => `・${d.label}：${d.old} → ${d.new}`));
  }
  lines.push(
    '',
    'D-Sure にログインし、「電子証書一覧」から該当する保証契約番号を選んでご確認ください（一覧では「変更あり」と表示されます）。',
    '画面では、署名の検証結果、版の履歴と変更の内容を確認できます。認証キーの再入力は必要ありません。',
    '',
    'このメールは送信専用のアドレスからお送りしています。ご返信いただいてもお答えできません。',
    'D-Sure（発注者用保証確認サービス）',
  );
  return { to: to.email, subject: certificateChangedSubject(content.guaranteeContractNumber), template: 'dsure_certificate_changed', text: lines.join('\n') };
}

/**
 * Queues the email to the users of every orderer that registered this certificate, for a new
 * version (version 2 and later; version 1 has no one to tell). Returns how many were queued.
 */
export async function notifyOrderersOfNewVersion(trx: DbOrTrx, content: CertificateContent, now: Date): Promise<number> {
  if (content.version <= 1) return 0;
  const number = content.guaranteeContractNumber;
  const recipients = await trx
    .selectFrom('dsure_registrations as r')
    .innerJoin('organisations as o', 'o.id', 'r.orderer_id')
    .innerJoin('users as u', 'u.organisation_id', 'r.orderer_id')
    .select(['u.email', 'u.display_name', 'o.name as organisation_name', 'o.id as organisation_id'])
    .where('r.guarantee_contract_number', '=', number)
    .where('o.status', '=', 'active')
    .where('u.status', '=', 'active')
    .where('u.email', 'is not', null)
    .orderBy('o.id')
    .orderBy('u.id')
    .execute();
  if (recipients.length === 0) return 0;
  const previousRow = await trx
    .selectFrom('dsure_certificates')
    .select('content')
    .where('guarantee_contract_number', '=', number)
    .where('version', '=', content.version - 1)
    .executeTakeFirst();
  const previous = (previousRow?.content as CertificateContent | undefined) ?? null;
  for (const r of recipients) {
    if (!r.email) continue;
    await enqueueMail(trx, ordererMail({ email: r.email, name: r.display_name, organisationName: r.organisation_name }, content, previous), now);
  }
  const orderers = [...new Set(recipients.map((r) => r.organisation_id))];
  await appendAuditEvent(
    trx,
    null,
    { action: 'dsure.orderers_notified', subjectType: 'certificate', subjectId: number, data: { version: content.version, orderers, mails: recipients.length } },
    now,
  );
  return recipients.length;
}
