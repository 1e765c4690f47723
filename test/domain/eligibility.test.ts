import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  GUARANTEE_TYPES,
  HITA_CITY_POLICY,
  checkGuaranteeAmounts,
  eligibility,
  guaranteeAmountInputOf,
  maximumAdvanceAmount,
  maximumIntermediateAdvanceAmount,
  minimumContractGuaranteeAmount,
  type GuaranteeAmountInput,
  type GuaranteeType,
  type OrdererPolicy,
} from '../../src/domain/index.ts';

const hita = HITA_CITY_POLICY;
const ELECTRONIC_TYPES: GuaranteeType[] = ['advance_payment', 'intermediate_advance_payment', 'contract_performance'];

test('Hita City: the first day of electronic issuance per category', () => {
  const table: [string, string, boolean, RegExp | null][] = [
    ['works', '2024-09-30', false, /日田市の工事は、当初契約日が令和6年10月1日以降の契約が電子交付の対象です。/],
    ['works', '2024-10-01', true, null],
    ['works', '2026-02-15', true, null],
    ['consulting', '2025-03-31', false, /日田市の建設コンサルタント等業務委託は、当初契約日が令和7年4月1日以降の契約が電子交付の対象です。/],
    ['consulting', '2025-04-01', true, null],
    ['consulting', '2024-10-01', false, /令和7年4月1日以降/],
  ];
  for (const [category, initialContractDate, allowed, reason] of table) {
    for (const guaranteeType of ELECTRONIC_TYPES) {
      const result = eligibility(hita, { category, initialContractDate, guaranteeType });
      assert.equal(result.allowed, allowed, `${category} ${initialContractDate} ${guaranteeType}`);
      if (!result.allowed && reason) {
        assert.equal(result.reasons.length, 1, JSON.stringify(result.reasons));
        assert.match(result.reasons[0] ?? '', reason);
      }
    }
  }
});

test('a refusal for an early contract also names the contract date in 和暦', () => {
  const result = eligibility(hita, { category: 'works', initialContractDate: '2024-09-30', guaranteeType: 'advance_payment' });
  assert.deepEqual(result, {
    allowed: false,
    reasons: ['日田市の工事は、当初契約日が令和6年10月1日以降の契約が電子交付の対象です。（この契約の当初契約日は令和6年9月30日です。）'],
  });
});

test('契約保証予約 is always refused, on any date and category', () => {
  fc.assert(
    fc.property(fc.constantFrom('works', 'consulting', 'surveying'), fc.date({ min: new Date('2000-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), (category, date) => {
      const result = eligibility(hita, { category, initialContractDate: date.toISOString().slice(0, 10), guaranteeType: 'contract_reservation' });
      assert.equal(result.allowed, false);
      assert.ok(!result.allowed && result.reasons.includes('契約保証予約は電子交付の対象外です。保証証書は書面で発行します。'));
    }),
  );
});

test('every reason is given at once', () => {
  const closed: OrdererPolicy = { ...hita, ordererName: '架空町', electronicIssuance: false, eligibleGuaranteeTypes: ['advance_payment'] };
  const result = eligibility(closed, { category: 'works', initialContractDate: '2024-01-01', guaranteeType: 'contract_performance' });
  assert.equal(result.allowed, false);
  assert.deepEqual(!result.allowed && result.reasons, [
    '架空町は電子保証（電子証書の交付）に対応していません。保証証書は書面で発行します。',
    '架空町では、契約保証は電子交付の対象外です。（対象は前払金保証です。）',
    '架空町の工事は、当初契約日が令和6年10月1日以降の契約が電子交付の対象です。（この契約の当初契約日は令和6年1月1日です。）',
  ]);
});

test('a category the orderer does not issue electronically, and a bad date, are explained', () => {
  const surveying = eligibility(hita, { category: 'surveying', initialContractDate: '2025-06-01', guaranteeType: 'advance_payment' });
  assert.deepEqual(surveying, { allowed: false, reasons: ['日田市では、測量の契約は電子交付の対象外です。'] });
  const badDate = eligibility(hita, { category: 'works', initialContractDate: '2025-02-29', guaranteeType: 'advance_payment' });
  assert.deepEqual(badDate, { allowed: false, reasons: ['当初契約日が正しい日付ではありません。'] });
});

test('eligibility: allowed exactly when every rule allows it (property over all inputs)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('works', 'consulting', 'geological'),
      fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
      fc.constantFrom(...GUARANTEE_TYPES),
      (category, date, guaranteeType) => {
        const initialContractDate = date.toISOString().slice(0, 10);
        const from = hita.categories[category]?.electronicFrom;
        const expected = guaranteeType !== 'contract_reservation' && from !== undefined && from !== null && initialContractDate >= from;
        const result = eligibility(hita, { category, initialContractDate, guaranteeType });
        assert.equal(result.allowed, expected);
        if (!result.allowed) assert.ok(result.reasons.length > 0 && result.reasons.every((r) => r.endsWith('。') || r.endsWith('）')));
      },
    ),
  );
});

