// The Japanese emails of registration and activation.
import type { OutgoingMail } from '../../mail/outbox.ts';
import { formatWarekiDateTime } from '../shared/format.ts';
import { ACTIVATION_VALID_HOURS } from './activation-tokens.ts';

const SIGNATURE = ['──────────────────', 'e-Net保証（電子保証システム）', 'このメールは送信専用です。ご返信いただいてもお答えできません。'].join('\n');

export function registrationReceivedMail(input: { to: string; organisationName: string; contactName: string }): OutgoingMail {
  return {
    to: input.to,
    template: 'enet_registration_received',
    subject: '【e-Net保証】利用者登録の申請を受け付けました',
    text: [
      input.organisationName,
      `${input.contactName} 様`,
      '',
      'e-Net保証の利用者登録の申請を受け付けました。',
      '保証会社で登録内容を確認したのち、パスワード設定のご案内をこのメールアドレスへお送りします。',
      '確認には数日かかる場合があります。',
      '',
      'このメールにお心当たりのない場合は、お手数ですが破棄してください。',
      '',
      SIGNATURE,
    ].join('\n'),
  };
}

export function activationMail(input: {
  to: string;
  organisationName: string;
  displayName: string;
  loginId: string;
  link: string;
  expiresAt: Date;
  reason: 'approved' | 'added' | 'reissued';
}): OutgoingMail {
  const opening = {
    approved: 'e-Net保証の利用者登録が承認されました。',
    added: `${input.organisationName}の管理者が、あなたをe-Net保証の利用者として登録しました。`,
    reissued: 'e-Net保証のパスワード設定用URLを再発行しました。以前にお送りしたURLは使用できません。',
  }[input.reason];
  return {
    to: input.to,
    template: 'enet_account_activation',
    subject: '【e-Net保証】パスワード設定のご案内',
    text: [
      input.organisationName,
      `${input.displayName} 様`,
      '',
      opening,
      '下記のURLを開き、パスワードを設定してください。設定が終わるとログインできます。',
      '',
      `お客様ID（ログインID）：${input.loginId}`,
      'パスワード設定用URL：',
      input.link,
      '',
      `このURLの有効期限は${formatWarekiDateTime(input.expiresAt)}まで（${ACTIVATION_VALID_HOURS}時間）です。`,
      '一度パスワードを設定すると、このURLは使用できなくなります。',
      '有効期限が過ぎた場合は、貴社の管理者または保証会社に再発行をご依頼ください。',
      '',
      'このメールにお心当たりのない場合は、お手数ですが破棄してください。',
      '',
      SIGNATURE,
    ].join('\n'),
  };
}
