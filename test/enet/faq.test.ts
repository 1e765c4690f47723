// よくある質問: the leaflet's Q&A, public; the orderer-dependent answers written from each
// orderer's policy (a new municipality needs no new page).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HITA_CITY_POLICY, type OrdererPolicy } from '../../src/domain/index.ts';
import { visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { createOrdererWithPolicy } from './helpers.ts';

let t: TestContext;

const NEW_CITY: OrdererPolicy = {
  ...HITA_CITY_POLICY,
  ordererCode: '999991',
  ordererName: 'みらい市',
  categories: {
    works: { ...HITA_CITY_POLICY.categories.works!, electronicFrom: '2026-01-05', contractClauses: undefined },
    consulting: { ...HITA_CITY_POLICY.categories.consulting!, electronicFrom: null, contractClauses: undefined },
  },
  eligibleGuaranteeTypes: ['contract_performance', 'advance_payment'],
  submissionChannels: ['email', 'electronic'],
  receivingSections: { contract_performance: '契約課', advance_payment: '工事監理課' },
  contactSection: '契約課',
  notes: [],
};

const PAPER_TOWN: OrdererPolicy = { ...HITA_CITY_POLICY, ordererCode: '999992', ordererName: 'かみ町', electronicIssuance: false, eligibleGuaranteeTypes: [], notes: [] };

before(async () => {
  t = await createTestContext();
  await createOrdererWithPolicy(t.db);
  await createOrdererWithPolicy(t.db, NEW_CITY);
  await createOrdererWithPolicy(t.db, PAPER_TOWN);
});
after(() => t.close());

test("the leaflet's questions are answered on a public page", async () => {
  const res = await t.app.inject('/enet/faq');
  assert.equal(res.statusCode, 200);
  const text = visibleText(res.body);
  for (const expected of [
    'Q. 電子保証を利用するにはどのような手続きが必要ですか。',
    'A. e-Net保証のID登録が必要になります。すでにID登録がお済みの場合は、新たな手続きは不要です。',
    'Q. 全ての保証証書が電子保証の対象となりますか。',
    '前払金保証 中間前払金保証 契約保証 ※契約保証予約は対象外です。',
    'Q. 保証証書以外の書類も電子化されますか。',
    'A. お客様控え及び保証料計算書も電子化されます。',
    'ログインする際のお客様ID・パスワードは、e-Net保証のお客様ID・パスワードと共通です。',
  ]) {
    assert.ok(text.includes(expected), `missing: ${expected}`);
  }
  assert.ok(res.body.includes('href="/enet/register"'));
});

test('日田市: targets with 和暦 dates, the contract clauses, how to submit the key and whom to ask — from its policy', async () => {
  const text = visibleText((await t.app.inject('/enet/faq')).body);
  for (const expected of [
    'Q. 日田市における電子保証の対象案件を教えてください。',
    'A. 日田市と令和6年10月1日以降に当初契約を締結する「工事」及び令和7年4月1日以降に当初契約を締結する「建設コンサルタント等業務委託」が対象となります。',
    '対象の保証証書は、契約保証、前払金保証、中間前払金保証です。契約保証予約は対象外です。',
    'また当初契約書の作成時においては、R6.10.1以降の「日田市公共工事請負契約約款」またはR7.4.1以降の「日田市土木設計業務等委託契約約款」等を使用してください。',
    'Q. 日田市における認証キー・電子証書の提出方法を教えてください。',
    'A. 持参またはFAXとなります。',
    '提出先は日田市 契約検査室です。',
    'なお、詳細は、日田市 契約検査室にご確認ください。',
  ]) {
    assert.ok(text.includes(expected), `missing: ${expected}`);
  }
});

test('a new municipality is answered from its own policy, without a new page; the list is searchable', async () => {
  const text = visibleText((await t.app.inject('/enet/faq')).body);
  for (const expected of [
    'A. みらい市と令和8年1月5日以降に当初契約を締結する「工事」が対象となります。',
    '「建設コンサルタント等業務委託」は対象外です。',
    '対象の保証証書は、契約保証、前払金保証です。',
    'A. メールまたは電子提出となります。',
    '提出先は、契約保証は契約課、前払金保証は工事監理課です。',
    'なお、詳細は、みらい市 契約課にご確認ください。',
    'かみ町は現在、電子保証（電子証書の交付）に対応していません。保証証書は書面で発行します。',
  ]) {
    assert.ok(text.includes(expected), `missing: ${expected}`);
  }
  const filtered = visibleText((await t.app.inject(`/enet/faq?q=${encodeURIComponent('みらい')}`)).body);
  assert.ok(filtered.includes('みらい市における電子保証の対象案件'));
  assert.ok(!filtered.includes('日田市における電子保証の対象案件'));
  const none = visibleText((await t.app.inject(`/enet/faq?q=${encodeURIComponent('札幌')}`)).body);
  assert.ok(none.includes('「札幌」に一致する発注者はありません。'));
});

test('with many orderers the page lists their names, and answers for the one chosen', async () => {
  for (let i = 0; i < 30; i++) await createOrdererWithPolicy(t.db, { ...HITA_CITY_POLICY, ordererCode: `8000${String(i).padStart(2, '0')}`, ordererName: `たくさん市${i}` });
  const hita = await t.db.selectFrom('organisations').select('code').where('name', '=', '日田市').executeTakeFirstOrThrow();
  const index = await t.app.inject('/enet/faq');
  const text = visibleText(index.body);
  assert.ok(text.includes('33件の発注者があります。'));
  assert.ok(!text.includes('日田市における電子保証の対象案件'), 'the answers wait for a choice');
  assert.ok(index.body.includes(`href="/enet/faq?q=${hita.code}#orderers"`));
  const chosen = visibleText((await t.app.inject(`/enet/faq?q=${hita.code}`)).body);
  assert.ok(chosen.includes('A. 日田市と令和6年10月1日以降に当初契約を締結する「工事」'));
});
