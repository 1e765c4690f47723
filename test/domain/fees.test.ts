import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DEFAULT_TARIFF,
  GUARANTEE_TYPES,
  addDays,
  additionalFee,
  fee,
  feeTariffProblems,
  refund,
  type FeeBreakdown,
  type FeeTariff,
  type GuaranteeTypeTariff,
} from '../../src/domain/index.ts';

function linesAddUp(breakdown: FeeBreakdown): void {
  assert.equal(breakdown.lines.reduce((sum, line) => sum + line.amount, 0), breakdown.total, JSON.stringify(breakdown));
}

// Arbitrary tariffs: any ascending bands (rates may fall or rise from band to band), any
// fixed and minimum fee, any rounding unit and mode.
const typeTariff: fc.Arbitrary<GuaranteeTypeTariff> = fc.record({
  bands: fc
    .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 5e9 }), { maxLength: 4 }), fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 5, maxLength: 5 }))
    .map(([limits, rates]) => [...[...limits].sort((a, b) => a - b), null].map((upTo, index) => ({ upTo, annualRatePpm: rates[index] as number }))),
  fixedFee: fc.integer({ min: 0, max: 10_000 }),
  minimumFee: fc.integer({ min: 0, max: 50_000 }),
  taxable: fc.boolean(),
  refundable: fc.boolean(),
});
const tariff: fc.Arbitrary<FeeTariff> = fc.oneof(
  fc.constant(DEFAULT_TARIFF),
  fc.record({
    name: fc.constant('テスト用料率表'),
    example: fc.constant(true),
    daysPerYear: fc.constantFrom(365, 366),
    rounding: fc.record({ unit: fc.constantFrom(1, 10, 100, 1000), mode: fc.constantFrom('floor' as const, 'ceil' as const, 'round' as const) }),
    taxRate: fc.constantFrom({ numerator: 10, denominator: 100 }, { numerator: 8, denominator: 100 }),
    types: fc.record({
      advance_payment: typeTariff,
      intermediate_advance_payment: typeTariff,
      contract_performance: typeTariff,
      contract_reservation: typeTariff,
    }),
  }),
);
const guaranteeType = fc.constantFrom(...GUARANTEE_TYPES);
const amount = fc.integer({ min: 0, max: 1e12 });
const startDate = fc.integer({ min: 0, max: 3650 }).map((days) => addDays('2020-01-01', days));
const days = fc.integer({ min: 0, max: 3650 });

test('the example tariff says it is an example and is well formed', () => {
  assert.equal(DEFAULT_TARIFF.name, '例示用の保証料率表（実際の料率表に置き換えてください）');
  assert.equal(DEFAULT_TARIFF.example, true);
  assert.deepEqual(feeTariffProblems(DEFAULT_TARIFF), []);
  const broken = structuredClone(DEFAULT_TARIFF);
  broken.types.advance_payment.bands = [{ upTo: 500, annualRatePpm: 100 }, { upTo: 100, annualRatePpm: -1 }];
  broken.rounding.unit = 0;
  const problems = feeTariffProblems(broken);
  assert.ok(problems.some((p) => p.includes('端数処理の単位')));
  assert.ok(problems.some((p) => p.includes('前払金保証の2番目の料率')));
  assert.ok(problems.some((p) => p.includes('前払金保証の2番目の金額区分')));
  assert.ok(problems.some((p) => p.includes('前払金保証の最後の金額区分は上限なし')));
});

test('a fee statement line by line (example tariff)', () => {
  const breakdown = fee(DEFAULT_TARIFF, { guaranteeType: 'advance_payment', guaranteedAmount: 240_000_000, periodStart: '2025-04-01', periodEnd: '2026-03-31' });
  assert.deepEqual(breakdown, {
    lines: [
      { label: '基本保証料（100,000,000円以下の部分）', amount: 80_000, note: '100,000,000円 × 年0.08% × 365日／365日' },
      { label: '基本保証料（100,000,000円超500,000,000円以下の部分）', amount: 84_000, note: '140,000,000円 × 年0.06% × 365日／365日' },
      { label: '消費税', amount: 0, note: '保証料は非課税です' },
    ],
    total: 164_000,
    taxable: false,
    tariffName: DEFAULT_TARIFF.name,
  });
});

test('rounding and the minimum fee appear as their own lines', () => {
  // 24,000,000 × 0.08% × 214 / 365 = 11,256.98... → 11,256 → 11,250 (10円未満切捨て)
  const rounded = fee(DEFAULT_TARIFF, { guaranteeType: 'advance_payment', guaranteedAmount: 24_000_000, periodStart: '2025-04-01', periodEnd: '2025-10-31' });
  assert.deepEqual(rounded.lines.map((l) => [l.label, l.amount]), [
    ['基本保証料（100,000,000円以下の部分）', 11_256],
    ['端数処理（10円未満切捨て）', -6],
    ['消費税', 0],
  ]);
  assert.equal(rounded.total, 11_250);
  const small = fee(DEFAULT_TARIFF, { guaranteeType: 'contract_performance', guaranteedAmount: 1_000_000, periodStart: '2025-04-01', periodEnd: '2025-06-30' });
  assert.equal(small.total, 5_000);
  assert.ok(small.lines.some((l) => l.label === '最低保証料までの加算' && l.note === '最低保証料 金5,000円'));
  linesAddUp(small);
});

