// 保証料 (guarantee fees): a tariff as data, the fee statement (保証料計算書) line by line,
// the additional fee on an increase and the refund (保証料返還) on a decrease or
// cancellation. All arithmetic is on integers (BigInt where products grow large).
//
// How a fee is made: the guaranteed amount is split into bands (like tax brackets); each
// part is charged its band's yearly rate for the days of the guarantee period (both ends
// counted) over 365; a fixed fee is added; the sum is rounded to the tariff's unit and
// raised to the minimum fee. Because each step only ever grows with the amount and the
// period, the fee never falls when either grows.

import type { FeeBreakdown, FeeLine, GuaranteeType } from './certificate.ts';
import { daysInclusive, isIsoDate } from './dates.ts';
import { formatYen } from './format.ts';
import { GUARANTEE_TYPES, guaranteeTypeLabel } from './labels.ts';
import type { Ratio } from './policy.ts';

/** One band of the guaranteed amount and its yearly rate. */
export interface FeeBand {
  upTo: number | null; // upper bound of the band (yen, inclusive); null for the last band
  annualRatePpm: number; // 年率 in parts per million: 800 = 0.08%
}

/** The tariff of one guarantee type. */
export interface GuaranteeTypeTariff {
  bands: FeeBand[]; // ascending; each part of the amount is charged its own band's rate
  fixedFee: number; // 定額部分 (yen), e.g. the 契約保証予約 fee
  minimumFee: number; // 最低保証料 (yen, before tax)
  taxable: boolean; // 消費税の課税対象 (only the 契約保証予約 fee)
  refundable: boolean; // 減額・解約のときに返還するか
}

export interface FeeTariff {
  name: string; // shown on every statement (FeeBreakdown.tariffName)
  example: boolean; // true for the shipped example tariff
  daysPerYear: number; // 365
  rounding: { unit: number; mode: 'floor' | 'ceil' | 'round' }; // 保証料の端数処理
  taxRate: Ratio; // 消費税率 (10/100)
  types: Record<GuaranteeType, GuaranteeTypeTariff>;
}

const EXAMPLE_BANDS = (lowerRate: number, middleRate: number, upperRate: number): FeeBand[] => [
  { upTo: 100_000_000, annualRatePpm: lowerRate },
  { upTo: 500_000_000, annualRatePpm: middleRate },
  { upTo: null, annualRatePpm: upperRate },
];

/**
 * An EXAMPLE tariff with plausible figures so that the system works out of the box.
 * It is not any surety company's approved tariff: replace it with the real one.
 */
export const DEFAULT_TARIFF: FeeTariff = {
  name: '例示用の保証料率表（実際の料率表に置き換えてください）',
  example: true,
  daysPerYear: 365,
  rounding: { unit: 10, mode: 'floor' },
  taxRate: { numerator: 10, denominator: 100 },
  types: {
    advance_payment: { bands: EXAMPLE_BANDS(800, 600, 400), fixedFee: 0, minimumFee: 3_000, taxable: false, refundable: true },
    intermediate_advance_payment: { bands: EXAMPLE_BANDS(800, 600, 400), fixedFee: 0, minimumFee: 3_000, taxable: false, refundable: true },
    contract_performance: { bands: EXAMPLE_BANDS(1_500, 1_200, 900), fixedFee: 0, minimumFee: 5_000, taxable: false, refundable: true },
    contract_reservation: { bands: [], fixedFee: 3_000, minimumFee: 0, taxable: true, refundable: false },
  },
};

