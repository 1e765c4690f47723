// 保証申込 over HTTP: eligibility for 電子交付 with its reasons, the orderer search, drafts,
// the confirmation in 和暦 and 金…円, submission once, tenant isolation, 差戻し and
// resubmission with the history kept, and withdrawal before conclusion.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { HITA_CITY_POLICY, type OrdererPolicy } from '../../src/domain/index.ts';
import { createTenant, createUser } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { ADVANCE_CONTRACT, createOrdererWithPolicy, fillContract, revisionOf, startApplication, submitFromConfirmation } from './helpers.ts';

let t: TestContext;
let hita: Awaited<ReturnType<typeof createOrdererWithPolicy>>;
let beppu: Awaited<ReturnType<typeof createOrdererWithPolicy>>;
let companyA: Awaited<ReturnType<typeof createTenant>>;
let companyB: Awaited<ReturnType<typeof createTenant>>;
let surety: Awaited<ReturnType<typeof createTenant>>;

const BEPPU_POLICY: OrdererPolicy = {
  ...HITA_CITY_POLICY,
  ordererCode: '442020',
  ordererName: '別府市',
  submissionChannels: ['email'],
  receivingSections: { contract_performance: '契約検査課', advance_payment: '工事担当課', intermediate_advance_payment: '工事担当課' },
  contactSection: '契約検査課',
  notes: [],
};

const HITA_WORKS_2025 = () => ({ ordererId: hita.id, category: 'works', initialContractDate: '2025-04-01', guaranteeType: 'advance_payment' });

async function signedIn(user: { login_id: string; password: string }, ip: string): Promise<TestBrowser> {
  const browser = new TestBrowser(t.app, ip);
  await browser.login('enet', user.login_id, user.password);
  return browser;
}