// ---------------------------------------------------------------------------
// amounts

test('maximum advance: price × ratio, rounded down to the policy unit', () => {
  assert.equal(maximumAdvanceAmount(hita, { category: 'works', contractPrice: 12_345_678 }), 4_900_000);
  assert.equal(maximumAdvanceAmount(hita, { category: 'works', contractPrice: 100_000_000 }), 40_000_000);
  assert.equal(maximumAdvanceAmount(hita, { category: 'consulting', contractPrice: 12_345_678 }), 3_700_000);
  assert.equal(maximumAdvanceAmount(hita, { category: 'works', contractPrice: 1_299_999 }), 0, 'below the minimum contract price');
  assert.equal(maximumAdvanceAmount(hita, { category: 'works', contractPrice: 1_300_000 }), 500_000);
  assert.equal(maximumAdvanceAmount(hita, { category: 'unknown', contractPrice: 12_345_678 }), 0);
  const limited: OrdererPolicy = structuredClone(hita);
  limited.categories.works!.advance.limitAmount = 30_000_000;
  limited.advanceRoundingUnit = 10_000;
  assert.equal(maximumAdvanceAmount(limited, { category: 'works', contractPrice: 100_000_000 }), 30_000_000);
  assert.equal(maximumAdvanceAmount(limited, { category: 'works', contractPrice: 12_345_678 }), 4_930_000);
});

test('maximum advance never exceeds price × ratio and is a multiple of the unit (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1e12 }), (contractPrice) => {
      const maximum = maximumAdvanceAmount(hita, { category: 'works', contractPrice });
      assert.ok(maximum * 10 <= contractPrice * 4);
      assert.equal(maximum % hita.advanceRoundingUnit, 0);
      if (contractPrice >= 1_300_000) assert.ok((maximum + hita.advanceRoundingUnit) * 10 > contractPrice * 4);
    }),
  );
});

test('maximum intermediate advance and minimum contract guarantee', () => {
  assert.equal(maximumIntermediateAdvanceAmount(hita, { category: 'works', contractPrice: 12_345_678, previousAdvanceAmount: 4_900_000 }), 2_400_000);
  assert.equal(maximumIntermediateAdvanceAmount(hita, { category: 'works', contractPrice: 12_345_678, previousAdvanceAmount: 6_000_000 }), 1_400_000);
  assert.equal(maximumIntermediateAdvanceAmount(hita, { category: 'works', contractPrice: 12_345_678, previousAdvanceAmount: 7_500_000 }), 0);
  assert.equal(maximumIntermediateAdvanceAmount(hita, { category: 'consulting', contractPrice: 12_345_678, previousAdvanceAmount: 0 }), 0);
  const lowBid: OrdererPolicy = structuredClone(hita);
  lowBid.categories.works!.advance.lowBid = { intermediateRatio: { numerator: 1, denominator: 10 }, totalCap: { numerator: 5, denominator: 10 } };
  assert.equal(maximumIntermediateAdvanceAmount(lowBid, { category: 'works', contractPrice: 100_000_000, lowBid: true, previousAdvanceAmount: 40_000_000 }), 10_000_000);
  assert.equal(maximumIntermediateAdvanceAmount(lowBid, { category: 'works', contractPrice: 100_000_000, lowBid: false, previousAdvanceAmount: 40_000_000 }), 20_000_000);
  assert.equal(minimumContractGuaranteeAmount(hita, { contractPrice: 12_345_678 }), 1_234_568);
  assert.equal(minimumContractGuaranteeAmount(hita, { contractPrice: 12_345_678, lowBid: true }), 3_703_704);
  assert.equal(minimumContractGuaranteeAmount(hita, { contractPrice: 12_340_000 }), 1_234_000);
});

