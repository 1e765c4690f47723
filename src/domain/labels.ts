// The Japanese words for the codes the system stores.

import type { CertificateChangeKind, ContractCategory, GuaranteeType } from './certificate.ts';

export const GUARANTEE_TYPES: readonly GuaranteeType[] = [
  'advance_payment',
  'intermediate_advance_payment',
  'contract_performance',
  'contract_reservation',
];

const GUARANTEE_TYPE_LABELS: Record<GuaranteeType, string> = {
  advance_payment: '前払金保証',
  intermediate_advance_payment: '中間前払金保証',
  contract_performance: '契約保証',
  contract_reservation: '契約保証予約',
};

/** 前払金保証 / 中間前払金保証 / 契約保証 / 契約保証予約. */
export function guaranteeTypeLabel(type: GuaranteeType): string {
  return GUARANTEE_TYPE_LABELS[type];
}

export function isGuaranteeType(value: unknown): value is GuaranteeType {
  return typeof value === 'string' && (GUARANTEE_TYPES as readonly string[]).includes(value);
}

/** Contract categories every orderer may use without defining a label. */
export const BUILT_IN_CATEGORY_LABELS: Readonly<Record<string, string>> = {
  works: '工事',
  consulting: '建設コンサルタント等業務委託',
  surveying: '測量',
  geological: '地質調査',
};

/**
 * The Japanese name of a contract category: a built-in one (works → 工事, consulting →
 * 建設コンサルタント等業務委託, surveying → 測量, geological → 地質調査) or one an orderer
 * defined (pass its labels, e.g. from the policy's categories).
 */
export function categoryLabel(category: ContractCategory, ordererLabels: Readonly<Record<string, string>> = {}): string {
  return ordererLabels[category] ?? BUILT_IN_CATEGORY_LABELS[category] ?? category;
}

/** How the contractor hands the 認証キー notice to the orderer. */
export type SubmissionChannel = 'in_person' | 'fax' | 'email' | 'electronic';

export const SUBMISSION_CHANNELS: readonly SubmissionChannel[] = ['in_person', 'fax', 'email', 'electronic'];

const SUBMISSION_CHANNEL_LABELS: Record<SubmissionChannel, string> = {
  in_person: '持参',
  fax: 'FAX',
  email: 'メール',
  electronic: '電子提出',
};

/** 持参 / FAX / メール / 電子提出. */
export function submissionChannelLabel(channel: SubmissionChannel): string {
  return SUBMISSION_CHANNEL_LABELS[channel];
}

const CHANGE_KIND_LABELS: Record<CertificateChangeKind, string> = {
  increase: '増額',
  decrease: '減額',
  period_change: '保証期限の変更',
  cancellation: '解約',
};

/** 増額 / 減額 / 保証期限の変更 / 解約. */
export function changeKindLabel(kind: CertificateChangeKind): string {
  return CHANGE_KIND_LABELS[kind];
}
