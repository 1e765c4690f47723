import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GUARANTEE_TYPES,
  HITA_CITY_POLICY,
  SUBMISSION_CHANNELS,
  categoryLabel,
  changeKindLabel,
  guaranteeTypeLabel,
  keySubmissionGuidance,
  parseOrdererPolicy,
  policyCategoryLabel,
  receivingSectionFor,
  submissionChannelLabel,
  submissionChannelsText,
  type OrdererPolicy,
} from '../../src/domain/index.ts';

/** A deep copy of Hita's policy, changed by `edit` (as the back-office form would send it). */
function editedHita(edit: (policy: Record<string, unknown> & OrdererPolicy) => void): unknown {
  const copy = structuredClone(HITA_CITY_POLICY) as Record<string, unknown> & OrdererPolicy;
  edit(copy);
  return copy;
}

function errorsOf(input: unknown): { field: string; message: string }[] {
  const result = parseOrdererPolicy(input);
  assert.equal(result.ok, false, 'expected the policy to be refused');
  return result.ok ? [] : result.errors;
}

test('labels in Japanese', () => {
  assert.deepEqual(GUARANTEE_TYPES.map(guaranteeTypeLabel), ['前払金保証', '中間前払金保証', '契約保証', '契約保証予約']);
  assert.deepEqual(SUBMISSION_CHANNELS.map(submissionChannelLabel), ['持参', 'FAX', 'メール', '電子提出']);
  assert.equal(categoryLabel('works'), '工事');
  assert.equal(categoryLabel('consulting'), '建設コンサルタント等業務委託');
  assert.equal(categoryLabel('surveying'), '測量');
  assert.equal(categoryLabel('geological'), '地質調査');
  assert.equal(categoryLabel('building_maintenance', { building_maintenance: '建物保守' }), '建物保守');
  assert.equal(changeKindLabel('cancellation'), '解約');
});

test("Hita City's policy says what the leaflet says", () => {
  const hita = HITA_CITY_POLICY;
  assert.equal(hita.ordererName, '日田市');
  assert.equal(hita.electronicIssuance, true);
  assert.equal(hita.categories.works?.electronicFrom, '2024-10-01');
  assert.equal(hita.categories.consulting?.electronicFrom, '2025-04-01');
  assert.deepEqual([...hita.eligibleGuaranteeTypes].sort(), ['advance_payment', 'contract_performance', 'intermediate_advance_payment']);
  assert.deepEqual(hita.submissionChannels, ['in_person', 'fax']);
  assert.equal(hita.contactSection, '契約検査室');
  assert.equal(receivingSectionFor(hita, 'advance_payment'), '契約検査室');
  assert.match(hita.categories.works?.contractClauses ?? '', /R6\.10\.1以降の「日田市公共工事請負契約約款」/);
  assert.match(hita.categories.consulting?.contractClauses ?? '', /R7\.4\.1以降の「日田市土木設計業務等委託契約約款」/);
  assert.deepEqual(hita.categories.works?.advance.ratio, { numerator: 4, denominator: 10 });
  assert.deepEqual(hita.categories.consulting?.advance.ratio, { numerator: 3, denominator: 10 });
  assert.deepEqual(hita.contractGuarantee, { minimumRatio: { numerator: 1, denominator: 10 }, lowBidMinimumRatio: { numerator: 3, denominator: 10 } });
  assert.equal(policyCategoryLabel(hita, 'consulting'), '建設コンサルタント等業務委託');
});

test('the key-submission guidance names the channels and the receiving section', () => {
  assert.equal(submissionChannelsText(HITA_CITY_POLICY), '持参またはFAX');
  assert.equal(
    keySubmissionGuidance(HITA_CITY_POLICY, 'contract_performance'),
    '契約保証の「認証キー等のお知らせ」を印刷し、持参またはFAXで日田市 契約検査室へ提出してください。',
  );
  const split = { ...HITA_CITY_POLICY, submissionChannels: ['email', 'electronic', 'in_person'], receivingSections: { advance_payment: '土木課' } } as OrdererPolicy;
  assert.equal(submissionChannelsText(split), 'メール、電子提出または持参');
  assert.match(keySubmissionGuidance(split, 'advance_payment'), /日田市 土木課へ/);
  assert.match(keySubmissionGuidance(split, 'contract_performance'), /日田市 契約検査室へ/);
});

test("Hita's policy survives JSON (jsonb) and passes its own validation", () => {
  const result = parseOrdererPolicy(JSON.parse(JSON.stringify(HITA_CITY_POLICY)));
  assert.ok(result.ok, JSON.stringify(result));
  assert.deepEqual(result.policy, HITA_CITY_POLICY);
});

