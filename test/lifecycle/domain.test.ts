// The domain's lifecycle rules on their own (pure functions): the kind of a change, the dates a
// request may carry, the next version, the differences between versions and the fee effect.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  additionalFee,
  amendCertificate,
  certificateChangeKind,
  changeFeeEffect,
  changeRequestProblems,
  DEFAULT_TARIFF,
  diffCertificates,
  paidFee,
  refund,
  type CertificateChangeRequest,
  type CertificateContent,
} from '../../src/domain/index.ts';

const V1: CertificateContent = {
  schema: 'denshi-hosho/certificate/v1',
  guaranteeContractNumber: 'WJ-2026-000123-47',
  version: 1,
  previousVersionHash: null,
  guaranteeType: 'advance_payment',
  issuer: { code: 'WJ', name: '西日本建設業保証株式会社' },
  contractor: { name: '株式会社日田建設', address: '大分県日田市三本松1丁目1番1号' },
  orderer: { code: '442046', name: '日田市', section: '契約検査室' },
  work: { name: '市道田島線道路改良工事', site: '日田市田島二丁目地内', category: 'works', contractPrice: 30_800_000, contractDate: '2026-10-15', initialContractDate: '2026-10-15', periodStart: '2026-10-16', periodEnd: '2027-03-19', lowBid: false },
  guaranteedAmount: 12_300_000,
  guaranteePeriodStart: '2026-10-16',
  guaranteePeriodEnd: '2027-03-19',
  terms: '西日本建設業保証株式会社の前払金保証約款による。',
  issueDate: '2026-10-20',
  change: null,
  cancelled: false,
};

const amendment = (changes: Partial<Extract<CertificateChangeRequest, { type: 'amendment' }>> = {}): CertificateChangeRequest => ({
  type: 'amendment',
  contractPrice: 30_800_000,
  contractDate: '2026-11-25',
  workPeriodEnd: '2027-03-19',
  guaranteedAmount: 12_300_000,
  guaranteePeriodEnd: '2027-03-19',
  reason: '設計変更',
  ...changes,
});
const HASH = 'a'.repeat(64);

describe('the kind of a change', () => {
  test('増額 (also with a later 保証期限), 減額, 保証期限の変更, 解約', () => {
    const kind = (r: CertificateChangeRequest) => {
      const k = certificateChangeKind(V1, r);
      return k.ok ? k.kind : k.errors.map((e) => e.message).join();
    };
    assert.equal(kind(amendment({ guaranteedAmount: 14_000_000 })), 'increase');
    assert.equal(kind(amendment({ guaranteedAmount: 14_000_000, guaranteePeriodEnd: '2027-05-31' })), 'increase');
    assert.equal(kind(amendment({ guaranteedAmount: 10_000_000 })), 'decrease');
    assert.equal(kind(amendment({ guaranteePeriodEnd: '2027-05-31' })), 'period_change');
    assert.equal(kind(amendment({ guaranteePeriodEnd: '2027-02-26' })), 'period_change');
    assert.equal(kind({ type: 'cancellation', cancellationDate: '2026-11-26', reason: '解除' }), 'cancellation');
    assert.match(kind(amendment({ guaranteedAmount: 14_000_000, guaranteePeriodEnd: '2027-02-26' })), /増額と保証期限の短縮は/);
    assert.match(kind(amendment({ guaranteedAmount: 10_000_000, guaranteePeriodEnd: '2027-05-31' })), /減額と保証期限の変更は/);
    assert.match(kind(amendment({ contractPrice: 31_000_000 })), /保証金額または保証期限を変更してください/);
  });

  test('the dates: after the current contract, inside the guarantee period; a cancelled certificate takes nothing', () => {
    const messages = (r: CertificateChangeRequest, c = V1) => changeRequestProblems(c, r).map((e) => `${e.field}: ${e.message}`);
    assert.deepEqual(messages(amendment({ guaranteedAmount: 14_000_000 })), []);
    assert.match(messages(amendment({ guaranteedAmount: 14_000_000, contractDate: '2026-10-01' }))[0]!, /^contractDate: 変更契約日は、現在の契約日（令和8年10月15日）以降/);
    assert.match(messages(amendment({ guaranteedAmount: 14_000_000, contractDate: '2027-04-01' }))[0]!, /^contractDate: 変更契約日は、保証期間（令和8年10月16日から令和9年3月19日まで）の中/);
    assert.match(messages(amendment({ guaranteePeriodEnd: '2026-11-01', contractDate: '2026-11-25' }))[0]!, /^guaranteePeriodEnd: 変更後の保証期限は、変更契約日以降/);
    assert.deepEqual(messages({ type: 'cancellation', cancellationDate: '2027-03-19', reason: 'x' }), [], 'the last day may be the 解約日');
    assert.match(messages({ type: 'cancellation', cancellationDate: '2027-03-20', reason: 'x' })[0]!, /^cancellationDate: 解約日は/);
    assert.match(messages({ type: 'cancellation', cancellationDate: '2026-11-26', reason: 'x' }, { ...V1, cancelled: true })[0]!, /解約されているため/);
  });
});

