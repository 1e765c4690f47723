// Whether a guarantee can be issued electronically for an orderer, and whether its amount
// and period agree with the orderer's rules. Every answer is a sentence in Japanese.

import type { CertificateContent, ContractCategory, GuaranteeType } from './certificate.ts';
import { isIsoDate } from './dates.ts';
import { formatWareki, formatYen } from './format.ts';
import { guaranteeTypeLabel } from './labels.ts';
import { formatRatio, policyCategoryLabel, type AdvancePolicy, type FieldError, type OrdererPolicy, type Ratio } from './policy.ts';

// ---------------------------------------------------------------------------
// 電子交付の可否

export interface EligibilityApplication {
  category: ContractCategory;
  initialContractDate: string; // 当初契約日 (YYYY-MM-DD)
  guaranteeType: GuaranteeType;
}

export type Eligibility = { allowed: true } | { allowed: false; reasons: string[] };

/**
 * Can this guarantee be issued electronically (電子交付) for this orderer? When not, every
 * reason, in Japanese, e.g.
 * 「日田市の工事は、当初契約日が令和6年10月1日以降の契約が電子交付の対象です。」
 */
export function eligibility(policy: OrdererPolicy, application: EligibilityApplication): Eligibility {
  const reasons = [
    ...ordererReasons(policy),
    ...guaranteeTypeReasons(policy, application.guaranteeType),
    ...contractDateReasons(policy, application.category, application.initialContractDate),
  ];
  return reasons.length === 0 ? { allowed: true } : { allowed: false, reasons };
}

function ordererReasons(policy: OrdererPolicy): string[] {
  if (policy.electronicIssuance) return [];
  return [`${policy.ordererName}は電子保証（電子証書の交付）に対応していません。保証証書は書面で発行します。`];
}

function guaranteeTypeReasons(policy: OrdererPolicy, guaranteeType: GuaranteeType): string[] {
  if (guaranteeType === 'contract_reservation') {
    return ['契約保証予約は電子交付の対象外です。保証証書は書面で発行します。'];
  }
  if (!policy.eligibleGuaranteeTypes.includes(guaranteeType)) {
    const accepted = policy.eligibleGuaranteeTypes.map(guaranteeTypeLabel).join('、');
    const tail = accepted ? `（対象は${accepted}です。）` : '';
    return [`${policy.ordererName}では、${guaranteeTypeLabel(guaranteeType)}は電子交付の対象外です。${tail}`];
  }
  return [];
}

function contractDateReasons(policy: OrdererPolicy, category: ContractCategory, initialContractDate: string): string[] {
  const categoryPolicy = policy.categories[category];
  const name = policyCategoryLabel(policy, category);
  if (!categoryPolicy || categoryPolicy.electronicFrom === null) {
    return [`${policy.ordererName}では、${name}の契約は電子交付の対象外です。`];
  }
  if (!isIsoDate(initialContractDate)) {
    return ['当初契約日が正しい日付ではありません。'];
  }
  if (initialContractDate < categoryPolicy.electronicFrom) {
    return [
      `${policy.ordererName}の${name}は、当初契約日が${formatWareki(categoryPolicy.electronicFrom)}以降の契約が電子交付の対象です。` +
        `（この契約の当初契約日は${formatWareki(initialContractDate)}です。）`,
    ];
  }
  return [];
}

// ---------------------------------------------------------------------------
// 金額の上限・下限

/** price × ratio, rounded down to whole yen (exact integer arithmetic). */
export function applyRatioFloor(amount: number, ratio: Ratio): number {
  return Number((BigInt(amount) * BigInt(ratio.numerator)) / BigInt(ratio.denominator));
}

/** price × ratio, rounded up to whole yen (exact integer arithmetic). */
export function applyRatioCeil(amount: number, ratio: Ratio): number {
  const numerator = BigInt(amount) * BigInt(ratio.numerator);
  const denominator = BigInt(ratio.denominator);
  return Number((numerator + denominator - 1n) / denominator);
}

function floorToUnit(amount: number, unit: number): number {
  return Math.floor(amount / unit) * unit;
}

