// The contractor's change form: the amended contract (変更契約) or the cancellation (解約).
// Typed amounts and dates are read with the domain's normalisation (full-width digits, 金・円,
// commas, 2026/12/1); messages in Japanese next to each field.
import { z } from 'zod';
import type { CertificateChangeRequest, CertificateContent } from '../domain/index.ts';
import { amountInputValue } from '../enet/shared/format.ts';
import { dateField, yenField } from '../enet/shared/typed.ts';
import { text, type FormValues } from '../web/forms.tsx';

export type ChangeType = 'amendment' | 'cancellation';

const requiredYen = (label: string) => yenField(label).refine((v) => v !== null, { message: `${label}を入力してください。` }).transform((v) => v as number);
const requiredDate = (label: string) => dateField(label).refine((v) => v !== '', { message: `${label}を入力してください。` });

export const FIELD_LABELS: Record<string, string> = {
  contractPrice: '変更後の請負代金額',
  contractDate: '変更契約日',
  workPeriodEnd: '変更後の工期（至）',
  guaranteedAmount: '変更後の保証金額',
  guaranteePeriodEnd: '変更後の保証期限',
  cancellationDate: '解約日',
  reason: '理由',
};

export const amendmentSchema = z.object({
  contractPrice: requiredYen(FIELD_LABELS.contractPrice!),
  contractDate: requiredDate(FIELD_LABELS.contractDate!),
  workPeriodEnd: requiredDate(FIELD_LABELS.workPeriodEnd!),
  guaranteedAmount: requiredYen(FIELD_LABELS.guaranteedAmount!),
  guaranteePeriodEnd: requiredDate(FIELD_LABELS.guaranteePeriodEnd!),
  reason: text('変更の理由', { max: 1000, multiline: true }),
});

export const cancellationSchema = z.object({
  cancellationDate: requiredDate(FIELD_LABELS.cancellationDate!),
  reason: text('解約の理由', { max: 1000, multiline: true }),
});

/** The form's order of fields, for the error summary. */
export const FIELD_ORDER: Record<ChangeType, string[]> = {
  amendment: ['contractPrice', 'contractDate', 'workPeriodEnd', 'guaranteedAmount', 'guaranteePeriodEnd', 'reason'],
  cancellation: ['cancellationDate', 'reason'],
};

/** The type asked for by a form or a link (?type=cancellation); anything else is an amendment. */
export function changeTypeOf(value: unknown): ChangeType {
  return value === 'cancellation' ? 'cancellation' : 'amendment';
}

export type ParsedChange = { ok: true; request: CertificateChangeRequest; values: FormValues } | { ok: false; errors: Record<string, string>; values: FormValues };

/** Reads the posted form as a change request (the values are kept for the form either way). */
export function parseChangeForm(type: ChangeType, values: FormValues): ParsedChange {
  if (type === 'cancellation') {
    const parsed = cancellationSchema.safeParse(values);
    if (!parsed.success) return { ok: false, errors: issuesToErrors(parsed.error.issues), values };
    return { ok: true, request: { type: 'cancellation', ...parsed.data }, values };
  }
  const parsed = amendmentSchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: issuesToErrors(parsed.error.issues), values };
  return { ok: true, request: { type: 'amendment', ...parsed.data }, values };
}

function issuesToErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '_form');
    if (!errors[field]) errors[field] = issue.message;
  }
  return errors;
}

/** Errors in the form's order (the summary lists them as the person reads the form). */
export function orderedErrors(type: ChangeType, errors: Record<string, string>): Record<string, string> {
  const ordered: Record<string, string> = {};
  if (errors._form) ordered._form = errors._form;
  for (const field of FIELD_ORDER[type]) if (errors[field]) ordered[field] = errors[field];
  for (const [field, message] of Object.entries(errors)) if (!(field in ordered)) ordered[field] = message;
  return ordered;
}

/** The form filled with the current version's contract (the person changes what changed). */
export function initialValues(type: ChangeType, current: CertificateContent): FormValues {
  if (type === 'cancellation') return { type, cancellationDate: '', reason: '' };
  return {
    type,
    contractPrice: amountInputValue(current.work.contractPrice),
    contractDate: '',
    workPeriodEnd: current.work.periodEnd,
    guaranteedAmount: amountInputValue(current.guaranteedAmount),
    guaranteePeriodEnd: current.guaranteePeriodEnd,
    reason: '',
  };
}

/** The values a confirmed request is posted back with (canonical: 12,340,000 and YYYY-MM-DD). */
export function valuesOf(request: CertificateChangeRequest): FormValues {
  if (request.type === 'cancellation') return { type: 'cancellation', cancellationDate: request.cancellationDate, reason: request.reason };
  return {
    type: 'amendment',
    contractPrice: amountInputValue(request.contractPrice),
    contractDate: request.contractDate,
    workPeriodEnd: request.workPeriodEnd,
    guaranteedAmount: amountInputValue(request.guaranteedAmount),
    guaranteePeriodEnd: request.guaranteePeriodEnd,
    reason: request.reason,
  };
}
