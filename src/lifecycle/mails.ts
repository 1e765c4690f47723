// The contractor's emails of the lifecycle: the receipt of a change request, and the notice
// that the change (or the cancellation) was concluded with its new certificate version. The
// 認証キー is never in a mail (it does not change; the contractor displays it after login).
import {
  changeKindLabel,
  formatWareki,
  formatYen,
  guaranteeTypeLabel,
  type CertificateChangeKind,
  type CertificateContent,
  type CertificateDifference,
} from '../domain/index.ts';
import type { OutgoingMail } from '../mail/outbox.ts';

const FOOTER = ['', 'このメールは送信専用のアドレスからお送りしています。ご返信いただいてもお答えできません。'];

export function differenceLines(differences: CertificateDifference[]): string[] {
  return differences.map((d) => `・${d.label}：${d.old} → ${d.new}`);
}

export function changeRequestReceivedMail(input: {
  to: string;
  recipientName: string;
  companyName: string;
  content: CertificateContent; // the current version
  kind: CertificateChangeKind;
  effectiveDate: string;
  reason: string;
  differences: CertificateDifference[];
  suretyName: string | null;
  applicationUrl: string;
}): OutgoingMail {
  const c = input.content;
  const cancellation = input.kind === 'cancellation';
  return {
    to: input.to,
    template: 'lifecycle_change_requested',
    subject: `【e-Net保証】保証契約の${cancellation ? '解約' : '変更'}の申込を受け付けました（保証契約番号 ${c.guaranteeContractNumber}）`,
    text: [
      input.companyName,
      `${input.recipientName} 様`,
      '',
      `次の保証契約の${cancellation ? '解約' : '変更'}の申込を受け付けました。保証会社の審査結果をお待ちください。`,
      '',
      `保証契約番号：${c.guaranteeContractNumber}`,
      `保証の種類　：${guaranteeTypeLabel(c.guaranteeType)}`,
      `発注者　　　：${c.orderer.name}`,
      `工事名　　　：${c.work.name}`,
      `申込の内容　：${changeKindLabel(input.kind)}（${cancellation ? '解約日' : '変更契約日'} ${formatWareki(input.effectiveDate)}）`,
      `理由　　　　：${input.reason}`,
      `申込先　　　：${input.suretyName ?? ''}`,
      ...(input.differences.length > 0 ? ['', '■ 変更される項目（変更前 → 変更後）', ...differenceLines(input.differences)] : []),
      '',
      `申込の内容と状況：${input.applicationUrl}`,
      ...FOOTER,
      'e-Net保証（電子保証システム）',
    ].join('\n'),
  };
}

export function changeConcludedMail(input: {
  to: string;
  recipientName: string;
  content: CertificateContent; // the new version
  differences: CertificateDifference[];
  fee: { label: string; total: number } | null;
  delivery: 'electronic' | 'paper';
  baseUrl: string;
}): OutgoingMail {
  const c = input.content;
  const change = c.change;
  const cancellation = c.cancelled;
  const what = cancellation ? '解約' : '変更';
  const lines = [
    c.contractor.name,
    `${input.recipientName} 様`,
    '',
    `いつも${c.issuer.name}をご利用いただき、ありがとうございます。`,
    cancellation
      ? `下記の保証契約の解約を承りました。解約を記録した電子証書（第${c.version}版）を発行しました。`
      : `下記の保証契約の変更を承りました。変更後の電子証書（第${c.version}版）を発行しました。`,
    '',
    `保証契約番号：${c.guaranteeContractNumber}`,
    `保証の種類　：${guaranteeTypeLabel(c.guaranteeType)}`,
    `発注者　　　：${c.orderer.name}`,
    `工事名　　　：${c.work.name}`,
    `変更の種類　：${change ? changeKindLabel(change.kind) : what}（${formatWareki(change?.effectiveDate ?? c.issueDate)}から）`,
    `保証金額　　：${formatYen(c.guaranteedAmount)}`,
    `保証期間　　：${formatWareki(c.guaranteePeriodStart)}から${formatWareki(c.guaranteePeriodEnd)}まで`,
    `発行日　　　：${formatWareki(c.issueDate)}（第${c.version}版）`,
  ];
  if (input.differences.length > 0) lines.push('', '■ 変更された項目（変更前 → 変更後）', ...differenceLines(input.differences));
  if (input.fee) lines.push('', `■ ${input.fee.label}：${formatYen(input.fee.total)}`, `${input.fee.label}（PDF）は、電子証書の画面からダウンロードできます。`);
  lines.push('', '■ 電子証書の確認', 'e-Net保証にログインし、「電子証書の確認」から該当する保証契約番号を選んでください。', `${input.baseUrl}/enet/certificates/${encodeURIComponent(c.guaranteeContractNumber)}`);
  if (input.delivery === 'electronic') {
    lines.push(
      '',
      '■ 発注者への連絡',
      `発注者は D-Sure（発注者用保証確認サービス）で、第${c.version}版と変更の内容を確認できます。発注者へはメールでもお知らせしています。`,
      '認証キーは変わりません。これまでの「認証キー等のお知らせ」で、引き続き閲覧できます。',
    );
  }
  lines.push(...FOOTER, c.issuer.name);
  return {
    to: input.to,
    template: cancellation ? 'lifecycle_cancellation_concluded' : 'lifecycle_change_concluded',
    subject: `【電子保証】保証契約の${what}のお知らせ（保証契約番号 ${c.guaranteeContractNumber}）`,
    text: lines.join('\n'),
  };
}
