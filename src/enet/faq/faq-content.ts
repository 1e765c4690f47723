// よくある質問: the leaflet's questions and answers. The answers that depend on the orderer
// (targets and dates, guarantee types, contract clauses, how to submit the key, whom to ask)
// are written from each orderer's policy, so a new municipality needs no new page.
import {
  GUARANTEE_TYPES,
  formatWareki,
  guaranteeTypeLabel,
  policyCategoryLabel,
  receivingSectionFor,
  submissionChannelsText,
  type OrdererPolicy,
} from '../../domain/index.ts';

export interface FaqItem {
  id: string;
  question: string;
  answer: string[]; // paragraphs
  list?: string[];
  note?: string;
}

const electronicTypes = GUARANTEE_TYPES.filter((t) => t !== 'contract_reservation');

/** The questions every contractor asks, whatever the orderer (from the leaflet). */
export const GENERAL_FAQ: FaqItem[] = [
  {
    id: 'what',
    question: '電子保証とは何ですか。',
    answer: [
      '書面の「保証証書」に代わり「電子証書」（保証証書に記載する内容が記録されたデータ）を、受発注者がインターネットを通じて確認することができる仕組みです。',
      '受取から提出にかかる時間を削減でき、リモートワークにも対応できます。',
    ],
  },
  {
    id: 'procedure',
    question: '電子保証を利用するにはどのような手続きが必要ですか。',
    answer: ['e-Net保証のID登録が必要になります。すでにID登録がお済みの場合は、新たな手続きは不要です。', 'お客様がe-Net保証を利用して保証を申し込むことが、ご利用の要件です。'],
  },
  {
    id: 'types',
    question: '全ての保証証書が電子保証の対象となりますか。',
    answer: ['対象は以下のとおりとなります。'],
    list: electronicTypes.map(guaranteeTypeLabel),
    note: '※契約保証予約は対象外です。また、発注者ごとに対象の保証証書や対象案件が定められています（下記「発注者ごとのご案内」をご覧ください）。',
  },
  {
    id: 'how',
    question: '電子証書で受け取るには、どうすればよいですか。',
    answer: [
      'STEP1：e-Net保証から保証を申し込み、「保証証書の受取方法」で「電子交付を希望する」を選択します。保証契約の締結後に「電子証書・認証キー登録のお知らせ」メールをお送りします。',
      'STEP2：お知らせメールをご確認後、e-Net保証にログインします。ログインする際のお客様ID・パスワードは、e-Net保証のお客様ID・パスワードと共通です。',
      'STEP3：該当する保証契約番号を選び、電子証書の内容を確認します。この画面は印刷・保存が可能です。',
      'STEP4：「認証キー」の表示から「認証キー等のお知らせ」（PDFファイル）をダウンロードし、印刷して発注者へ提出します。',
    ],
  },
  {
    id: 'submit',
    question: '発注者へは何を提出すればよいですか。',
    answer: [
      '『電子証書閲覧用「認証キー」等のお知らせ』及び『保証証書（〇〇保証）』（電子証書の内容を確認する画面）を印刷したものを発注者に提出します。',
      '発注者は、D-Sure（発注者用保証確認サービス）で保証契約番号と認証キーを入力して電子証書を閲覧します。ご提出方法をあらかじめ発注者にご確認いただくと、お手続きがスムーズです。',
    ],
  },
  {
    id: 'documents',
    question: '保証証書以外の書類も電子化されますか。',
    answer: ['お客様控え及び保証料計算書も電子化されます。'],
  },
];

function joinJapanese(items: string[], conjunction: string): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join('、')}${conjunction}${items.at(-1)}`;
}

/** 日田市における電子保証の対象案件 / 認証キー・電子証書の提出方法, from the orderer's policy. */
export function ordererFaq(ordererName: string, policy: OrdererPolicy): FaqItem[] {
  const categoryCodes = Object.keys(policy.categories);
  const targets = categoryCodes
    .map((code) => ({ code, from: policy.categories[code]!.electronicFrom, label: policyCategoryLabel(policy, code) }))
    .filter((c): c is { code: string; from: string; label: string } => c.from !== null)
    .sort((a, b) => a.from.localeCompare(b.from));
  const excluded = categoryCodes.filter((code) => policy.categories[code]!.electronicFrom === null).map((code) => `「${policyCategoryLabel(policy, code)}」`);
  const clauses = categoryCodes.map((code) => policy.categories[code]!.contractClauses).filter((c): c is string => !!c);

  const targetAnswer: string[] = [];
  if (!policy.electronicIssuance || targets.length === 0 || policy.eligibleGuaranteeTypes.length === 0) {
    targetAnswer.push(`${ordererName}は現在、電子保証（電子証書の交付）に対応していません。保証証書は書面で発行します。`);
  } else {
    const phrases = targets.map((t) => `${formatWareki(t.from)}以降に当初契約を締結する「${t.label}」`);
    targetAnswer.push(`${ordererName}と${joinJapanese(phrases, '及び')}が対象となります。`);
    if (excluded.length > 0) targetAnswer.push(`${excluded.join('、')}は対象外です。`);
    const types = policy.eligibleGuaranteeTypes.map(guaranteeTypeLabel);
    targetAnswer.push(`対象の保証証書は、${types.join('、')}です。${policy.eligibleGuaranteeTypes.includes('contract_reservation') ? '' : '契約保証予約は対象外です。'}`);
    if (clauses.length > 0) targetAnswer.push(`また当初契約書の作成時においては、${joinJapanese(clauses, 'または')}等を使用してください。`);
  }

  const channels = submissionChannelsText(policy);
  const submitAnswer: string[] = [];
  if (!policy.electronicIssuance) {
    submitAnswer.push(`${ordererName}は電子保証に対応していないため、書面の保証証書を提出します。`);
  } else {
    submitAnswer.push(channels ? `${channels}となります。` : `提出方法は${policy.contactSection}にご確認ください。`);
    const sections = policy.eligibleGuaranteeTypes.map((type) => ({ type, section: receivingSectionFor(policy, type) }));
    const distinct = new Set(sections.map((s) => s.section));
    if (distinct.size === 1) {
      submitAnswer.push(`提出先は${ordererName} ${sections[0]!.section}です。`);
    } else if (distinct.size > 1) {
      submitAnswer.push(`提出先は、${sections.map((s) => `${guaranteeTypeLabel(s.type)}は${s.section}`).join('、')}です。`);
    }
  }
  submitAnswer.push(`なお、詳細は、${ordererName} ${policy.contactSection}にご確認ください。`);

  return [
    { id: 'targets', question: `${ordererName}における電子保証の対象案件を教えてください。`, answer: targetAnswer },
    { id: 'submission', question: `${ordererName}における認証キー・電子証書の提出方法を教えてください。`, answer: submitAnswer },
  ];
}