/** Problems with a tariff, in Japanese (an empty list when it can be used). */
export function feeTariffProblems(tariff: FeeTariff): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(tariff.daysPerYear) || tariff.daysPerYear <= 0) problems.push('年間日数は正の整数にしてください。');
  if (!Number.isInteger(tariff.rounding.unit) || tariff.rounding.unit <= 0) problems.push('端数処理の単位は1円以上の整数にしてください。');
  for (const type of GUARANTEE_TYPES) {
    const typeTariff = tariff.types[type];
    const name = guaranteeTypeLabel(type);
    if (!typeTariff) {
      problems.push(`${name}の料率がありません。`);
      continue;
    }
    let previous = 0;
    typeTariff.bands.forEach((band, index) => {
      const last = index === typeTariff.bands.length - 1;
      if (!Number.isInteger(band.annualRatePpm) || band.annualRatePpm < 0) problems.push(`${name}の${index + 1}番目の料率が正しくありません。`);
      if (band.upTo === null ? !last : !(Number.isSafeInteger(band.upTo) && band.upTo > previous)) {
        problems.push(`${name}の${index + 1}番目の金額区分の上限が正しくありません（昇順で、最後の区分だけ上限なし）。`);
      }
      previous = band.upTo ?? previous;
    });
    if (typeTariff.bands.length > 0 && typeTariff.bands.at(-1)?.upTo !== null) problems.push(`${name}の最後の金額区分は上限なしにしてください。`);
    if (!Number.isSafeInteger(typeTariff.fixedFee) || typeTariff.fixedFee < 0) problems.push(`${name}の定額部分が正しくありません。`);
    if (!Number.isSafeInteger(typeTariff.minimumFee) || typeTariff.minimumFee < 0) problems.push(`${name}の最低保証料が正しくありません。`);
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Building blocks

/** What the fee of one guarantee depends on. */
export interface FeeGuaranteeTerms {
  guaranteeType: GuaranteeType;
  guaranteedAmount: number; // 保証金額 (yen)
  periodStart: string; // 保証期間 (自) YYYY-MM-DD
  periodEnd: string; // 保証期間 (至) YYYY-MM-DD
}

function typeTariffOf(tariff: FeeTariff, guaranteeType: GuaranteeType): GuaranteeTypeTariff {
  const typeTariff = tariff.types[guaranteeType];
  if (!typeTariff) throw new RangeError(`料率表に${guaranteeTypeLabel(guaranteeType)}の料率がありません`);
  return typeTariff;
}

function assertAmount(amount: number, what: string): void {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`${what}は0円以上の整数（円単位）で指定してください: ${amount}`);
}

function periodDays(start: string, end: string): number {
  if (!isIsoDate(start) || !isIsoDate(end)) throw new RangeError(`保証期間の日付が正しくありません: ${start}〜${end}`);
  const days = daysInclusive(start, end);
  if (days < 1) throw new RangeError(`保証期間の終期が始期より前です: ${start}〜${end}`);
  return days;
}

function yen(amount: number): string {
  return formatYen(amount, { kin: false });
}

function bandText(lower: number, upTo: number | null): string {
  if (lower === 0 && upTo === null) return '保証金額';
  const from = lower === 0 ? '' : `${yen(lower)}超`;
  const to = upTo === null ? '' : `${yen(upTo)}以下`;
  return `${from}${to}の部分`;
}

function ratePercent(ppm: number): string {
  return `${ppm / 10_000}%`;
}

/** The time-based part of a fee, one line per band (each rounded down to whole yen). */
function bandLines(tariff: FeeTariff, typeTariff: GuaranteeTypeTariff, amount: number, days: number): FeeLine[] {
  const lines: FeeLine[] = [];
  let lower = 0;
  for (const band of typeTariff.bands) {
    const upper = band.upTo === null ? amount : Math.min(amount, band.upTo);
    const portion = Math.max(0, upper - lower);
    if (portion > 0) {
      const fee = (BigInt(portion) * BigInt(band.annualRatePpm) * BigInt(days)) / (1_000_000n * BigInt(tariff.daysPerYear));
      lines.push({
        label: `基本保証料（${bandText(lower, band.upTo)}）`,
        amount: Number(fee),
        note: `${yen(portion)} × 年${ratePercent(band.annualRatePpm)} × ${days}日／${tariff.daysPerYear}日`,
      });
    }
    if (band.upTo === null || amount <= band.upTo) break;
    lower = band.upTo;
  }
  return lines;
}

function timeBasedFee(tariff: FeeTariff, typeTariff: GuaranteeTypeTariff, amount: number, days: number): number {
  return sum(bandLines(tariff, typeTariff, amount, days));
}

function sum(lines: FeeLine[]): number {
  return lines.reduce((total, line) => total + line.amount, 0);
}