/** 100000 → 10万円未満切捨て, 1000 → 1,000円未満切捨て, 1 → ''. */
export function roundingUnitText(unit: number): string {
  if (unit <= 1) return '';
  if (unit % 10_000 === 0) return `${unit / 10_000}万円未満切捨て`;
  return `${formatYen(unit, { kin: false }).replace(/円$/, '')}円未満切捨て`;
}

interface ContractTerms {
  category: ContractCategory;
  contractPrice: number; // 請負代金額
  lowBid?: boolean; // 低入札
}

function advanceRules(policy: OrdererPolicy, terms: ContractTerms): { ratio: Ratio; intermediateRatio: Ratio | null; totalCap: Ratio; advance: AdvancePolicy } | null {
  const advance = policy.categories[terms.category]?.advance;
  if (!advance) return null;
  const lowBid = terms.lowBid ? advance.lowBid : undefined;
  return {
    ratio: lowBid?.ratio ?? advance.ratio,
    intermediateRatio: lowBid?.intermediateRatio !== undefined ? lowBid.intermediateRatio : advance.intermediateRatio,
    totalCap: lowBid?.totalCap ?? advance.totalCap,
    advance,
  };
}

/**
 * The largest 前払金 the orderer pays for this contract: 請負代金額 × the category's ratio,
 * capped by the 支払限度額, rounded down to the policy's unit. 0 when the contract is below
 * the minimum contract price for advances or the category is unknown.
 */
export function maximumAdvanceAmount(policy: OrdererPolicy, terms: ContractTerms): number {
  const rules = advanceRules(policy, terms);
  if (!rules || terms.contractPrice < rules.advance.minimumContractPrice) return 0;
  const byRatio = applyRatioFloor(terms.contractPrice, rules.ratio);
  const capped = rules.advance.limitAmount === null ? byRatio : Math.min(byRatio, rules.advance.limitAmount);
  return floorToUnit(capped, policy.advanceRoundingUnit);
}

/**
 * The largest 中間前払金 for this contract, given the 前払金 already received: the category's
 * intermediate ratio, and no more than the total cap less the earlier advance; rounded down
 * to the policy's unit. 0 when the category has no intermediate advance.
 */
export function maximumIntermediateAdvanceAmount(policy: OrdererPolicy, terms: ContractTerms & { previousAdvanceAmount: number }): number {
  const rules = advanceRules(policy, terms);
  if (!rules || !rules.intermediateRatio || terms.contractPrice < rules.advance.minimumContractPrice) return 0;
  const byRatio = applyRatioFloor(terms.contractPrice, rules.intermediateRatio);
  const roomUnderCap = applyRatioFloor(terms.contractPrice, rules.totalCap) - terms.previousAdvanceAmount;
  return floorToUnit(Math.max(0, Math.min(byRatio, roomUnderCap)), policy.advanceRoundingUnit);
}

/** The smallest 保証金額 of a 契約保証: 請負代金額 × 1/10 (3/10 when low-bid), rounded up. */
export function minimumContractGuaranteeAmount(policy: OrdererPolicy, terms: { contractPrice: number; lowBid?: boolean }): number {
  const { minimumRatio, lowBidMinimumRatio } = policy.contractGuarantee;
  return applyRatioCeil(terms.contractPrice, terms.lowBid ? lowBidMinimumRatio : minimumRatio);
}

// ---------------------------------------------------------------------------
// 保証金額・保証期間の点検

export interface GuaranteeAmountInput {
  guaranteeType: GuaranteeType;
  category: ContractCategory;
  contractPrice: number; // 請負代金額
  lowBid: boolean; // 低入札
  guaranteedAmount: number; // 保証金額 (for 前払金保証 and 中間前払金保証: the advance itself)
  previousAdvanceAmount?: number; // 既に受けた前払金の額 (needed for 中間前払金保証)
  workPeriodStart: string; // 工期 (自)
  workPeriodEnd: string; // 工期 (至)
  guaranteePeriodStart: string; // 保証期間 (自)
  guaranteePeriodEnd: string; // 保証期間 (至) = 保証期限
}

