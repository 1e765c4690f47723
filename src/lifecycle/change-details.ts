// A change request (変更・解約の申込) is an application of kind 'change' in the same queue as new
// applications. Its columns hold the amended contract as the contractor typed it (the whole
// contract, copied from the current certificate version and changed); `details.change` says
// which guarantee it changes, from which version, and why (and the 解約日 of a cancellation).
import type { Application } from '../db/schema.ts';
import { isIsoDate, type CertificateChangeRequest } from '../domain/index.ts';

export interface ChangeDetails {
  guaranteeId: string;
  guaranteeContractNumber: string;
  baseVersion: number; // the version the request was made against
  type: 'amendment' | 'cancellation';
  reason: string;
  cancellationDate: string | null; // 解約日 (cancellation only)
}

/** What `applications.details` holds for a change request. */
export function changeDetailsJson(details: ChangeDetails): string {
  return JSON.stringify({ change: details });
}

/** The change details of an application of kind 'change', or null when they are missing or malformed. */
export function changeDetailsOf(application: Pick<Application, 'kind' | 'details'>): ChangeDetails | null {
  if (application.kind !== 'change') return null;
  const raw = (application.details as { change?: unknown } | null)?.change;
  if (!raw || typeof raw !== 'object') return null;
  const c = raw as Record<string, unknown>;
  if (typeof c.guaranteeId !== 'string' || typeof c.guaranteeContractNumber !== 'string' || typeof c.reason !== 'string') return null;
  if (typeof c.baseVersion !== 'number' || !Number.isInteger(c.baseVersion) || c.baseVersion < 1) return null;
  if (c.type !== 'amendment' && c.type !== 'cancellation') return null;
  const cancellationDate = typeof c.cancellationDate === 'string' && isIsoDate(c.cancellationDate) ? c.cancellationDate : null;
  if (c.type === 'cancellation' && !cancellationDate) return null;
  return { guaranteeId: c.guaranteeId, guaranteeContractNumber: c.guaranteeContractNumber, baseVersion: c.baseVersion, type: c.type, reason: c.reason, cancellationDate };
}

/**
 * The request as it stands in the application now: an amendment reads the amended contract
 * from the columns (so a correction after 差戻し is what gets concluded); a cancellation reads
 * its date and reason from the details.
 */
export function changeRequestOf(application: Application, details: ChangeDetails): CertificateChangeRequest | null {
  if (details.type === 'cancellation') {
    return details.cancellationDate ? { type: 'cancellation', cancellationDate: details.cancellationDate, reason: details.reason } : null;
  }
  const { contract_price, contract_date, period_end, guaranteed_amount, guarantee_period_end } = application;
  if (contract_price === null || guaranteed_amount === null || !contract_date || !period_end || !guarantee_period_end) return null;
  return {
    type: 'amendment',
    contractPrice: Number(contract_price),
    contractDate: contract_date,
    workPeriodEnd: period_end,
    guaranteedAmount: Number(guaranteed_amount),
    guaranteePeriodEnd: guarantee_period_end,
    reason: details.reason,
  };
}