async function applicationRow(id: string) {
  return t.db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function eventKinds(id: string): Promise<string[]> {
  const rows = await t.db.selectFrom('application_events').select('kind').where('application_id', '=', id).orderBy('id').execute();
  return rows.map((r) => r.kind);
}

async function countRows(table: 'applications' | 'application_events' | 'audit_log' | 'mail_outbox'): Promise<number> {
  const row = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A complete, submitted 前払金保証 application of company A (electronic). */
async function submittedApplication(browser: TestBrowser): Promise<string> {
  const id = await startApplication(browser, HITA_WORKS_2025());
  const step2 = await fillContract(browser, id, ADVANCE_CONTRACT);
  assert.equal(step2.statusCode, 303, visibleText(step2.body).slice(0, 500));
  const submitted = await submitFromConfirmation(browser, id);
  assert.equal(submitted.statusCode, 303);
  return id;
}

before(async () => {
  t = await createTestContext();
  surety = await createTenant(t.db, 'surety');
  hita = await createOrdererWithPolicy(t.db);
  beppu = await createOrdererWithPolicy(t.db, BEPPU_POLICY);
  companyA = await createTenant(t.db, 'contractor');
  companyB = await createTenant(t.db, 'contractor');
});
after(() => t.close());

describe('手順1: 発注者, 契約の区分, 当初契約日, 保証の種類 → 電子交付の可否', () => {
  test('the orderer list is a text filter that works without JavaScript (GET ?q=)', async () => {
    const browser = await signedIn(companyA.user, '10.1.0.1');
    const all = await browser.get('/enet/applications/new');
    assert.equal(all.statusCode, 200);
    assert.ok(all.body.includes(`<option value="${hita.id}"`) && all.body.includes(`<option value="${beppu.id}"`));
    assert.match(all.body, /<form method="get" action="\/enet\/applications\/new"/);

    const filtered = await browser.get(`/enet/applications/new?q=${encodeURIComponent('日田')}`);
    assert.ok(filtered.body.includes(`<option value="${hita.id}" selected`), 'the only match is chosen');
    assert.ok(!filtered.body.includes(`<option value="${beppu.id}"`), 'the other orderer is filtered out');

    const none = await browser.get(`/enet/applications/new?q=${encodeURIComponent('札幌')}`);
    assert.ok(visibleText(none.body).includes('「札幌」に一致する発注者はありません。'));
  });

  test('日田市・工事・当初契約日 2024-09-30: 電子交付 cannot be chosen, and the page says why (令和6年10月1日)', async () => {
    const browser = await signedIn(companyA.user, '10.1.0.2');
    const before = await countRows('applications');
    const basics = { ordererId: hita.id, category: 'works', initialContractDate: '2024-09-30', guaranteeType: 'advance_payment' };
    const checked = await browser.submit('/enet/applications/new', '/enet/applications/new', { ...basics, intent: 'check' });
    assert.equal(checked.statusCode, 200);
    const text = visibleText(checked.body);
    assert.ok(text.includes('電子交付：選択できません'));
    assert.ok(text.includes('日田市の工事は、当初契約日が令和6年10月1日以降の契約が電子交付の対象です。'), text);
    assert.ok(text.includes('この契約の当初契約日は令和6年9月30日です。'));
    assert.equal(await countRows('applications'), before, 'checking writes nothing');

    const id = await startApplication(browser, basics);
    const step2 = await browser.get(`/enet/applications/${id}/contract`);
    assert.match(step2.body, /<input type="radio" name="delivery" value="electronic" disabled/);
    assert.ok(visibleText(step2.body).includes('電子交付は選択できません。理由： 日田市の工事は、当初契約日が令和6年10月1日以降の契約が電子交付の対象です。'));

    // A forged choice of 電子交付 is refused next to the field, and nothing is written.
    const revision = (await applicationRow(id)).revision;
    const forged = await browser.post(`/enet/applications/${id}/contract`, { ...ADVANCE_CONTRACT, contractDate: '2024-09-30', guaranteePeriodStart: '2024-09-30', delivery: 'electronic', revision: String(revision), intent: 'next' });
    assert.equal(forged.statusCode, 400);
    assert.match(forged.body, /id="error-delivery"[^>]*>.*電子交付は選択できません。/s);
    const row = await applicationRow(id);
    assert.equal(row.delivery, null);
    assert.equal(row.work_name, null);
    assert.equal(row.revision, revision);
  });

  test('当初契約日 2024-10-01 is the first day of 電子交付 for 工事; 契約保証予約 never is', async () => {
    const browser = await signedIn(companyA.user, '10.1.0.3');
    const ok = await browser.submit('/enet/applications/new', '/enet/applications/new', { ordererId: hita.id, category: 'works', initialContractDate: '2024-10-01', guaranteeType: 'contract_performance', intent: 'check' });
    assert.ok(visibleText(ok.body).includes('電子交付：選択できます'));
    const reservation = await browser.submit('/enet/applications/new', '/enet/applications/new', { ordererId: hita.id, category: 'works', initialContractDate: '2025-10-01', guaranteeType: 'contract_reservation', intent: 'check' });
    assert.ok(visibleText(reservation.body).includes('契約保証予約は電子交付の対象外です。'));
    const consulting = await browser.submit('/enet/applications/new', '/enet/applications/new', { ordererId: hita.id, category: 'consulting', initialContractDate: '2025-03-31', guaranteeType: 'advance_payment', intent: 'check' });
    assert.ok(visibleText(consulting.body).includes('当初契約日が令和7年4月1日以降の契約が電子交付の対象です。'));
  });

  test('a rejected 手順1 keeps the typed values, shows the errors, and creates nothing', async () => {
    const browser = await signedIn(companyA.user, '10.1.0.4');
    const before = await countRows('applications');
    const res = await browser.submit('/enet/applications/new', '/enet/applications/new', { ordererId: hita.id, category: 'works', initialContractDate: '2024-02-30', guaranteeType: '', intent: 'next' });
    assert.equal(res.statusCode, 400);
    const text = visibleText(res.body);
    assert.ok(text.includes('入力内容に誤りがあります（2件）'));
    assert.match(res.body, /id="error-initialContractDate"[^>]*>.*当初契約日は正しい日付/s);
    assert.match(res.body, /id="error-guaranteeType"[^>]*>.*保証の種類を選択してください。/s);
    assert.ok(res.body.includes('value="2024-02-30"'), 'the typed date stays');
    assert.ok(res.body.includes(`<option value="${hita.id}" selected`), 'the chosen orderer stays');
    assert.equal(await countRows('applications'), before);
  });

  test('the new form sent twice (a double click) opens one draft, not two', async () => {
    const company = await createTenant(t.db, 'contractor');
    const browser = await signedIn(company.user, '10.1.0.6');
    await browser.get('/enet/applications/new');
    const draftKey = /name="draftKey" value="([0-9a-f-]{36})"/.exec(browser.lastHtml)?.[1];
    assert.ok(draftKey);
    const fields = { ...HITA_WORKS_2025(), draftKey, intent: 'next' };
    const [first, second] = await Promise.all([browser.post('/enet/applications/new', fields), browser.post('/enet/applications/new', fields)]);
    assert.equal(first.headers.location, second.headers.location);
    const rows = await t.db.selectFrom('applications').select('id').where('contractor_id', '=', company.organisation.id).execute();
    assert.equal(rows.length, 1);
  });

  test('one surety company exists: it is chosen without asking', async () => {
    const browser = await signedIn(companyA.user, '10.1.0.5');
    const page = await browser.get('/enet/applications/new');
    assert.ok(!page.body.includes('name="suretyId"'));
    assert.ok(visibleText(page.body).includes(`申込先（保証会社）： ${surety.organisation.name}`));
    const id = await startApplication(browser, HITA_WORKS_2025());
    assert.equal((await applicationRow(id)).surety_id, surety.organisation.id);
  });
});

describe('手順2: 契約の内容, 金額の点検, 連絡事項, 受取方法, 発注者からのお知らせ', () => {
  test('a rejected 手順2 keeps what was typed, puts each error next to its field, and writes nothing', async () => {
    const browser = await signedIn(companyA.user, '10.1.1.1');
    const id = await startApplication(browser, HITA_WORKS_2025());
    const counts = { events: await countRows('application_events'), audit: await countRows('audit_log') };
    const before = await applicationRow(id);
    const res = await fillContract(browser, id, { ...ADVANCE_CONTRACT, guaranteedAmount: '６，０００，０００', workPeriodEnd: '2026-13-01', contactNotes: '一行目\n二行目' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /id="error-workPeriodEnd"[^>]*>.*工期の終期は正しい日付/s);
    assert.ok(res.body.includes('value="６，０００，０００"'), 'the amount as typed (full-width) stays');
    assert.ok(res.body.includes(`value="${ADVANCE_CONTRACT.workName}"`));
    assert.ok(res.body.includes('一行目\n二行目'), 'the notes stay');
    assert.match(res.body, /<input type="radio" name="delivery" value="electronic" checked/);

    const amount = await fillContract(browser, id, { ...ADVANCE_CONTRACT, guaranteedAmount: '6,000,000' });
    assert.equal(amount.statusCode, 400);
    assert.match(amount.body, /id="error-guaranteedAmount"[^>]*>.*前払金の額は、請負代金額の10分の4（10万円未満切捨て）までの金4,900,000円以内です。/s);

    const after = await applicationRow(id);
    assert.deepEqual(after, before, 'the application is unchanged');
    assert.equal(await countRows('application_events'), counts.events);
    assert.equal(await countRows('audit_log'), counts.audit);
  });

  test('the orderer notes (約款) are shown and must be confirmed', async () => {
    const browser = await signedIn(companyA.user, '10.1.1.2');
    const id = await startApplication(browser, HITA_WORKS_2025());
    const page = await browser.get(`/enet/applications/${id}/contract`);
    const text = visibleText(page.body);
    assert.ok(text.includes('日田市からのお知らせ'));
    assert.ok(text.includes('当初契約書の作成時には、R6.10.1以降の「日田市公共工事請負契約約款」またはR7.4.1以降の「日田市土木設計業務等委託契約約款」等を使用してください。'));
    assert.ok(text.includes('認証キー等のお知らせの提出方法は持参（FAXも可）です。'));
    const { clausesConfirmed: _, ...withoutConfirmation } = ADVANCE_CONTRACT;
    const res = await fillContract(browser, id, withoutConfirmation);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /id="error-clausesConfirmed"[^>]*>.*日田市からのお知らせをご確認のうえ/s);

    // An orderer without notes of its own: the category's contract clauses are still shown for confirmation.
    const other = await startApplication(browser, { ...HITA_WORKS_2025(), ordererId: beppu.id });
    const otherText = visibleText((await browser.get(`/enet/applications/${other}/contract`)).body);
    assert.ok(otherText.includes('別府市からのお知らせ 工事の当初契約書には、R6.10.1以降の「日田市公共工事請負契約約款」を使用してください。'));
  });

  test('契約保証: at least 1/10 of the price, 3/10 for a low-bid contract (the domain rule, next to the field)', async () => {
    const browser = await signedIn(companyA.user, '10.1.1.3');
    const id = await startApplication(browser, { ...HITA_WORKS_2025(), guaranteeType: 'contract_performance' });
    const page = await browser.get(`/enet/applications/${id}/contract`);
    assert.ok(visibleText(page.body).includes('契約保証金額（保証金額）'));
    const res = await fillContract(browser, id, { ...ADVANCE_CONTRACT, guaranteedAmount: '1,234,000', lowBid: '1' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /id="error-guaranteedAmount"[^>]*>.*低入札の契約のため請負代金額の10分の3の金3,702,000円以上/s);
    const ok = await fillContract(browser, id, { ...ADVANCE_CONTRACT, guaranteedAmount: '1,234,000' });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, `/enet/applications/${id}/confirm`);
  });

  test('中間前払金保証 asks for the advance already received and checks the total against 6/10', async () => {
    const browser = await signedIn(companyA.user, '10.1.1.4');
    const id = await startApplication(browser, { ...HITA_WORKS_2025(), guaranteeType: 'intermediate_advance_payment' });
    const page = await browser.get(`/enet/applications/${id}/contract`);
    assert.ok(page.body.includes('name="previousAdvanceAmount"'));
    const missing = await fillContract(browser, id, { ...ADVANCE_CONTRACT, guaranteedAmount: '2,400,000' });
    assert.match(missing.body, /id="error-previousAdvanceAmount"[^>]*>.*既に受けた前払金の額を入力してください/s);
    const tooMuch = await fillContract(browser, id, { ...ADVANCE_CONTRACT, previousAdvanceAmount: '4,900,000', guaranteedAmount: '2,500,000' });
    assert.equal(tooMuch.statusCode, 400);
    assert.ok(visibleText(tooMuch.body).includes('中間前払金の額は、請負代金額の10分の2（10万円未満切捨て）までの金2,400,000円以内です。'));
  });
});

describe('drafts, confirmation and submission', () => {
  test('drafts are saved at any step and resumed from 申込一覧', async () => {
    const browser = await signedIn(companyA.user, '10.1.2.1');
    const id = await startApplication(browser, { ordererId: hita.id, category: '', initialContractDate: '', guaranteeType: '' }, 'save');
    const saved = await browser.get(`/enet/applications/${id}/basics?saved=1`);
    assert.ok(visibleText(saved.body).includes('下書きを保存しました'));

    let list = await browser.get('/enet/applications');
    assert.match(visibleText(list.body), /（工事名未入力） 日田市 — — — 下書き 続きを入力/);
    assert.ok(list.body.includes(`href="/enet/applications/${id}/resume"`));

    // Resuming an incomplete 手順1 opens 手順1 with what was saved.
    const resume1 = await browser.get(`/enet/applications/${id}/resume`);
    assert.equal(resume1.headers.location, `/enet/applications/${id}/basics`);
    const basics = await browser.get(`/enet/applications/${id}/basics`);
    assert.ok(basics.body.includes(`<option value="${hita.id}" selected`));
    const next = await browser.post(`/enet/applications/${id}/basics`, { ...HITA_WORKS_2025(), revision: revisionOf(basics.body), intent: 'next' });
    assert.equal(next.headers.location, `/enet/applications/${id}/contract`);

    // 手順2 saved half-way, then resumed there.
    const half = await fillContract(browser, id, { workName: '下書きの工事', contractPrice: '30,000,000' }, 'save');
    assert.equal(half.headers.location, `/enet/applications/${id}/contract?saved=1`);
    list = await browser.get('/enet/applications');
    assert.ok(visibleText(list.body).includes('下書きの工事 日田市 前払金保証'));
    const resume2 = await browser.get(`/enet/applications/${id}/resume`);
    assert.equal(resume2.headers.location, `/enet/applications/${id}/contract`);
    const step2 = await browser.get(`/enet/applications/${id}/contract`);
    assert.ok(step2.body.includes('value="下書きの工事"'));
    assert.ok(step2.body.includes('value="30,000,000"'));
    assert.ok(step2.body.includes('value="2025-04-01"'), 'the contract date starts as the initial contract date');
  });

  test('the confirmation shows everything in 和暦 and 金…円; submitting makes it 申込済, once', async () => {
    const browser = await signedIn(companyA.user, '10.1.2.2');
    const id = await startApplication(browser, HITA_WORKS_2025());
    assert.equal((await fillContract(browser, id, ADVANCE_CONTRACT)).statusCode, 303);
    const confirm = await browser.get(`/enet/applications/${id}/confirm`);
    const text = visibleText(confirm.body);
    for (const expected of [
      `申込先（保証会社） ${surety.organisation.name}`,
      '発注者 日田市',
      '契約の区分 工事',
      '当初契約日 令和7年4月1日',
      '保証の種類 前払金保証',
      '請負代金額 金12,340,000円',
      '工期 令和7年4月2日から令和8年3月19日まで',
      '前払金額 金4,900,000円',
      '保証期間 令和7年4月1日から令和8年3月19日まで',
      '低入札 該当しない',
      '連絡事項 前払金の請求は4月中を予定しています。',
      '保証証書の受取方法 電子交付を希望する',
      '日田市からのお知らせ（確認済み）',
    ]) {
      assert.ok(text.includes(expected), `missing: ${expected}`);
    }
    const mailsBefore = await countRows('mail_outbox');
    const revision = revisionOf(confirm.body);
    // Two submissions at once (a double click): one changes the application.
    const [first, second] = await Promise.all([
      browser.post(`/enet/applications/${id}/submit`, { revision }),
      browser.post(`/enet/applications/${id}/submit`, { revision }),
    ]);
    const locations = [first.headers.location, second.headers.location].sort();
    assert.deepEqual(locations, [`/enet/applications/${id}?done=already`, `/enet/applications/${id}?done=submitted`]);
    assert.deepEqual(await eventKinds(id), ['created', 'submitted']);
    assert.equal(await countRows('mail_outbox'), mailsBefore + 1, 'one receipt mail');
    const row = await applicationRow(id);
    assert.equal(row.status, 'submitted');

    const detail = await browser.get(`/enet/applications/${id}?done=submitted`);
    const detailText = visibleText(detail.body);
    assert.ok(detailText.includes('保証申込を受け付けました。'));
    assert.ok(detailText.includes('状況： 申込済'));
    assert.match(detailText, /令和8年11月27日 10:00 申込み テスト 太郎 様/);

    // Once submitted, the steps cannot change it any more.
    const edit = await browser.get(`/enet/applications/${id}/contract`);
    assert.equal(edit.statusCode, 303);
    const list = await browser.get('/enet/applications');
    assert.ok(visibleText(list.body).includes(`${ADVANCE_CONTRACT.workName} 日田市 前払金保証 金4,900,000円 電子交付 申込済`));
  });

  test('申込一覧 lists the newest first with the statuses in Japanese', async () => {
    const company = await createTenant(t.db, 'contractor');
    const browser = await signedIn(company.user, '10.1.2.3');
    const first = await startApplication(browser, HITA_WORKS_2025());
    await fillContract(browser, first, { workName: '古い申込' }, 'save');
    t.clock.advance(60_000);
    const second = await startApplication(browser, HITA_WORKS_2025());
    await fillContract(browser, second, { workName: '新しい申込' }, 'save');
    await t.db.updateTable('applications').set({ status: 'under_review' }).where('id', '=', first).execute();
    const text = visibleText((await browser.get('/enet/applications')).body);
    assert.ok(text.indexOf('新しい申込') < text.indexOf('古い申込'));
    assert.ok(text.includes('古い申込 日田市 前払金保証 — — 審査中'));
  });

  test('a change saved from another screen in between is not overwritten silently (revision)', async () => {
    const browser = await signedIn(companyA.user, '10.1.2.4');
    const id = await startApplication(browser, HITA_WORKS_2025());
    const page = await browser.get(`/enet/applications/${id}/contract`);
    const stale = revisionOf(page.body);
    assert.equal((await fillContract(browser, id, { workName: '別の画面で保存' }, 'save')).statusCode, 303);
    const res = await browser.post(`/enet/applications/${id}/contract`, { ...ADVANCE_CONTRACT, revision: stale, intent: 'next' });
    assert.equal(res.statusCode, 409);
    assert.ok(visibleText(res.body).includes('ほかの画面または別の担当者によって更新されています'));
    assert.ok(res.body.includes(`value="${ADVANCE_CONTRACT.workName}"`), 'what was typed stays');
    assert.equal((await applicationRow(id)).work_name, '別の画面で保存');
  });
});

describe('tenant isolation', () => {
  test("another company's application is not found (404) whatever URL is guessed, and stays unchanged", async () => {
    const owner = await signedIn(companyA.user, '10.1.3.1');
    const id = await startApplication(owner, HITA_WORKS_2025());
    await fillContract(owner, id, ADVANCE_CONTRACT);
    const before = await applicationRow(id);

    const intruder = await signedIn(companyB.user, '10.1.3.2');
    await intruder.get('/enet/applications');
    for (const path of ['', '/basics', '/contract', '/confirm', '/resume', '/withdraw']) {
      const res = await intruder.get(`/enet/applications/${id}${path}`);
      assert.equal(res.statusCode, 404, `GET ${path}`);
      assert.ok(!res.body.includes(ADVANCE_CONTRACT.workName));
    }
    await intruder.get('/enet/applications');
    for (const [path, fields] of [
      ['/submit', { revision: String(before.revision) }],
      ['/withdraw', { reason: '' }],
      ['/contract', { ...ADVANCE_CONTRACT, revision: String(before.revision), intent: 'save' }],
      ['/basics', { ...HITA_WORKS_2025(), revision: String(before.revision), intent: 'save' }],
    ] as const) {
      const res = await intruder.post(`/enet/applications/${id}${path}`, fields);
      assert.equal(res.statusCode, 404, `POST ${path}`);
    }
    assert.deepEqual(await applicationRow(id), before);
    assert.ok(!visibleText((await intruder.get('/enet/applications')).body).includes(ADVANCE_CONTRACT.workName));
    assert.equal((await intruder.get('/enet/applications/not-a-uuid')).statusCode, 404);
  });

  test('a surety or orderer user cannot use the contractor screens', async () => {
    const browser = new TestBrowser(t.app, '10.1.3.3');
    await browser.login('staff', surety.user.login_id, surety.user.password);
    assert.equal((await browser.get('/enet/applications')).statusCode, 403);
  });
});

describe('差戻し and 取下げ', () => {
  test('a resubmission after 差戻し keeps the history; the return message is shown', async () => {
    const browser = await signedIn(companyA.user, '10.1.4.1');
    const id = await submittedApplication(browser);
    // What the surety side writes when it returns an application for correction.
    t.clock.advance(20 * 60_000); // (less than the 30 idle minutes that end a session)
    const returnedAt = t.now();
    await t.db.transaction().execute(async (trx) => {
      await trx.updateTable('applications').set((eb) => ({ status: 'returned', revision: eb('revision', '+', 1) })).where('id', '=', id).execute();
      await trx
        .insertInto('application_events')
        .values({ application_id: id, at: returnedAt, actor_user_id: surety.user.id, kind: 'returned', message: '請負代金額が契約書と一致しません。\n契約書をご確認ください。', snapshot: null })
        .execute();
    });
    const home = visibleText((await browser.get('/enet')).body);
    assert.ok(home.includes('差戻しの申込が1件あります'));
    const detail = visibleText((await browser.get(`/enet/applications/${id}`)).body);
    assert.ok(detail.includes('状況： 差戻し'));
    assert.match(detail, /保証会社から差戻しがありました（令和8年11月27日 10:2\d）/);
    assert.ok(detail.includes('請負代金額が契約書と一致しません。 契約書をご確認ください。'));
    assert.ok(visibleText((await browser.get('/enet/applications')).body).includes('差戻し 修正して再申込み'));

    const resume = await browser.get(`/enet/applications/${id}/resume`);
    assert.equal(resume.headers.location, `/enet/applications/${id}/confirm`, 'complete: straight to the confirmation');
    const step2 = await browser.get(`/enet/applications/${id}/contract`);
    assert.ok(visibleText(step2.body).includes('請負代金額が契約書と一致しません。'), 'the message is shown while correcting');
    const corrected = await fillContract(browser, id, { ...ADVANCE_CONTRACT, contractPrice: '12,430,000' });
    assert.equal(corrected.statusCode, 303);
    const confirm = await browser.get(`/enet/applications/${id}/confirm`);
    assert.ok(visibleText(confirm.body).includes('この内容で再申込みする'));
    const resubmitted = await browser.post(`/enet/applications/${id}/submit`, { revision: revisionOf(confirm.body) });
    assert.equal(resubmitted.headers.location, `/enet/applications/${id}?done=resubmitted`);

    assert.deepEqual(await eventKinds(id), ['created', 'submitted', 'returned', 'resubmitted']);
    const snapshots = await t.db.selectFrom('application_events').select(['kind', 'snapshot']).where('application_id', '=', id).where('snapshot', 'is not', null).orderBy('id').execute();
    assert.deepEqual(
      snapshots.map((s) => [s.kind, (s.snapshot as { contractPrice: number }).contractPrice]),
      [
        ['submitted', 12_340_000],
        ['resubmitted', 12_430_000],
      ],
    );
    const history = visibleText((await browser.get(`/enet/applications/${id}`)).body);
    assert.match(history, /申込み テスト 太郎 様.*差戻し 保証会社（.*） 請負代金額が契約書と一致しません。.*再申込み（差戻し後の修正） テスト 太郎 様/s);
    assert.equal((await applicationRow(id)).status, 'submitted');
  });

  test('withdrawal works before conclusion, with its reason in the history; never after conclusion', async () => {
    const browser = await signedIn(companyA.user, '10.1.4.2');
    const id = await submittedApplication(browser);
    const page = await browser.get(`/enet/applications/${id}/withdraw`);
    assert.ok(visibleText(page.body).includes('取り下げた申込は元に戻せません。'));
    const res = await browser.post(`/enet/applications/${id}/withdraw`, { reason: '発注者の都合により契約が延期されたため' });
    assert.equal(res.headers.location, `/enet/applications/${id}?done=withdrawn`);
    const detail = visibleText((await browser.get(`/enet/applications/${id}`)).body);
    assert.ok(detail.includes('状況： 取下げ'));
    assert.ok(detail.includes('取下げ テスト 太郎 様 発注者の都合により契約が延期されたため'));
    const again = await browser.post(`/enet/applications/${id}/withdraw`, { reason: '' });
    assert.equal(again.statusCode, 409);
    assert.deepEqual(await eventKinds(id), ['created', 'submitted', 'withdrawn']);

    const concluded = await submittedApplication(browser);
    await t.db.updateTable('applications').set({ status: 'concluded' }).where('id', '=', concluded).execute();
    const concludedPage = await browser.get(`/enet/applications/${concluded}`);
    assert.ok(visibleText(concludedPage.body).includes('状況： 保証契約締結'));
    assert.ok(!concludedPage.body.includes(`/enet/applications/${concluded}/withdraw`), 'no withdraw button after conclusion');
    const refused = await browser.post(`/enet/applications/${concluded}/withdraw`, { reason: '' });
    assert.equal(refused.statusCode, 409);
    assert.ok(visibleText(refused.body).includes('保証契約が締結されているため、取り下げできません。'));
    assert.equal((await applicationRow(concluded)).status, 'concluded');
  });

  test('a member of the company (not only its admin) applies and sees the company’s applications', async () => {
    const member = await createUser(t.db, companyA.organisation, 'contractor_member');
    const browser = await signedIn(member, '10.1.4.3');
    const list = await browser.get('/enet/applications');
    assert.equal(list.statusCode, 200);
    assert.ok(visibleText(list.body).includes(ADVANCE_CONTRACT.workName));
    await startApplication(browser, HITA_WORKS_2025());
  });
});

describe('odd input', () => {
  test('whatever is typed into 手順1 and 手順2, the answer is a page (303 or 400), never a 500, and a refusal writes nothing', async () => {
    const browser = await signedIn(companyA.user, '10.1.5.1');
    const id = await startApplication(browser, HITA_WORKS_2025());
    const typed = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('', '０', '-1', '1e9', '99999999999999999999', '2024-02-30', '２０２５／４／１', 'R7.4.1', '金１２，３４０，０００円', '\u0000', '<script>', 'x'.repeat(3000)),
    );
    const fields = fc.record({
      workName: typed,
      contractPrice: typed,
      contractDate: typed,
      workPeriodEnd: typed,
      guaranteedAmount: typed,
      guaranteePeriodEnd: typed,
      delivery: fc.constantFrom('electronic', 'paper', '', 'both'),
      lowBid: fc.constantFrom('1', '', 'yes'),
      intent: fc.constantFrom('next', 'save', 'back', 'other'),
    });
    await fc.assert(
      fc.asyncProperty(fields, typed, async (contract, date) => {
        const before = await applicationRow(id);
        const res = await browser.post(`/enet/applications/${id}/contract`, { ...ADVANCE_CONTRACT, ...contract, revision: String(before.revision) });
        assert.ok([303, 400].includes(res.statusCode), `手順2 answered ${res.statusCode}`);
        if (res.statusCode === 400) assert.deepEqual(await applicationRow(id), before, 'a refused form writes nothing');
        const step1 = await browser.post('/enet/applications/new', { ...HITA_WORKS_2025(), initialContractDate: date, guaranteeType: date, intent: 'check' });
        assert.ok([200, 400].includes(step1.statusCode), `手順1 answered ${step1.statusCode}`);
      }),
      { numRuns: 40 },
    );
    assert.equal((await browser.get('/enet/applications/new?q=a&q=b')).statusCode, 200);
    assert.equal((await browser.get(`/enet/applications/${id}?done=x&done=y`)).statusCode, 200);
  });
});