test('a policy with an extra category (測量) and low-bid advance rules is accepted', () => {
  const input = editedHita((policy) => {
    policy.categories.surveying = { electronicFrom: '2025-04-01', advance: { ...structuredClone(HITA_CITY_POLICY.categories.consulting!.advance) } };
    policy.categories.tree_felling = { label: '伐採業務', electronicFrom: null, advance: structuredClone(HITA_CITY_POLICY.categories.consulting!.advance) };
    policy.categories.works!.advance.lowBid = { intermediateRatio: { numerator: 1, denominator: 10 }, totalCap: { numerator: 5, denominator: 10 } };
  });
  const result = parseOrdererPolicy(input);
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(policyCategoryLabel(result.policy, 'tree_felling'), '伐採業務');
});

test('policy form errors are in Japanese and tied to their field', () => {
  const cases: [string, (policy: Record<string, unknown> & OrdererPolicy) => void, string, RegExp][] = [
    ['empty name', (p) => { p.ordererName = ' '; }, 'ordererName', /発注者名を入力してください/],
    ['missing name', (p) => { delete (p as Partial<OrdererPolicy>).ordererName; }, 'ordererName', /「発注者名」を入力してください/],
    ['bad date', (p) => { p.categories.works!.electronicFrom = '2024-09-31'; }, 'categories.works.electronicFrom', /正しい日付/],
    ['ratio over 1', (p) => { p.categories.works!.advance.ratio = { numerator: 11, denominator: 10 }; }, 'categories.works.advance.ratio', /割合は1以下/],
    ['zero denominator', (p) => { p.categories.works!.advance.ratio = { numerator: 0, denominator: 0 }; }, 'categories.works.advance.ratio.denominator', /分母は1以上/],
    ['string amount', (p) => { (p.categories.works!.advance as unknown as Record<string, unknown>).minimumContractPrice = '130万円'; }, 'categories.works.advance.minimumContractPrice', /円単位の整数/],
    ['unknown guarantee type', (p) => { (p.eligibleGuaranteeTypes as string[]).push('bid_bond'); }, 'eligibleGuaranteeTypes.3', /保証の種類が正しくありません/],
    ['unknown channel', (p) => { (p.submissionChannels as string[]).push('pigeon'); }, 'submissionChannels.2', /提出方法が正しくありません/],
    ['reservation electronic', (p) => { p.eligibleGuaranteeTypes.push('contract_reservation'); }, 'eligibleGuaranteeTypes', /契約保証予約は電子交付の対象にできません/],
    ['duplicate channel', (p) => { p.submissionChannels.push('fax'); }, 'submissionChannels', /重複/],
    ['no channel', (p) => { p.submissionChannels = []; }, 'submissionChannels', /1つ以上選択/],
    ['no type', (p) => { p.eligibleGuaranteeTypes = []; }, 'eligibleGuaranteeTypes', /1つ以上選択/],
    ['no category', (p) => { p.categories = {}; }, 'categories', /1つ以上登録/],
    ['no electronic date', (p) => { p.categories.works!.electronicFrom = null; p.categories.consulting!.electronicFrom = null; }, 'categories', /当初契約日を入力/],
    ['cap below advance', (p) => { p.categories.works!.advance.totalCap = { numerator: 3, denominator: 10 }; }, 'categories.works.advance.totalCap', /工事の前払金の合計の上限が、前払金の割合（10分の4）より小さく/],
    ['low-bid ratio below normal', (p) => { p.contractGuarantee.lowBidMinimumRatio = { numerator: 1, denominator: 20 }; }, 'contractGuarantee.lowBidMinimumRatio', /10分の1）以上/],
    ['custom category without label', (p) => { p.categories.tree_felling = structuredClone(p.categories.consulting!); }, 'categories.tree_felling.label', /名称を入力/],
    ['bad category code', (p) => { p.categories['工事'] = structuredClone(p.categories.works!); }, 'categories.工事', /区分のコード/],
    ['rounding unit zero', (p) => { p.advanceRoundingUnit = 0; }, 'advanceRoundingUnit', /1円以上/],
    ['bad receiving section key', (p) => { (p.receivingSections as Record<string, string>).bid_bond = '財政課'; }, 'receivingSections', /./],
  ];
  for (const [name, edit, field, message] of cases) {
    const errors = errorsOf(editedHita(edit));
    const error = errors.find((e) => e.field === field || e.field.startsWith(`${field}.`));
    assert.ok(error, `${name}: no error on ${field} in ${JSON.stringify(errors)}`);
    assert.match(error.message, message, name);
    for (const e of errors) assert.match(e.message, /[ぁ-んァ-ヶ一-龠]/, `${name}: not Japanese: ${e.message}`);
  }
  assert.ok(errorsOf(null).length > 0);
  assert.ok(errorsOf('日田市').length > 0);
});