describe('the next version', () => {
  test('version N+1 is version N with the change applied, linked by the hash; N is not touched', () => {
    const before = structuredClone(V1);
    const v2 = amendCertificate(V1, amendment({ contractPrice: 36_000_000, guaranteedAmount: 14_400_000 }), { kind: 'increase', previousVersionHash: HASH, issueDate: '2026-11-27' });
    assert.deepEqual(V1, before, 'the previous version is left as it was');
    assert.equal(v2.version, 2);
    assert.equal(v2.previousVersionHash, HASH);
    assert.equal(v2.issueDate, '2026-11-27');
    assert.deepEqual(v2.change, { kind: 'increase', reason: '設計変更', effectiveDate: '2026-11-25' });
    assert.equal(v2.work.contractDate, '2026-11-25');
    assert.equal(v2.work.initialContractDate, '2026-10-15', '当初契約日 stays');
    const cancelled = amendCertificate(v2, { type: 'cancellation', cancellationDate: '2026-12-01', reason: '解除' }, { kind: 'cancellation', previousVersionHash: HASH, issueDate: '2026-12-01' });
    assert.equal(cancelled.version, 3);
    assert.equal(cancelled.cancelled, true);
    assert.equal(cancelled.guaranteedAmount, 14_400_000, 'a cancellation keeps the amounts');
  });

  test('diffCertificates lists what is written differently, old → new, in 和暦 and 金…円', () => {
    const v2 = amendCertificate(V1, amendment({ contractPrice: 36_000_000, guaranteedAmount: 14_400_000, guaranteePeriodEnd: '2027-05-31', workPeriodEnd: '2027-05-31' }), { kind: 'increase', previousVersionHash: HASH, issueDate: '2026-11-27' });
    assert.deepEqual(
      diffCertificates(V1, v2).map((d) => [d.label, d.old, d.new]),
      [
        ['保証金額', '金12,300,000円', '金14,400,000円'],
        ['保証期限（保証期間の至）', '令和9年3月19日', '令和9年5月31日'],
        ['請負代金額', '金30,800,000円', '金36,000,000円'],
        ['契約日', '令和8年10月15日', '令和8年11月25日'],
        ['工期（至）', '令和9年3月19日', '令和9年5月31日'],
      ],
    );
    assert.deepEqual(diffCertificates(V1, { ...V1, contractor: { ...V1.contractor, representative: '代表取締役 日田 花子' } }).map((d) => [d.label, d.old, d.new]), [['保証契約者（受注者） 代表者', '（記載なし）', '代表取締役 日田 花子']]);
  });

  test('property: a certificate differs from itself in nothing, and from its amendment exactly where the amounts moved', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40_000_000 }), fc.integer({ min: 0, max: 120 }), (amount, extraDays) => {
        assert.deepEqual(diffCertificates(V1, V1), []);
        const end = new Date(Date.UTC(2027, 2, 19 + extraDays)).toISOString().slice(0, 10);
        const v2 = amendCertificate(V1, amendment({ guaranteedAmount: amount, guaranteePeriodEnd: end }), { kind: 'increase', previousVersionHash: HASH, issueDate: '2026-11-27' });
        const fields = diffCertificates(V1, v2).map((d) => d.field);
        assert.equal(fields.includes('guaranteedAmount'), amount !== V1.guaranteedAmount);
        assert.equal(fields.includes('guaranteePeriodEnd'), end !== V1.guaranteePeriodEnd);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the fee effect', () => {
  const original = { guaranteeType: 'advance_payment' as const, guaranteedAmount: 12_300_000, periodStart: '2026-10-16', periodEnd: '2027-03-19' };
  const effect = (request: CertificateChangeRequest, kind: Parameters<typeof amendCertificate>[2]['kind'], paid = 4_170) =>
    changeFeeEffect(DEFAULT_TARIFF, { current: V1, amended: amendCertificate(V1, request, { kind, previousVersionHash: HASH, issueDate: '2026-11-27' }), kind, paid });

  test('増額 and a later 保証期限: the domain’s additionalFee from the 変更契約日', () => {
    const increase = effect(amendment({ guaranteedAmount: 14_400_000 }), 'increase');
    assert.equal(increase.statement, 'additional');
    assert.deepEqual(increase.statement && increase.breakdown, additionalFee(DEFAULT_TARIFF, { original, changed: { guaranteedAmount: 14_400_000, periodEnd: '2027-03-19' }, effectiveDate: '2026-11-25' }));
    const later = effect(amendment({ guaranteePeriodEnd: '2027-05-31' }), 'period_change');
    assert.equal(later.statement, 'additional');
  });

  test('減額 and 解約: the domain’s refund, never more than paid; a shorter 保証期限: nothing', () => {
    const decrease = effect(amendment({ guaranteedAmount: 10_000_000 }), 'decrease');
    assert.deepEqual(decrease.statement && decrease.breakdown, refund(DEFAULT_TARIFF, { original, paid: 4_170, change: { kind: 'decrease', guaranteedAmount: 10_000_000 }, effectiveDate: '2026-11-25' }));
    const cancellation = effect({ type: 'cancellation', cancellationDate: '2026-11-26', reason: '解除' }, 'cancellation', 3_500);
    assert.equal(cancellation.statement, 'refund');
    assert.ok(cancellation.statement === 'refund' && cancellation.breakdown.total <= 3_500 - DEFAULT_TARIFF.types.advance_payment.minimumFee, 'the company keeps the minimum fee of what was paid');
    const shorter = effect(amendment({ guaranteePeriodEnd: '2027-02-26' }), 'period_change');
    assert.deepEqual(shorter, { statement: null, note: '保証期限の短縮では、保証料の追加も返還もありません。' });
  });

  test('paidFee: fees and additional fees, less refunds', () => {
    assert.equal(paidFee([{ kind: 'initial', total: 4_170 }, { kind: 'additional', total: 520 }, { kind: 'refund', total: 1_000 }]), 3_690);
    assert.equal(paidFee([]), 0);
  });
});