test('the 契約保証予約 fee is taxed (10%); the others are 非課税', () => {
  const reservation = fee(DEFAULT_TARIFF, { guaranteeType: 'contract_reservation', guaranteedAmount: 24_000_000, periodStart: '2025-04-01', periodEnd: '2025-05-31' });
  assert.equal(reservation.taxable, true);
  assert.deepEqual(reservation.lines.at(-1), { label: '消費税（10%）', amount: 300, note: '1円未満切捨て' });
  assert.equal(reservation.total, 3_300);
  for (const guaranteeType of ['advance_payment', 'intermediate_advance_payment', 'contract_performance'] as const) {
    const breakdown = fee(DEFAULT_TARIFF, { guaranteeType, guaranteedAmount: 24_000_000, periodStart: '2025-04-01', periodEnd: '2026-03-31' });
    assert.equal(breakdown.taxable, false);
    assert.deepEqual(breakdown.lines.at(-1), { label: '消費税', amount: 0, note: '保証料は非課税です' });
  }
});

test('bad guarantees are refused rather than priced', () => {
  const base = { guaranteeType: 'advance_payment' as const, guaranteedAmount: 1_000_000, periodStart: '2025-04-01', periodEnd: '2026-03-31' };
  assert.throws(() => fee(DEFAULT_TARIFF, { ...base, periodEnd: '2025-03-31' }), /終期が始期より前/);
  assert.throws(() => fee(DEFAULT_TARIFF, { ...base, periodEnd: '2025-02-30' }), RangeError);
  assert.throws(() => fee(DEFAULT_TARIFF, { ...base, guaranteedAmount: -1 }), /保証金額/);
  assert.throws(() => fee(DEFAULT_TARIFF, { ...base, guaranteedAmount: 0.5 }), /保証金額/);
});

test('the fee never falls when the amount grows (property)', () => {
  fc.assert(
    fc.property(tariff, guaranteeType, amount, amount, startDate, days, (t, type, a, b, start, length) => {
      const [smaller, larger] = a <= b ? [a, b] : [b, a];
      const periodEnd = addDays(start, length);
      const low = fee(t, { guaranteeType: type, guaranteedAmount: smaller, periodStart: start, periodEnd });
      const high = fee(t, { guaranteeType: type, guaranteedAmount: larger, periodStart: start, periodEnd });
      assert.ok(low.total <= high.total, `${smaller}: ${low.total} > ${larger}: ${high.total}`);
      linesAddUp(low);
      linesAddUp(high);
    }),
    { numRuns: 2000 },
  );
});

test('the fee never falls when the period grows (property)', () => {
  fc.assert(
    fc.property(tariff, guaranteeType, amount, startDate, days, days, (t, type, guaranteed, start, a, b) => {
      const [shorter, longer] = a <= b ? [a, b] : [b, a];
      const low = fee(t, { guaranteeType: type, guaranteedAmount: guaranteed, periodStart: start, periodEnd: addDays(start, shorter) });
      const high = fee(t, { guaranteeType: type, guaranteedAmount: guaranteed, periodStart: start, periodEnd: addDays(start, longer) });
      assert.ok(low.total <= high.total, `${shorter}d: ${low.total} > ${longer}d: ${high.total}`);
    }),
    { numRuns: 2000 },
  );
});

test('the fee grows with rate bands: each part of the amount at its own rate', () => {
  const at = (guaranteedAmount: number) => fee(DEFAULT_TARIFF, { guaranteeType: 'advance_payment', guaranteedAmount, periodStart: '2025-04-01', periodEnd: '2026-03-31' }).total;
  assert.equal(at(100_000_000), 80_000);
  assert.equal(at(100_000_010), 80_000); // +10円 × 0.06% is under 1円
  assert.equal(at(600_000_000), 80_000 + 240_000 + 40_000);
});

// ---------------------------------------------------------------------------
// 増額 and 保証料返還

const original = { guaranteeType: 'advance_payment' as const, guaranteedAmount: 24_000_000, periodStart: '2025-04-01', periodEnd: '2026-03-31' };