const advance: GuaranteeAmountInput = {
  guaranteeType: 'advance_payment',
  category: 'works',
  contractPrice: 12_345_678,
  lowBid: false,
  guaranteedAmount: 4_900_000,
  workPeriodStart: '2025-04-01',
  workPeriodEnd: '2026-03-31',
  guaranteePeriodStart: '2025-04-01',
  guaranteePeriodEnd: '2026-03-31',
};

test('a correct advance, intermediate advance and contract guarantee raise no problem', () => {
  assert.deepEqual(checkGuaranteeAmounts(hita, advance), []);
  assert.deepEqual(checkGuaranteeAmounts(hita, { ...advance, guaranteeType: 'intermediate_advance_payment', guaranteedAmount: 2_400_000, previousAdvanceAmount: 4_900_000 }), []);
  assert.deepEqual(checkGuaranteeAmounts(hita, { ...advance, guaranteeType: 'contract_performance', guaranteedAmount: 1_234_568 }), []);
  assert.deepEqual(checkGuaranteeAmounts(hita, { ...advance, guaranteeType: 'contract_performance', lowBid: true, guaranteedAmount: 3_703_704 }), []);
  assert.deepEqual(checkGuaranteeAmounts(hita, { ...advance, guaranteePeriodEnd: '2026-04-30' }), []);
});

test('amount and period problems name their field and explain in Japanese', () => {
  const cases: [string, Partial<GuaranteeAmountInput>, string, RegExp][] = [
    ['advance over 4/10', { guaranteedAmount: 5_000_000 }, 'guaranteedAmount', /前払金の額は、請負代金額の10分の4（10万円未満切捨て）までの金4,900,000円以内です。/],
    ['period short of 工期', { guaranteePeriodEnd: '2026-03-30' }, 'guaranteePeriodEnd', /前払金保証の保証期限（令和8年3月30日）が工期の末日（令和8年3月31日）より前です。/],
    ['contract too small', { contractPrice: 1_000_000, guaranteedAmount: 400_000 }, 'contractPrice', /請負代金額が金1,300,000円以上の契約が前払金の対象です/],
    ['amount over price', { guaranteedAmount: 20_000_000 }, 'guaranteedAmount', /請負代金額（金12,345,678円）を超えています/],
    ['zero amount', { guaranteedAmount: 0 }, 'guaranteedAmount', /1円以上の整数/],
    ['fractional price', { contractPrice: 1234.5 }, 'contractPrice', /1円以上の整数/],
    ['unknown category', { category: 'surveying' }, 'category', /日田市には「測量」の契約区分がありません/],
    ['contract guarantee below 1/10', { guaranteeType: 'contract_performance', guaranteedAmount: 1_234_567 }, 'guaranteedAmount', /請負代金額の10分の1の金1,234,568円以上/],
    ['low-bid contract guarantee below 3/10', { guaranteeType: 'contract_performance', lowBid: true, guaranteedAmount: 1_234_568 }, 'guaranteedAmount', /低入札の契約のため請負代金額の10分の3の金3,703,704円以上/],
    ['contract guarantee period short', { guaranteeType: 'contract_performance', guaranteedAmount: 2_000_000, guaranteePeriodEnd: '2026-01-31' }, 'guaranteePeriodEnd', /契約保証の保証期限/],
    ['intermediate over 2/10', { guaranteeType: 'intermediate_advance_payment', guaranteedAmount: 2_500_000, previousAdvanceAmount: 4_000_000 }, 'guaranteedAmount', /中間前払金の額は、請負代金額の10分の2（10万円未満切捨て）までの金2,400,000円以内です。/],
    ['advances over 6/10', { guaranteeType: 'intermediate_advance_payment', guaranteedAmount: 2_400_000, previousAdvanceAmount: 5_100_000 }, 'guaranteedAmount', /前払金（金5,100,000円）と中間前払金の合計は、請負代金額の10分の6の金7,407,406円以内です。中間前払金は金2,300,000円以内/],
    ['intermediate without previous advance', { guaranteeType: 'intermediate_advance_payment', guaranteedAmount: 2_000_000 }, 'previousAdvanceAmount', /既に受けた前払金の額/],
    ['no intermediate for consulting', { category: 'consulting', guaranteeType: 'intermediate_advance_payment', guaranteedAmount: 1_000_000, previousAdvanceAmount: 0 }, 'guaranteeType', /建設コンサルタント等業務委託には中間前払金の制度がありません/],
    ['bad date', { guaranteePeriodEnd: '2026-02-30' }, 'guaranteePeriodEnd', /保証期限を正しい日付で入力してください/],
    ['end before start', { guaranteePeriodStart: '2026-04-01', guaranteePeriodEnd: '2026-03-31' }, 'guaranteePeriodEnd', /保証期間の始期より前/],
    ['工期 reversed', { workPeriodStart: '2026-04-01' }, 'workPeriodEnd', /工期の終期が始期より前/],
  ];
  for (const [name, change, field, message] of cases) {
    const errors = checkGuaranteeAmounts(hita, { ...advance, ...change });
    const error = errors.find((e) => e.field === field);
    assert.ok(error, `${name}: no error on ${field}: ${JSON.stringify(errors)}`);
    assert.match(error.message, message, name);
  }
});

