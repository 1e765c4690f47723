// The rules a change request meets, in one place for the contractor's form, the surety's
// examination and the conclusion (no I/O: everything is passed in). Every rule is the domain's:
// the kind of change and its dates (changeRequestProblems), the amended amounts under the
// orderer's rules (checkGuaranteeAmounts), the next version (amendCertificate), what changes
// on the certificate (diffCertificates) and the fee effect (changeFeeEffect).
import {
  amendCertificate,
  certificateChangeKind,
  changeFeeEffect,
  changeRequestProblems,
  checkGuaranteeAmounts,
  compareDates,
  diffCertificates,
  formatWareki,
  guaranteeAmountInputOf,
  type CertificateChangeKind,
  type CertificateChangeRequest,
  type CertificateContent,
  type CertificateDifference,
  type ChangeFeeEffect,
  type FieldError,
} from '../domain/index.ts';
import type { StoredPolicy } from '../issuance/orderer-policy.ts';
import type { SuretyTariff } from '../issuance/tariff.ts';

export interface ChangeCheck {
  kind: CertificateChangeKind | null;
  /** The next version as it would be issued today (not signed). */
  amended: CertificateContent | null;
  differences: CertificateDifference[];
  /** Problems tied to the form's fields ('_form' for the rest), in Japanese. */
  errors: FieldError[];
  fee: ChangeFeeEffect | null;
  /** Why the fee effect cannot be computed (the tariff or the dates), or null. */
  feeProblem: string | null;
}

// The contractor's form names the fields the way the domain's amount check does.
const FORM_FIELDS = new Set(['contractPrice', 'contractDate', 'workPeriodEnd', 'guaranteedAmount', 'guaranteePeriodEnd', 'cancellationDate', 'reason']);

export function checkChange(input: {
  current: CertificateContent;
  currentHash: string;
  request: CertificateChangeRequest;
  policy: StoredPolicy;
  tariff: SuretyTariff;
  previousAdvanceAmount: number | null;
  paid: number;
  today: string;
}): ChangeCheck {
  const { current, request } = input;
  const errors: FieldError[] = [];
  if (compareDates(input.today, current.guaranteePeriodEnd) > 0 && !current.cancelled) {
    errors.push({ field: '_form', message: `保証期間（${formatWareki(current.guaranteePeriodEnd)}まで）が満了しているため、変更・解約の申込みはできません。` });
  }
  errors.push(...changeRequestProblems(current, request));
  const kind = certificateChangeKind(current, request);
  const amended = kind.ok && !current.cancelled ? amendCertificate(current, request, { kind: kind.kind, previousVersionHash: input.currentHash, issueDate: input.today }) : null;

  if (amended && request.type === 'amendment') {
    if (input.policy.status === 'ok') {
      const previous = input.previousAdvanceAmount === null ? undefined : input.previousAdvanceAmount;
      for (const problem of checkGuaranteeAmounts(input.policy.policy, guaranteeAmountInputOf(amended, previous))) {
        errors.push({ field: FORM_FIELDS.has(problem.field) ? problem.field : '_form', message: problem.message });
      }
    } else {
      errors.push({ field: '_form', message: '発注者の電子保証の設定を確認できないため、変更後の金額を点検できません。保証会社にお問い合わせください。' });
    }
  }

  let fee: ChangeFeeEffect | null = null;
  let feeProblem: string | null = null;
  if (amended && kind.ok) {
    if (!input.tariff.ok) {
      feeProblem = `保証料率表に誤りがあるため保証料を計算できません（${input.tariff.problems.join(' ')}）。`;
    } else if (errors.length === 0) {
      try {
        fee = changeFeeEffect(input.tariff.tariff, { current, amended, kind: kind.kind, paid: input.paid });
      } catch (error) {
        feeProblem = `保証料を計算できません（${error instanceof Error ? error.message : String(error)}）。`;
      }
    }
  }
  return {
    kind: kind.ok ? kind.kind : null,
    amended,
    differences: amended ? diffCertificates(current, amended) : [],
    errors: dedupe(errors),
    fee,
    feeProblem,
  };
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The first problem of each field, for a form (FormErrors). */
export function formErrorsOf(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) if (!out[e.field]) out[e.field] = e.message;
  return out;
}