test('an increase is charged from the day it applies', () => {
  const breakdown = additionalFee(DEFAULT_TARIFF, { original, changed: { guaranteedAmount: 30_000_000, periodEnd: '2026-03-31' }, effectiveDate: '2025-10-01' });
  // (30,000,000 − 24,000,000) × 0.08% × 182 / 365 = 2,393.4 → the difference of the two band fees, 10円未満切捨て
  assert.equal(breakdown.total, 2_390);
  assert.equal(breakdown.lines[0]?.label, '変更後の保証料（変更日以降）');
  assert.equal(breakdown.lines[1]?.label, '変更前の保証料（変更日以降）');
  linesAddUp(breakdown);
  const extension = additionalFee(DEFAULT_TARIFF, { original, changed: { guaranteedAmount: 24_000_000, periodEnd: '2026-06-30' }, effectiveDate: '2026-04-01' });
  assert.equal(extension.total, 4_780); // 24,000,000 × 0.08% × 91 / 365 = 4,786.8
  assert.throws(() => additionalFee(DEFAULT_TARIFF, { original, changed: { guaranteedAmount: 20_000_000, periodEnd: '2026-03-31' }, effectiveDate: '2025-10-01' }), /保証料返還/);
  assert.throws(() => additionalFee(DEFAULT_TARIFF, { original, changed: { guaranteedAmount: 30_000_000, periodEnd: '2026-03-31' }, effectiveDate: '2024-10-01' }), /変更日/);
});

test('a cancellation refunds the unused period, keeping the minimum fee', () => {
  const paid = fee(DEFAULT_TARIFF, original).total;
  assert.equal(paid, 19_200);
  const halfway = refund(DEFAULT_TARIFF, { original, paid, change: { kind: 'cancellation' }, effectiveDate: '2025-10-01' });
  assert.equal(halfway.total, 9_570); // 24,000,000 × 0.08% × 182 / 365 = 9,573.6
  assert.equal(halfway.lines[0]?.label, '未経過期間の保証料（解約日以降182日）');
  linesAddUp(halfway);
  const atOnce = refund(DEFAULT_TARIFF, { original, paid, change: { kind: 'cancellation' }, effectiveDate: '2025-04-01' });
  assert.equal(atOnce.total, paid - DEFAULT_TARIFF.types.advance_payment.minimumFee);
  assert.ok(atOnce.lines.some((l) => l.label === '最低保証料分の控除'));
  linesAddUp(atOnce);
  const tooLate = refund(DEFAULT_TARIFF, { original, paid, change: { kind: 'cancellation' }, effectiveDate: '2026-04-01' });
  assert.equal(tooLate.total, 0);
});

test('a decrease refunds the fee of the part no longer guaranteed', () => {
  const paid = fee(DEFAULT_TARIFF, original).total;
  const breakdown = refund(DEFAULT_TARIFF, { original, paid, change: { kind: 'decrease', guaranteedAmount: 12_000_000 }, effectiveDate: '2025-10-01' });
  assert.equal(breakdown.total, 4_780); // 12,000,000 × 0.08% × 182 / 365 = 4,786.8
  assert.equal(breakdown.lines[1]?.label, '減額後の保証料（同じ期間）');
  linesAddUp(breakdown);
  assert.throws(() => refund(DEFAULT_TARIFF, { original, paid, change: { kind: 'decrease', guaranteedAmount: 30_000_000 }, effectiveDate: '2025-10-01' }), RangeError);
});

test('the 契約保証予約 fee is not refunded', () => {
  const reservation = { ...original, guaranteeType: 'contract_reservation' as const };
  const breakdown = refund(DEFAULT_TARIFF, { original: reservation, paid: 3_300, change: { kind: 'cancellation' }, effectiveDate: '2025-04-02' });
  assert.equal(breakdown.total, 0);
  assert.match(breakdown.lines[0]?.note ?? '', /契約保証予約の保証料は返還の対象外です/);
});

test('a refund never exceeds the fee paid and is never negative (property)', () => {
  fc.assert(
    fc.property(
      tariff,
      guaranteeType,
      amount,
      startDate,
      days,
      fc.integer({ min: -30, max: 4000 }),
      fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 1e9 })),
      (t, type, guaranteed, start, length, offset, decreaseTo, paidOverride) => {
        const terms = { guaranteeType: type, guaranteedAmount: guaranteed, periodStart: start, periodEnd: addDays(start, length) };
        const paid = paidOverride ?? fee(t, terms).total;
        const change = decreaseTo === undefined ? { kind: 'cancellation' as const } : { kind: 'decrease' as const, guaranteedAmount: Math.floor(guaranteed * decreaseTo) };
        const breakdown = refund(t, { original: terms, paid, change, effectiveDate: addDays(start, offset) });
        assert.ok(breakdown.total <= paid, `refund ${breakdown.total} > paid ${paid}`);
        assert.ok(breakdown.total >= 0);
        linesAddUp(breakdown);
      },
    ),
    { numRuns: 3000 },
  );
});
