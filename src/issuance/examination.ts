// What the examiner sees and what conclusion requires: the application's fields complete,
// electronic issuance allowed by the orderer's policy (domain eligibility), amounts and
// periods within the orderer's rules (domain checkGuaranteeAmounts), the fee computed (domain
// fee). Every rule comes from the domain; this file only maps an application row onto it.
import type { Application } from '../db/schema.ts';
import {
  checkGuaranteeAmounts,
  eligibility,
  fee,
  isGuaranteeType,
  type Eligibility,
  type FeeBreakdown,
  type FieldError,
  type GuaranteeType,
} from '../domain/index.ts';
import type { StoredPolicy } from './orderer-policy.ts';
import type { SuretyTariff } from './tariff.ts';

/** An application with every field a certificate needs. */
export interface CompleteApplication {
  guaranteeType: GuaranteeType;
  category: string;
  initialContractDate: string;
  workName: string;
  workSite: string;
  contractPrice: number;
  contractDate: string;
  periodStart: string;
  periodEnd: string;
  guaranteedAmount: number;
  previousAdvanceAmount: number | null;
  guaranteePeriodStart: string;
  guaranteePeriodEnd: string;
  lowBid: boolean;
  delivery: 'electronic' | 'paper';
  ordererId: string;
}

export interface Examination {
  missing: string[]; // Japanese names of missing fields
  complete: CompleteApplication | null;
  eligibility: Eligibility | null; // null when it cannot be judged (missing fields or policy)
  amountProblems: FieldError[];
  fee: FeeBreakdown | null;
  /** Why the guarantee cannot be concluded now (empty: it can). */
  blockers: string[];
}

const REQUIRED: [keyof Application, string][] = [
  ['orderer_id', '発注者'],
  ['guarantee_type', '保証の種類'],
  ['category', '契約の区分'],
  ['initial_contract_date', '当初契約日'],
  ['work_name', '工事名'],
  ['work_site', '工事場所'],
  ['contract_price', '請負代金額'],
  ['contract_date', '契約日'],
  ['period_start', '工期（自）'],
  ['period_end', '工期（至）'],
  ['guaranteed_amount', '保証金額'],
  ['guarantee_period_start', '保証期間（自）'],
  ['guarantee_period_end', '保証期間（至）'],
  ['delivery', '保証証書の受取方法'],
];

export function completeApplication(app: Application): { complete: CompleteApplication | null; missing: string[] } {
  const missing = REQUIRED.filter(([column]) => app[column] === null || app[column] === '').map(([, label]) => label);
  if (app.guarantee_type && !isGuaranteeType(app.guarantee_type)) missing.push('保証の種類（正しい値）');
  if (missing.length > 0) return { complete: null, missing };
  return {
    missing,
    complete: {
      guaranteeType: app.guarantee_type as GuaranteeType,
      category: app.category as string,
      initialContractDate: app.initial_contract_date as string,
      workName: app.work_name as string,
      workSite: app.work_site as string,
      contractPrice: Number(app.contract_price),
      contractDate: app.contract_date as string,
      periodStart: app.period_start as string,
      periodEnd: app.period_end as string,
      guaranteedAmount: Number(app.guaranteed_amount),
      previousAdvanceAmount: app.previous_advance_amount === null ? null : Number(app.previous_advance_amount),
      guaranteePeriodStart: app.guarantee_period_start as string,
      guaranteePeriodEnd: app.guarantee_period_end as string,
      lowBid: app.low_bid,
      delivery: app.delivery as 'electronic' | 'paper',
      ordererId: app.orderer_id as string,
    },
  };
}

export function examineApplication(app: Application, policy: StoredPolicy, tariff: SuretyTariff, issuerCode: string | null): Examination {
  const { complete, missing } = completeApplication(app);
  const blockers: string[] = [];
  if (app.kind === 'change') {
    blockers.push('変更・解約の申込です。既存の保証契約の変更として処理するため、ここから新しい保証契約は締結できません。');
  }
  if (missing.length > 0) blockers.push(`申込内容に未入力の項目があります（${missing.join('、')}）。差戻して入力を依頼してください。`);
  if (!issuerCode) blockers.push('保証事業会社コード（英数字2文字）が保証契約番号に使えない形式のため、採番できません。管理者にお問い合わせください。');
  if (policy.status === 'missing') blockers.push('発注者の電子保証の設定が登録されていません。「発注者の設定」で登録してください。');
  if (policy.status === 'invalid') blockers.push(`発注者の電子保証の設定に誤りがあります（${policy.messages.join(' ')}）。`);
  if (!tariff.ok) blockers.push(`保証料率表に誤りがあるため保証料を計算できません（${tariff.problems.join(' ')}）。`);

  let judged: Eligibility | null = null;
  let amountProblems: FieldError[] = [];
  let breakdown: FeeBreakdown | null = null;
  if (complete && policy.status === 'ok') {
    judged = eligibility(policy.policy, complete);
    if (complete.delivery === 'electronic' && !judged.allowed) {
      blockers.push('電子交付の対象外のため、電子証書を発行できません。受取方法を書面に変更するよう差戻してください。');
    }
    amountProblems = checkGuaranteeAmounts(policy.policy, {
      guaranteeType: complete.guaranteeType,
      category: complete.category,
      contractPrice: complete.contractPrice,
      lowBid: complete.lowBid,
      guaranteedAmount: complete.guaranteedAmount,
      ...(complete.previousAdvanceAmount === null ? {} : { previousAdvanceAmount: complete.previousAdvanceAmount }),
      workPeriodStart: complete.periodStart,
      workPeriodEnd: complete.periodEnd,
      guaranteePeriodStart: complete.guaranteePeriodStart,
      guaranteePeriodEnd: complete.guaranteePeriodEnd,
    });
    if (amountProblems.length > 0) blockers.push('保証金額または保証期間が発注者の定めに合っていません。差戻して訂正を依頼してください。');
  }
  if (complete && tariff.ok && amountProblems.length === 0) {
    try {
      breakdown = fee(tariff.tariff, {
        guaranteeType: complete.guaranteeType,
        guaranteedAmount: complete.guaranteedAmount,
        periodStart: complete.guaranteePeriodStart,
        periodEnd: complete.guaranteePeriodEnd,
      });
    } catch (error) {
      blockers.push(`保証料を計算できません（${error instanceof Error ? error.message : String(error)}）。`);
    }
  }
  return { missing, complete, eligibility: judged, amountProblems, fee: breakdown, blockers };
}