function roundToUnit(amount: number, unit: number, mode: 'floor' | 'ceil' | 'round'): number {
  const units = amount / unit;
  return (mode === 'floor' ? Math.floor(units) : mode === 'ceil' ? Math.ceil(units) : Math.round(units)) * unit;
}

function roundingLabel(unit: number, mode: 'floor' | 'ceil' | 'round'): string {
  const how = mode === 'floor' ? '切捨て' : mode === 'ceil' ? '切上げ' : '四捨五入';
  return `端数処理（${yen(unit)}未満${how}）`;
}

/** Appends the rounding line when rounding changes the amount; returns the rounded amount. */
function pushRounding(lines: FeeLine[], amount: number, unit: number, mode: 'floor' | 'ceil' | 'round'): number {
  const rounded = roundToUnit(amount, unit, mode);
  if (rounded !== amount) lines.push({ label: roundingLabel(unit, mode), amount: rounded - amount });
  return rounded;
}

/** Appends the 消費税 line (or the note that the fee is tax-exempt); returns the tax. */
function pushTax(lines: FeeLine[], tariff: FeeTariff, typeTariff: GuaranteeTypeTariff, amount: number): number {
  if (!typeTariff.taxable) {
    lines.push({ label: '消費税', amount: 0, note: '保証料は非課税です' });
    return 0;
  }
  const tax = Number((BigInt(amount) * BigInt(tariff.taxRate.numerator)) / BigInt(tariff.taxRate.denominator));
  const percent = (tariff.taxRate.numerator * 100) / tariff.taxRate.denominator;
  lines.push({ label: `消費税（${percent}%）`, amount: tax, note: '1円未満切捨て' });
  return tax;
}

// ---------------------------------------------------------------------------
// 保証料計算書

/** The fee of a guarantee, line by line for the 保証料計算書. */
export function fee(tariff: FeeTariff, guarantee: FeeGuaranteeTerms): FeeBreakdown {
  const typeTariff = typeTariffOf(tariff, guarantee.guaranteeType);
  assertAmount(guarantee.guaranteedAmount, '保証金額');
  const days = periodDays(guarantee.periodStart, guarantee.periodEnd);
  const lines = bandLines(tariff, typeTariff, guarantee.guaranteedAmount, days);
  if (typeTariff.fixedFee > 0) lines.push({ label: '定額保証料', amount: typeTariff.fixedFee });
  let amount = pushRounding(lines, sum(lines), tariff.rounding.unit, tariff.rounding.mode);
  if (amount < typeTariff.minimumFee) {
    lines.push({ label: '最低保証料までの加算', amount: typeTariff.minimumFee - amount, note: `最低保証料 ${formatYen(typeTariff.minimumFee)}` });
    amount = typeTariff.minimumFee;
  }
  const tax = pushTax(lines, tariff, typeTariff, amount);
  return { lines, total: amount + tax, taxable: typeTariff.taxable, tariffName: tariff.name };
}

/**
 * The additional fee for an increase (増額) or a later 保証期限 (期限延長), from the day the
 * change applies: the fee of the changed guarantee for [effectiveDate, new end] less the fee
 * of the original one for [effectiveDate, original end]. No minimum fee applies.
 */
export function additionalFee(
  tariff: FeeTariff,
  change: { original: FeeGuaranteeTerms; changed: { guaranteedAmount: number; periodEnd: string }; effectiveDate: string },
): FeeBreakdown {
  const { original, changed, effectiveDate } = change;
  const typeTariff = typeTariffOf(tariff, original.guaranteeType);
  assertAmount(original.guaranteedAmount, '変更前の保証金額');
  assertAmount(changed.guaranteedAmount, '変更後の保証金額');
  periodDays(original.periodStart, original.periodEnd);
  if (changed.guaranteedAmount < original.guaranteedAmount || changed.periodEnd < original.periodEnd) {
    throw new RangeError('増額または保証期限の延長ではありません（減額は保証料返還で計算します）');
  }
  if (!isIsoDate(effectiveDate) || effectiveDate < original.periodStart || effectiveDate > changed.periodEnd) {
    throw new RangeError(`変更日が保証期間の中にありません: ${effectiveDate}`);
  }
  const daysAfter = periodDays(effectiveDate, changed.periodEnd);
  const daysBefore = effectiveDate > original.periodEnd ? 0 : periodDays(effectiveDate, original.periodEnd);
  const after = timeBasedFee(tariff, typeTariff, changed.guaranteedAmount, daysAfter);
  const before = daysBefore === 0 ? 0 : timeBasedFee(tariff, typeTariff, original.guaranteedAmount, daysBefore);
  const lines: FeeLine[] = [
    { label: '変更後の保証料（変更日以降）', amount: after, note: `${yen(changed.guaranteedAmount)}（${daysAfter}日分）` },
    { label: '変更前の保証料（変更日以降）', amount: -before, note: `${yen(original.guaranteedAmount)}（${daysBefore}日分）` },
  ];
  const amount = Math.max(0, pushRounding(lines, after - before, tariff.rounding.unit, tariff.rounding.mode));
  const tax = pushTax(lines, tariff, typeTariff, amount);
  return { lines, total: amount + tax, taxable: typeTariff.taxable, tariffName: tariff.name };
}

