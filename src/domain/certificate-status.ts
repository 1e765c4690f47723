// The status of an electronic certificate as an orderer sees it (D-Sure): 有効, 変更あり,
// 解約, 期間満了. Computed, never stored: it depends on the versions issued, the guarantee
// period and today's date in Japan, and on which version this orderer last opened.

import { compareDates } from './dates.ts';

export type CertificateStatus = 'valid' | 'changed' | 'cancelled' | 'expired';

export const CERTIFICATE_STATUSES: readonly CertificateStatus[] = ['valid', 'changed', 'cancelled', 'expired'];

const CERTIFICATE_STATUS_LABELS: Record<CertificateStatus, string> = {
  valid: '有効',
  changed: '変更あり',
  cancelled: '解約',
  expired: '期間満了',
};

/** 有効 / 変更あり / 解約 / 期間満了. */
export function certificateStatusLabel(status: CertificateStatus): string {
  return CERTIFICATE_STATUS_LABELS[status];
}

export function isCertificateStatus(value: unknown): value is CertificateStatus {
  return typeof value === 'string' && (CERTIFICATE_STATUSES as readonly string[]).includes(value);
}

export interface CertificateStatusInput {
  latestVersion: number; // the newest version issued
  cancelled: boolean; // the newest version records 解約
  guaranteePeriodEnd: string; // 保証期限 of the newest version (YYYY-MM-DD)
  lastOpenedVersion: number | null; // the newest version this orderer has opened (null: never)
  today: string; // today in Japan (YYYY-MM-DD)
}

/**
 * In this order: 解約 when the newest version records the cancellation; 期間満了 when today
 * is after the end of the guarantee period (the last day itself is still covered); 変更あり
 * when a version newer than the one the orderer last opened exists; otherwise 有効.
 */
export function certificateStatus(input: CertificateStatusInput): CertificateStatus {
  if (input.cancelled) return 'cancelled';
  if (compareDates(input.today, input.guaranteePeriodEnd) > 0) return 'expired';
  if (input.lastOpenedVersion !== null && input.latestVersion > input.lastOpenedVersion) return 'changed';
  return 'valid';
}