/** The amount-check input for a certificate's content (plus the earlier advance, for 中間前払金). */
export function guaranteeAmountInputOf(certificate: CertificateContent, previousAdvanceAmount?: number): GuaranteeAmountInput {
  return {
    guaranteeType: certificate.guaranteeType,
    category: certificate.work.category,
    contractPrice: certificate.work.contractPrice,
    lowBid: certificate.work.lowBid,
    guaranteedAmount: certificate.guaranteedAmount,
    previousAdvanceAmount,
    workPeriodStart: certificate.work.periodStart,
    workPeriodEnd: certificate.work.periodEnd,
    guaranteePeriodStart: certificate.guaranteePeriodStart,
    guaranteePeriodEnd: certificate.guaranteePeriodEnd,
  };
}

/**
 * Every problem with the amounts and the period of a guarantee under the orderer's rules,
 * each tied to the input field it concerns; an empty list when all is well.
 */
export function checkGuaranteeAmounts(policy: OrdererPolicy, contract: GuaranteeAmountInput): FieldError[] {
  const amountErrors = basicAmountErrors(contract);
  return [
    ...amountErrors,
    ...(amountErrors.length === 0 ? ruleAmountErrors(policy, contract) : []),
    ...periodErrors(contract),
  ];
}

function isPositiveYen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function basicAmountErrors(contract: GuaranteeAmountInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!isPositiveYen(contract.contractPrice)) {
    errors.push({ field: 'contractPrice', message: '請負代金額は1円以上の整数（円単位）で入力してください。' });
  }
  if (!isPositiveYen(contract.guaranteedAmount)) {
    errors.push({ field: 'guaranteedAmount', message: '保証金額は1円以上の整数（円単位）で入力してください。' });
  }
  if (errors.length === 0 && contract.guaranteedAmount > contract.contractPrice) {
    errors.push({ field: 'guaranteedAmount', message: `保証金額が請負代金額（${formatYen(contract.contractPrice)}）を超えています。` });
  }
  return errors;
}

function ruleAmountErrors(policy: OrdererPolicy, contract: GuaranteeAmountInput): FieldError[] {
  if (!policy.categories[contract.category]) {
    return [{ field: 'category', message: `${policy.ordererName}には「${policyCategoryLabel(policy, contract.category)}」の契約区分がありません。` }];
  }
  switch (contract.guaranteeType) {
    case 'advance_payment':
      return advanceErrors(policy, contract);
    case 'intermediate_advance_payment':
      return intermediateAdvanceErrors(policy, contract);
    case 'contract_performance':
      return contractGuaranteeErrors(policy, contract);
    case 'contract_reservation':
      return [];
  }
}

function minimumContractPriceErrors(policy: OrdererPolicy, contract: GuaranteeAmountInput, what: string): FieldError[] {
  const minimum = policy.categories[contract.category]?.advance.minimumContractPrice ?? 0;
  if (contract.contractPrice >= minimum) return [];
  const name = policyCategoryLabel(policy, contract.category);
  return [{ field: 'contractPrice', message: `${policy.ordererName}の${name}では、請負代金額が${formatYen(minimum)}以上の契約が${what}の対象です。` }];
}

function ratioText(policy: OrdererPolicy, ratio: Ratio): string {
  const rounding = roundingUnitText(policy.advanceRoundingUnit);
  return rounding ? `${formatRatio(ratio)}（${rounding}）` : formatRatio(ratio);
}

function advanceErrors(policy: OrdererPolicy, contract: GuaranteeAmountInput): FieldError[] {
  const tooSmall = minimumContractPriceErrors(policy, contract, '前払金');
  if (tooSmall.length > 0) return tooSmall;
  const maximum = maximumAdvanceAmount(policy, contract);
  if (contract.guaranteedAmount <= maximum) return [];
  const rules = advanceRules(policy, contract) as NonNullable<ReturnType<typeof advanceRules>>;
  const limit = rules.advance.limitAmount === null ? '' : `、支払限度額${formatYen(rules.advance.limitAmount)}`;
  return [{
    field: 'guaranteedAmount',
    message: `前払金の額は、請負代金額の${ratioText(policy, rules.ratio)}${limit}までの${formatYen(maximum)}以内です。保証金額を${formatYen(maximum)}以内にしてください。`,
  }];
}

