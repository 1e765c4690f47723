// A change of a concluded guarantee (増額・減額・保証期限の変更) or its cancellation (解約), as the
// field understands it: what kind of change a request is, whether its dates make sense, the
// next version of the certificate (never an overwrite of the previous one) and the fee effect
// (追加保証料 or 保証料返還) computed by the fee rules of fees.ts.

import type { CertificateChangeKind, CertificateContent, FeeBreakdown } from './certificate.ts';
import { compareDates, isIsoDate } from './dates.ts';
import { additionalFee, refund, type FeeGuaranteeTerms, type FeeTariff } from './fees.ts';
import { formatWareki } from './format.ts';
import type { FieldError } from './policy.ts';

/** What the contractor asks for: the amended contract (変更契約), or the cancellation (解約). */
export type CertificateChangeRequest =
  | {
      type: 'amendment';
      contractPrice: number; // 変更後の請負代金額
      contractDate: string; // 変更契約日: the day the change takes effect
      workPeriodEnd: string; // 変更後の工期（至）
      guaranteedAmount: number; // 変更後の保証金額
      guaranteePeriodEnd: string; // 変更後の保証期限
      reason: string;
    }
  | { type: 'cancellation'; cancellationDate: string; reason: string };

/** The first day the change applies: the 変更契約日, or the 解約日. */
export function changeEffectiveDate(request: CertificateChangeRequest): string {
  return request.type === 'amendment' ? request.contractDate : request.cancellationDate;
}

/**
 * The kind of change a request makes to the current version: 解約; 増額 (the amount grows; a
 * later 保証期限 may come with it); 減額 (the amount falls, the 保証期限 stays); 保証期限の変更
 * (only the 保証期限 moves). Directions that need two different fee calculations at once are
 * refused, as is a request that changes neither the amount nor the 保証期限.
 */
export function certificateChangeKind(
  current: CertificateContent,
  request: CertificateChangeRequest,
): { ok: true; kind: CertificateChangeKind } | { ok: false; errors: FieldError[] } {
  if (request.type === 'cancellation') return { ok: true, kind: 'cancellation' };
  const amount = Math.sign(request.guaranteedAmount - current.guaranteedAmount);
  const period = isIsoDate(request.guaranteePeriodEnd) ? Math.sign(compareDates(request.guaranteePeriodEnd, current.guaranteePeriodEnd)) : 0;
  if (amount > 0 && period < 0) {
    return { ok: false, errors: [{ field: 'guaranteePeriodEnd', message: '増額と保証期限の短縮は、同時に申し込めません。別々に申し込んでください。' }] };
  }
  if (amount < 0 && period !== 0) {
    return { ok: false, errors: [{ field: 'guaranteePeriodEnd', message: '減額と保証期限の変更は、同時に申し込めません。別々に申し込んでください。' }] };
  }
  if (amount > 0) return { ok: true, kind: 'increase' };
  if (amount < 0) return { ok: true, kind: 'decrease' };
  if (period !== 0) return { ok: true, kind: 'period_change' };
  return {
    ok: false,
    errors: [{ field: 'guaranteedAmount', message: '保証金額または保証期限を変更してください。どちらも変わらない場合、保証契約の変更の申込みは必要ありません。' }],
  };
}

/**
 * Every problem of a change request against the current version, tied to its field (the
 * amounts against the orderer's rules are checked separately, with checkGuaranteeAmounts).
 */
export function changeRequestProblems(current: CertificateContent, request: CertificateChangeRequest): FieldError[] {
  if (current.cancelled) return [{ field: '_form', message: 'この保証契約は解約されているため、変更・解約の申込みはできません。' }];
  const period = `保証期間（${formatWareki(current.guaranteePeriodStart)}から${formatWareki(current.guaranteePeriodEnd)}まで）`;
  if (request.type === 'cancellation') {
    if (!isIsoDate(request.cancellationDate)) return [{ field: 'cancellationDate', message: '解約日を正しい日付で入力してください。' }];
    if (request.cancellationDate < current.work.contractDate || request.cancellationDate > current.guaranteePeriodEnd) {
      return [{ field: 'cancellationDate', message: `解約日は、契約日（${formatWareki(current.work.contractDate)}）から保証期限（${formatWareki(current.guaranteePeriodEnd)}）までの日付にしてください。` }];
    }
    return [];
  }
  const errors: FieldError[] = [];
  if (!isIsoDate(request.contractDate)) {
    errors.push({ field: 'contractDate', message: '変更契約日を正しい日付で入力してください。' });
  } else if (request.contractDate < current.work.contractDate) {
    errors.push({ field: 'contractDate', message: `変更契約日は、現在の契約日（${formatWareki(current.work.contractDate)}）以降の日付にしてください。` });
  } else if (request.contractDate < current.guaranteePeriodStart || request.contractDate > current.guaranteePeriodEnd) {
    errors.push({ field: 'contractDate', message: `変更契約日は、${period}の中の日付にしてください。` });
  } else if (isIsoDate(request.guaranteePeriodEnd) && request.guaranteePeriodEnd < request.contractDate) {
    errors.push({ field: 'guaranteePeriodEnd', message: '変更後の保証期限は、変更契約日以降の日付にしてください。' });
  }
  const kind = certificateChangeKind(current, request);
  if (!kind.ok) errors.push(...kind.errors);
  return errors;
}

