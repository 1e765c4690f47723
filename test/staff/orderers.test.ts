// Orderer policies in the back office: add a municipality (organisation + policy checked by the
// domain), edit its dates, types, channels, sections and ratios, with Japanese errors next to
// the fields; the examination follows the stored policy.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseOrdererPolicy, type OrdererPolicy } from '../../src/domain/index.ts';
import { blankPolicyValues, policyToValues } from '../../src/staff/orderers/policy-form.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { createTestContext, engineName, type TestContext } from '../support/test-context.ts';
import { createContractor, createSubmittedApplication, createSurety, type Surety } from '../issuance/fixtures.ts';

let t: TestContext;
let surety: Surety;
let admin: TestBrowser;

before(async () => {
  t = await createTestContext();
  surety = await createSurety(t.db);
  admin = new TestBrowser(t.app);
  await admin.login('staff', surety.admin.login_id, surety.admin.password);
});
after(() => t.close());

async function storedPolicy(ordererId: string): Promise<OrdererPolicy> {
  const row = await t.db.selectFrom('orderer_policies').select('policy').where('orderer_id', '=', ordererId).executeTakeFirstOrThrow();
  const parsed = parseOrdererPolicy(row.policy);
  assert.ok(parsed.ok);
  return parsed.policy;
}