export type FeeRefundChange = { kind: 'decrease'; guaranteedAmount: number } | { kind: 'cancellation' };

/**
 * 保証料返還 on a decrease (減額) or a cancellation (解約): the fee of the part no longer
 * guaranteed from `effectiveDate` (the first day the change applies) to the end of the
 * period, rounded down; the company keeps at least the minimum fee; the refund (the total,
 * a positive amount returned to the contractor) never exceeds `paid`.
 */
export function refund(
  tariff: FeeTariff,
  request: { original: FeeGuaranteeTerms; paid: number; change: FeeRefundChange; effectiveDate: string },
): FeeBreakdown {
  const { original, paid, change, effectiveDate } = request;
  const typeTariff = typeTariffOf(tariff, original.guaranteeType);
  assertAmount(original.guaranteedAmount, '保証金額');
  assertAmount(paid, 'お支払い済みの保証料');
  periodDays(original.periodStart, original.periodEnd);
  if (!isIsoDate(effectiveDate)) throw new RangeError(`変更日が正しい日付ではありません: ${effectiveDate}`);
  const result = (lines: FeeLine[], total: number): FeeBreakdown => ({ lines, total, taxable: typeTariff.taxable, tariffName: tariff.name });

  if (!typeTariff.refundable) {
    return result([{ label: '保証料返還', amount: 0, note: `${guaranteeTypeLabel(original.guaranteeType)}の保証料は返還の対象外です` }], 0);
  }
  const newAmount = change.kind === 'cancellation' ? 0 : change.guaranteedAmount;
  assertAmount(newAmount, '減額後の保証金額');
  if (newAmount > original.guaranteedAmount) throw new RangeError('減額後の保証金額が変更前より大きくなっています');

  const from = effectiveDate < original.periodStart ? original.periodStart : effectiveDate;
  const unusedDays = from > original.periodEnd ? 0 : periodDays(from, original.periodEnd);
  if (unusedDays === 0) {
    return result([{ label: '保証料返還', amount: 0, note: '変更日が保証期限より後のため、未経過期間はありません' }], 0);
  }
  const what = change.kind === 'cancellation' ? '解約日' : '減額日';
  const lines: FeeLine[] = [
    { label: `未経過期間の保証料（${what}以降${unusedDays}日）`, amount: timeBasedFee(tariff, typeTariff, original.guaranteedAmount, unusedDays), note: `${yen(original.guaranteedAmount)}（${unusedDays}日分）` },
  ];
  if (newAmount > 0) {
    lines.push({ label: '減額後の保証料（同じ期間）', amount: -timeBasedFee(tariff, typeTariff, newAmount, unusedDays), note: `${yen(newAmount)}（${unusedDays}日分）` });
  }
  let amount = Math.max(0, pushRounding(lines, sum(lines), tariff.rounding.unit, 'floor'));
  // The company keeps at least the minimum fee, so the refund is at most paid − minimum ≤ paid.
  const keptMinimum = Math.max(0, paid - typeTariff.minimumFee);
  if (amount > keptMinimum) {
    lines.push({ label: '最低保証料分の控除', amount: keptMinimum - amount, note: `最低保証料 ${formatYen(typeTariff.minimumFee)} はお返しできません` });
    amount = keptMinimum;
  }
  return result(lines, amount);
}