/**
 * The next version of the certificate: the current one with the change applied, numbered N+1,
 * linked to version N by `previousVersionHash` (the SHA-256 of version N's canonical JSON,
 * computed by the caller). A cancellation keeps the amounts and records 解約.
 */
export function amendCertificate(
  previous: CertificateContent,
  request: CertificateChangeRequest,
  meta: { kind: CertificateChangeKind; previousVersionHash: string; issueDate: string },
): CertificateContent {
  const base: CertificateContent = {
    ...previous,
    work: { ...previous.work },
    version: previous.version + 1,
    previousVersionHash: meta.previousVersionHash,
    issueDate: meta.issueDate,
  };
  if (request.type === 'cancellation') {
    return { ...base, change: { kind: 'cancellation', reason: request.reason, effectiveDate: request.cancellationDate }, cancelled: true };
  }
  return {
    ...base,
    work: { ...base.work, contractPrice: request.contractPrice, contractDate: request.contractDate, periodEnd: request.workPeriodEnd },
    guaranteedAmount: request.guaranteedAmount,
    guaranteePeriodEnd: request.guaranteePeriodEnd,
    change: { kind: meta.kind, reason: request.reason, effectiveDate: request.contractDate },
    cancelled: false,
  };
}

/** The fee the contractor has paid so far: every 保証料 and 追加保証料, less what was refunded. */
export function paidFee(statements: readonly { kind: string; total: number }[]): number {
  const paid = statements.reduce((sum, s) => sum + (s.kind === 'refund' ? -s.total : s.total), 0);
  return Math.max(0, paid);
}

export type ChangeFeeEffect =
  | { statement: 'additional'; breakdown: FeeBreakdown } // 追加保証料計算書
  | { statement: 'refund'; breakdown: FeeBreakdown } // 保証料返還計算書
  | { statement: null; note: string };

function termsOf(content: CertificateContent): FeeGuaranteeTerms {
  return { guaranteeType: content.guaranteeType, guaranteedAmount: content.guaranteedAmount, periodStart: content.guaranteePeriodStart, periodEnd: content.guaranteePeriodEnd };
}

/**
 * What the change does to the fee: an additional fee for an increase or a later 保証期限
 * (additionalFee), a refund for a decrease or a cancellation (refund, never more than `paid`),
 * nothing for an earlier 保証期限. Throws RangeError when the fee rules cannot apply to the dates.
 */
export function changeFeeEffect(
  tariff: FeeTariff,
  change: { current: CertificateContent; amended: CertificateContent; kind: CertificateChangeKind; paid: number },
): ChangeFeeEffect {
  const { current, amended, kind } = change;
  const effectiveDate = amended.change?.effectiveDate;
  if (!effectiveDate) throw new RangeError('変更後の証書に変更の内容がありません');
  const original = termsOf(current);
  switch (kind) {
    case 'cancellation':
      return { statement: 'refund', breakdown: refund(tariff, { original, paid: change.paid, change: { kind: 'cancellation' }, effectiveDate }) };
    case 'decrease':
      return { statement: 'refund', breakdown: refund(tariff, { original, paid: change.paid, change: { kind: 'decrease', guaranteedAmount: amended.guaranteedAmount }, effectiveDate }) };
    case 'increase':
    case 'period_change':
      if (amended.guaranteePeriodEnd < current.guaranteePeriodEnd) {
        return { statement: null, note: '保証期限の短縮では、保証料の追加も返還もありません。' };
      }
      return {
        statement: 'additional',
        breakdown: additionalFee(tariff, { original, changed: { guaranteedAmount: amended.guaranteedAmount, periodEnd: amended.guaranteePeriodEnd }, effectiveDate }),
      };
  }
}