function errorOf(html: string, field: string): string | null {
  const id = `error-${field}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`<p class="field__error" id="${id}">(.*?)</p>`, 's').exec(html);
  return m ? visibleText(m[1]!) : null;
}

describe(`orderer policies (${engineName})`, () => {
  test('an administrator adds a municipality; typed full-width dates and amounts are normalised', async () => {
    await admin.get('/staff/orderers/new');
    const values = {
      ...blankPolicyValues(),
      ordererCode: '４０２０２８',
      ordererName: '福岡県テスト市',
      contactSection: '契約課',
      'categories.works.electronicFrom': '２０２５／４／１',
      'categories.works.advance.minimumContractPrice': '５，０００，０００円',
      'receivingSections.advance_payment': '工事検査課',
      'submissionChannels.email': 'on',
      notes: '提出後に契約課へ電話連絡してください。\n\n件名は【電子保証】とします。',
    };
    const res = await admin.post('/staff/orderers', values);
    assert.equal(res.statusCode, 303, visibleText(res.body).slice(0, 500));
    const page = visibleText((await admin.get(String(res.headers.location))).body);
    assert.ok(page.includes('発注者を追加しました。'));
    const organisation = await t.db.selectFrom('organisations').selectAll().where('code', '=', '402028').executeTakeFirstOrThrow();
    assert.equal(organisation.kind, 'orderer');
    assert.equal(organisation.name, '福岡県テスト市');
    const policy = await storedPolicy(organisation.id);
    assert.equal(policy.categories.works?.electronicFrom, '2025-04-01');
    assert.equal(policy.categories.works?.advance.minimumContractPrice, 5_000_000);
    assert.equal(policy.categories.consulting?.electronicFrom, null);
    assert.deepEqual(policy.submissionChannels, ['in_person', 'email']);
    assert.deepEqual(policy.receivingSections, { advance_payment: '工事検査課' });
    assert.deepEqual(policy.notes, ['提出後に契約課へ電話連絡してください。', '件名は【電子保証】とします。']);
    assert.deepEqual(policy.categories.works?.advance.ratio, { numerator: 4, denominator: 10 });

    const list = visibleText((await admin.get('/staff/orderers')).body);
    assert.ok(list.includes('福岡県テスト市') && list.includes('工事: 令和7年4月1日以降') && list.includes('建設コンサルタント等業務委託: 対象外'));

    const duplicate = await admin.post('/staff/orderers', { ...values, ordererName: '別の市' });
    assert.equal(duplicate.statusCode, 400);
    assert.equal(errorOf(duplicate.body, 'ordererCode'), 'エラー： 発注者コード「402028」は既に登録されています。');
  });

  test('errors come back next to their fields, with what was typed', async () => {
    await admin.get('/staff/orderers/new');
    const values = {
      ...blankPolicyValues(),
      ordererCode: '999001',
      ordererName: 'エラー市',
      contactSection: '',
      'categories.works.advance.ratio': '四割',
      'categories.consulting.advance.totalCap': '2/10',
      'categories.works.electronicFrom': '2025-02-30',
    };
    const res = await admin.post('/staff/orderers', values);
    assert.equal(res.statusCode, 400);
    assert.match(errorOf(res.body, 'categories.works.advance.ratio') ?? '', /工事の前払金の割合は「4\/10」のように分数で入力してください。/);
    assert.match(errorOf(res.body, 'categories.works.electronicFrom') ?? '', /正しい日付/);
    assert.ok(res.body.includes('value="四割"'), 'the typed value is kept');
    assert.ok(visibleText(res.body).includes('入力内容に誤りがあります'));

    // Once the typed values parse, the domain's own rules answer, next to their fields.
    const fixedTyping = { ...values, 'categories.works.advance.ratio': '4/10', 'categories.works.electronicFrom': '' };
    const missing = await admin.post('/staff/orderers', fixedTyping);
    assert.equal(missing.statusCode, 400);
    assert.match(errorOf(missing.body, 'contactSection') ?? '', /問い合わせ先を入力してください。/);
    const domain = await admin.post('/staff/orderers', { ...fixedTyping, contactSection: '契約課' });
    assert.equal(domain.statusCode, 400);
    assert.match(errorOf(domain.body, 'categories.consulting.advance.totalCap') ?? '', /前払金の合計の上限が、前払金の割合（10分の3）より小さくなっています。/);
    assert.ok(visibleText(domain.body).includes('いずれかの区分に電子交付の対象となる当初契約日を入力してください。'));
    const none = await t.db.selectFrom('organisations').select('id').where('code', '=', '999001').execute();
    assert.equal(none.length, 0, 'nothing is written for a rejected form');
  });

  test('editing a policy changes what the examination says', async () => {
    const contractor = await createContractor(t.db);
    await admin.get('/staff/orderers/new');
    const created = await admin.post('/staff/orderers', { ...blankPolicyValues(), ordererCode: '443000', ordererName: '編集町', contactSection: '総務課', 'categories.works.electronicFrom': '2026-04-01' });
    assert.equal(created.statusCode, 303);
    const orderer = await t.db.selectFrom('organisations').selectAll().where('code', '=', '443000').executeTakeFirstOrThrow();
    const application = await createSubmittedApplication(t.db, { surety: surety.organisation, contractor: contractor.organisation, applicantUserId: contractor.user.id, orderer });
    const before = visibleText((await admin.get(`/staff/applications/${application.id}`)).body);
    assert.ok(before.includes('電子交付の対象です'));

    const form = await admin.get(`/staff/orderers/${orderer.id}`);
    assert.equal(form.statusCode, 200);
    const values = { ...policyToValues(await storedPolicy(orderer.id)), 'categories.works.electronicFrom': '2027-04-01', 'eligibleGuaranteeTypes.advance_payment': '', 'submissionChannels.fax': 'on' };
    // A new category without a name is refused next to its name field.
    const kasen = { 'categories.__new.code': 'kasen', 'categories.__new.advance.ratio': '3/10', 'categories.__new.advance.totalCap': '3/10', 'categories.__new.advance.minimumContractPrice': '1000000' };
    const unnamed = await admin.post(`/staff/orderers/${orderer.id}`, { ...values, ...kasen });
    assert.equal(unnamed.statusCode, 400);
    assert.match(errorOf(unnamed.body, 'categories.__new.label') ?? '', /区分「kasen」の名称を入力してください。/);
    const saved = await admin.post(`/staff/orderers/${orderer.id}`, { ...values, ...kasen, 'categories.__new.label': '河川維持業務' });
    assert.equal(saved.statusCode, 303, visibleText(saved.body).slice(0, 600));
    const policy = await storedPolicy(orderer.id);
    assert.equal(policy.categories.works?.electronicFrom, '2027-04-01');
    assert.deepEqual(policy.eligibleGuaranteeTypes, ['intermediate_advance_payment', 'contract_performance']);
    assert.deepEqual(policy.submissionChannels, ['in_person', 'fax']);
    assert.equal(policy.categories.kasen?.label, '河川維持業務');
    assert.equal(policy.ordererCode, '443000', 'the code cannot change');

    const after = visibleText((await admin.get(`/staff/applications/${application.id}`)).body);
    assert.ok(after.includes('編集町では、前払金保証は電子交付の対象外です。'), after);
    assert.ok(after.includes('当初契約日が令和9年4月1日以降の契約が電子交付の対象です'));
    const audit = await t.db.selectFrom('audit_log').select('action').where('subject_id', '=', orderer.id).execute();
    assert.deepEqual(audit.map((a) => a.action), ['orderer.created', 'orderer.policy_updated']);
  });

  test('examiners read policies but cannot change them', async () => {
    const examiner = new TestBrowser(t.app);
    await examiner.login('staff', surety.examiner.login_id, surety.examiner.password);
    const orderer = await t.db.selectFrom('organisations').select('id').where('code', '=', '402028').executeTakeFirstOrThrow();
    const page = await examiner.get(`/staff/orderers/${orderer.id}`);
    assert.equal(page.statusCode, 200);
    assert.ok(visibleText(page.body).includes('設定の変更は管理者が行います。'));
    const res = await examiner.post(`/staff/orderers/${orderer.id}`, { ...blankPolicyValues(), ordererName: '乗っ取り市' });
    assert.equal(res.statusCode, 403);
    assert.equal((await examiner.get('/staff/orderers/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  });
});
