// The email after conclusion: 「電子証書・認証キー登録のお知らせ」 (electronic) or
// 「保証契約締結のお知らせ」 (paper). The 認証キー is never in it: the contractor logs in to
// e-Net保証 and opens 電子証書の確認 to display it.
import {
  formatWareki,
  formatYen,
  guaranteeTypeLabel,
  keySubmissionGuidance,
  type CertificateContent,
  type OrdererPolicy,
} from '../domain/index.ts';
import type { OutgoingMail } from '../mail/outbox.ts';

export const CERTIFICATE_NOTICE_SUBJECT = '【電子保証】電子証書・認証キー登録のお知らせ';
export const PAPER_CONCLUSION_SUBJECT = '【電子保証】保証契約締結のお知らせ';

export function conclusionMail(input: {
  to: string;
  recipientName: string;
  content: CertificateContent;
  policy: OrdererPolicy;
  delivery: 'electronic' | 'paper';
  baseUrl: string;
}): OutgoingMail {
  const { content } = input;
  const summary = [
    `保証契約番号：${content.guaranteeContractNumber}`,
    `保証の種類　：${guaranteeTypeLabel(content.guaranteeType)}`,
    `発注者　　　：${content.orderer.name}`,
    `工事名　　　：${content.work.name}`,
    `保証金額　　：${formatYen(content.guaranteedAmount)}`,
    `保証期間　　：${formatWareki(content.guaranteePeriodStart)}から${formatWareki(content.guaranteePeriodEnd)}まで`,
    `発行日　　　：${formatWareki(content.issueDate)}`,
  ];
  const greeting = [`${content.contractor.name}`, `${input.recipientName} 様`, '', `いつも${content.issuer.name}をご利用いただき、ありがとうございます。`];
  const footer = ['', 'このメールは送信専用のアドレスからお送りしています。ご返信いただいてもお答えできません。', `${content.issuer.name}`];
  if (input.delivery === 'electronic') {
    return {
      to: input.to,
      subject: CERTIFICATE_NOTICE_SUBJECT,
      template: 'certificate_registered',
      text: [
        ...greeting,
        '下記の保証契約を締結し、電子証書と認証キーを登録しました。',
        '',
        ...summary,
        '',
        '■ 電子証書の確認と認証キーの表示',
        'e-Net保証にログインし、「電子証書の確認」から該当する保証契約番号を選んでください。',
        'ログインIDとパスワードは、e-Net保証のものと共通です。',
        `${input.baseUrl}/enet`,
        '',
        '■ 発注者への提出',
        '「認証キー」の表示から『電子証書閲覧用「認証キー」等のお知らせ』（PDF）をダウンロードして印刷し、',
        '保証証書（電子証書の内容を確認する画面を印刷したもの）とともに発注者へご提出ください。',
        keySubmissionGuidance(input.policy, content.guaranteeType),
        '',
        '※ 認証キーは、安全のためこのメールには記載していません。',
        ...footer,
      ].join('\n'),
    };
  }
  return {
    to: input.to,
    subject: PAPER_CONCLUSION_SUBJECT,
    template: 'guarantee_concluded_paper',
    text: [
      ...greeting,
      '下記の保証契約を締結しました。保証証書は書面でお届けします。',
      '',
      ...summary,
      '',
      '契約の内容は、e-Net保証にログインしてご確認いただけます。',
      `${input.baseUrl}/enet`,
      ...footer,
    ].join('\n'),
  };
}