test('a 契約保証予約 is not held to the 工期 (its period is the bidding)', () => {
  assert.deepEqual(checkGuaranteeAmounts(hita, { ...advance, guaranteeType: 'contract_reservation', guaranteedAmount: 1_000_000, guaranteePeriodEnd: '2025-05-01' }), []);
});

test('an advance up to the maximum passes and one yen more fails (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1_300_000, max: 1e11 }), fc.constantFrom('works', 'consulting'), (contractPrice, category) => {
      const maximum = maximumAdvanceAmount(hita, { category, contractPrice });
      fc.pre(maximum > 0);
      const input = { ...advance, category, contractPrice };
      assert.deepEqual(checkGuaranteeAmounts(hita, { ...input, guaranteedAmount: maximum }), []);
      assert.equal(checkGuaranteeAmounts(hita, { ...input, guaranteedAmount: maximum + 1 })[0]?.field, 'guaranteedAmount');
    }),
  );
});

test("a certificate's content is checked through the same rules", () => {
  const certificate = {
    schema: 'denshi-hosho/certificate/v1' as const,
    guaranteeContractNumber: 'WJ-2026-000123-73',
    version: 1,
    previousVersionHash: null,
    guaranteeType: 'advance_payment' as const,
    issuer: { name: '西日本建設業保証株式会社', code: 'WJ' },
    contractor: { name: '株式会社日田建設' },
    orderer: { name: '日田市', code: '442046', section: '契約検査室' },
    work: { name: '市道改良工事', site: '日田市', category: 'works', contractPrice: 12_345_678, contractDate: '2025-04-01', initialContractDate: '2025-04-01', periodStart: '2025-04-01', periodEnd: '2026-03-31', lowBid: false },
    guaranteedAmount: 5_000_000,
    guaranteePeriodStart: '2025-04-01',
    guaranteePeriodEnd: '2026-03-31',
    terms: '前払金保証約款',
    issueDate: '2025-04-02',
    change: null,
    cancelled: false,
  };
  assert.deepEqual(checkGuaranteeAmounts(hita, guaranteeAmountInputOf(certificate)).map((e) => e.field), ['guaranteedAmount']);
  assert.deepEqual(checkGuaranteeAmounts(hita, guaranteeAmountInputOf({ ...certificate, guaranteedAmount: 4_900_000 })), []);
});