function intermediateAdvanceErrors(policy: OrdererPolicy, contract: GuaranteeAmountInput): FieldError[] {
  const rules = advanceRules(policy, contract) as NonNullable<ReturnType<typeof advanceRules>>;
  const name = policyCategoryLabel(policy, contract.category);
  if (!rules.intermediateRatio) {
    return [{ field: 'guaranteeType', message: `${policy.ordererName}の${name}には中間前払金の制度がありません。` }];
  }
  const tooSmall = minimumContractPriceErrors(policy, contract, '中間前払金');
  if (tooSmall.length > 0) return tooSmall;
  const previous = contract.previousAdvanceAmount;
  if (previous === undefined || !Number.isSafeInteger(previous) || previous < 0) {
    return [{ field: 'previousAdvanceAmount', message: '既に受けた前払金の額を、0円以上の整数（円単位）で入力してください。' }];
  }
  const errors: FieldError[] = [];
  const byRatio = floorToUnit(applyRatioFloor(contract.contractPrice, rules.intermediateRatio), policy.advanceRoundingUnit);
  if (contract.guaranteedAmount > byRatio) {
    errors.push({
      field: 'guaranteedAmount',
      message: `中間前払金の額は、請負代金額の${ratioText(policy, rules.intermediateRatio)}までの${formatYen(byRatio)}以内です。`,
    });
  }
  const cap = applyRatioFloor(contract.contractPrice, rules.totalCap);
  if (previous + contract.guaranteedAmount > cap) {
    errors.push({
      field: 'guaranteedAmount',
      message: `前払金（${formatYen(previous)}）と中間前払金の合計は、請負代金額の${formatRatio(rules.totalCap)}の${formatYen(cap)}以内です。中間前払金は${formatYen(maximumIntermediateAdvanceAmount(policy, { ...contract, previousAdvanceAmount: previous }))}以内にしてください。`,
    });
  }
  return errors;
}

function contractGuaranteeErrors(policy: OrdererPolicy, contract: GuaranteeAmountInput): FieldError[] {
  const minimum = minimumContractGuaranteeAmount(policy, contract);
  if (contract.guaranteedAmount >= minimum) return [];
  const { minimumRatio, lowBidMinimumRatio } = policy.contractGuarantee;
  const basis = contract.lowBid
    ? `低入札の契約のため請負代金額の${formatRatio(lowBidMinimumRatio)}`
    : `請負代金額の${formatRatio(minimumRatio)}`;
  return [{ field: 'guaranteedAmount', message: `契約保証の保証金額は、${basis}の${formatYen(minimum)}以上にしてください。` }];
}

// ---------------------------------------------------------------------------
// 保証期間と工期

const DATE_FIELDS = [
  ['workPeriodStart', '工期の始期'],
  ['workPeriodEnd', '工期の終期'],
  ['guaranteePeriodStart', '保証期間の始期'],
  ['guaranteePeriodEnd', '保証期限'],
] as const;

function periodErrors(contract: GuaranteeAmountInput): FieldError[] {
  const invalid = DATE_FIELDS.filter(([field]) => !isIsoDate(contract[field]));
  if (invalid.length > 0) {
    return invalid.map(([field, name]) => ({ field, message: `${name}を正しい日付で入力してください。` }));
  }
  const errors: FieldError[] = [];
  if (contract.workPeriodEnd < contract.workPeriodStart) {
    errors.push({ field: 'workPeriodEnd', message: '工期の終期が始期より前になっています。' });
  }
  if (contract.guaranteePeriodEnd < contract.guaranteePeriodStart) {
    errors.push({ field: 'guaranteePeriodEnd', message: '保証期限が保証期間の始期より前になっています。' });
  }
  if (contract.guaranteeType !== 'contract_reservation' && contract.guaranteePeriodEnd < contract.workPeriodEnd) {
    errors.push({
      field: 'guaranteePeriodEnd',
      message: `${guaranteeTypeLabel(contract.guaranteeType)}の保証期限（${formatWareki(contract.guaranteePeriodEnd)}）が工期の末日（${formatWareki(contract.workPeriodEnd)}）より前です。保証期限は工期の末日以降にしてください。`,
    });
  }
  return errors;
}
