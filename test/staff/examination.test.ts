// The work queue and the examination: filters and order, eligibility and amount checks shown and
// enforced, 審査開始, 差戻し and 謝絶 with their emails, paper delivery, four eyes, roles.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyAuditChain } from '../../src/audit/audit-log.ts';
import { PAPER_CONCLUSION_SUBJECT } from '../../src/issuance/notice-mail.ts';
import { DECLINED_SUBJECT } from '../../src/staff/applications/decline-application.ts';
import { RETURNED_SUBJECT } from '../../src/staff/applications/return-application.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { createTestContext, engineName, type TestContext } from '../support/test-context.ts';
import { createContractor, createOrderer, createScene, createSubmittedApplication, createSurety } from '../issuance/fixtures.ts';

let t: TestContext;
let smtp: TestSmtp;

before(async () => {
  smtp = await startTestSmtp();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
});
after(async () => {
  await t.close();
  await smtp.stop();
});

async function staffBrowser(user: { login_id: string; password: string }) {
  const browser = new TestBrowser(t.app);
  await browser.login('staff', user.login_id, user.password);
  return browser;
}

const statusOf = async (id: string) => (await t.db.selectFrom('applications').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
const guaranteesOf = async (id: string) => t.db.selectFrom('guarantees').selectAll().where('application_id', '=', id).execute();

describe(`work queue and examination (${engineName})`, () => {
  test('the queue lists this surety’s submitted and 審査中 applications, oldest first, with filters', async () => {
    const surety = await createSurety(t.db);
    const contractor = await createContractor(t.db);
    const o1 = await createOrderer(t.db, { ordererName: '日田市' });
    const o2 = await createOrderer(t.db, { ordererName: '玖珠町' });
    const parties = (orderer: typeof o1) => ({ surety: surety.organisation, contractor: contractor.organisation, applicantUserId: contractor.user.id, orderer: orderer.organisation });
    await createSubmittedApplication(t.db, parties(o1), { work_name: '新しい申込の工事', submitted_at: new Date('2026-11-20T09:00:00+09:00') });
    await createSubmittedApplication(t.db, parties(o2), {
      work_name: '古い審査中の工事',
      status: 'under_review',
      guarantee_type: 'contract_performance',
      guaranteed_amount: 3_080_000,
      submitted_at: new Date('2026-11-18T09:00:00+09:00'),
    });
    await createSubmittedApplication(t.db, parties(o1), { work_name: '差戻し中の工事', status: 'returned' });
    const rival = await createScene(t.db, { work_name: '他社の工事' });
    void rival;

    const browser = await staffBrowser(surety.examiner);
    const all = visibleText((await browser.get('/staff/applications')).body);
    assert.ok(all.includes('古い審査中の工事') && all.includes('新しい申込の工事'));
    assert.ok(all.indexOf('古い審査中の工事') < all.indexOf('新しい申込の工事'), 'oldest first');
    assert.ok(!all.includes('差戻し中の工事') && !all.includes('他社の工事'));
    assert.ok(all.includes('2件'));

    const underReview = visibleText((await browser.get('/staff/applications?status=under_review')).body);
    assert.ok(underReview.includes('古い審査中の工事') && !underReview.includes('新しい申込の工事'));
    const byOrderer = visibleText((await browser.get(`/staff/applications?orderer=${o1.organisation.id}`)).body);
    assert.ok(byOrderer.includes('新しい申込の工事') && !byOrderer.includes('古い審査中の工事'));
    const byType = visibleText((await browser.get('/staff/applications?type=contract_performance')).body);
    assert.ok(byType.includes('古い審査中の工事') && !byType.includes('新しい申込の工事'));

    const bad = await browser.get('/staff/applications?type=bogus&orderer=x');
    assert.equal(bad.statusCode, 400);
    const badText = visibleText(bad.body);
    assert.ok(badText.includes('保証の種類の指定が正しくありません。') && badText.includes('発注者の指定が正しくありません。'));
  });

  test('an application outside the orderer’s electronic period shows why, and cannot be concluded electronically', async () => {
    const scene = await createScene(t.db, { initial_contract_date: '2024-09-30', contract_date: '2024-09-30' });
    const browser = await staffBrowser(scene.surety.approver);
    const detail = visibleText((await browser.get(`/staff/applications/${scene.application.id}`)).body);
    assert.ok(detail.includes('電子交付の対象外です'));
    assert.ok(detail.includes('当初契約日が令和6年10月1日以降の契約が電子交付の対象です'), detail);
    assert.ok(detail.includes('このままでは保証契約を締結できません'));
    const res = await browser.post(`/staff/applications/${scene.application.id}/conclude`, { revision: '1' });
    assert.equal(res.statusCode, 409);
    assert.ok(visibleText(res.body).includes('電子交付の対象外のため、電子証書を発行できません。'));
    assert.equal((await guaranteesOf(scene.application.id)).length, 0);
    assert.equal(await statusOf(scene.application.id), 'submitted');
  });

  test('an amount above the orderer’s rule is shown with the domain’s message and blocks conclusion', async () => {
    const scene = await createScene(t.db, { guaranteed_amount: 13_000_000 });
    const browser = await staffBrowser(scene.surety.approver);
    const detail = visibleText((await browser.get(`/staff/applications/${scene.application.id}`)).body);
    assert.ok(detail.includes('前払金の額は、請負代金額の10分の4（10万円未満切捨て）までの金12,300,000円以内です。'), detail);
    const res = await browser.post(`/staff/applications/${scene.application.id}/conclude`, { revision: '1' });
    assert.equal(res.statusCode, 409);
    assert.ok(visibleText(res.body).includes('保証金額または保証期間が発注者の定めに合っていません。'));
    assert.equal((await guaranteesOf(scene.application.id)).length, 0);
  });

  test('a change request is not concluded as a new guarantee', async () => {
    const scene = await createScene(t.db, { kind: 'change' });
    const browser = await staffBrowser(scene.surety.approver);
    const detail = visibleText((await browser.get(`/staff/applications/${scene.application.id}`)).body);
    assert.ok(detail.includes('申込の種類 変更・解約'));
    await browser.get(`/staff/applications/${scene.application.id}`);
    const res = await browser.post(`/staff/applications/${scene.application.id}/conclude`, { revision: '1' });
    assert.equal(res.statusCode, 409);
    assert.ok(visibleText(res.body).includes('ここから新しい保証契約は締結できません。'));
    assert.equal((await guaranteesOf(scene.application.id)).length, 0);
  });

  test('審査開始 moves a submitted application to 審査中, once', async () => {
    const scene = await createScene(t.db);
    const browser = await staffBrowser(scene.surety.examiner);
    await browser.get(`/staff/applications/${scene.application.id}`);
    const res = await browser.post(`/staff/applications/${scene.application.id}/start-review`);
    assert.equal(res.statusCode, 303);
    const page = visibleText((await browser.get(String(res.headers.location))).body);
    assert.ok(page.includes('審査を開始しました（状態: 審査中）。'));
    assert.equal(await statusOf(scene.application.id), 'under_review');
    const again = await browser.post(`/staff/applications/${scene.application.id}/start-review`);
    assert.equal(again.statusCode, 409);
    assert.ok(visibleText(again.body).includes('この申込は現在「審査中」のため、この操作はできません。'));
    const events = await t.db.selectFrom('application_events').select('kind').where('application_id', '=', scene.application.id).execute();
    assert.deepEqual(events.map((e) => e.kind), ['review_started']);
  });

  test('差戻し needs a message, keeps what was typed on error, records it and emails the applicant', async () => {
    const scene = await createScene(t.db);
    const browser = await staffBrowser(scene.surety.examiner);
    await browser.get(`/staff/applications/${scene.application.id}`);
    const empty = await browser.post(`/staff/applications/${scene.application.id}/return`, { message: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /<p class="field__error" id="error-message">.*差戻しの理由を入力してください。/s);
    assert.ok(visibleText(empty.body).includes('入力内容に誤りがあります（1件）'));
    assert.equal(await statusOf(scene.application.id), 'submitted');

    const tooLong = await browser.post(`/staff/applications/${scene.application.id}/return`, { message: 'あ'.repeat(2001) });
    assert.equal(tooLong.statusCode, 400);
    assert.ok(tooLong.body.includes('あ'.repeat(2001)), 'the typed text comes back');

    const message = '工期の終期を契約書のとおり訂正してください。\n契約書の写しもご確認ください。';
    const res = await browser.post(`/staff/applications/${scene.application.id}/return`, { message });
    assert.equal(res.statusCode, 303);
    assert.equal(await statusOf(scene.application.id), 'returned');
    const event = await t.db.selectFrom('application_events').selectAll().where('application_id', '=', scene.application.id).where('kind', '=', 'returned').executeTakeFirstOrThrow();
    assert.equal(event.message, message);
    assert.equal(event.actor_user_id, scene.surety.examiner.id);

    await t.deliverMail();
    const mail = await smtp.waitFor((m) => m.subject === RETURNED_SUBJECT && (m.text ?? '').includes('工期の終期を契約書のとおり訂正してください。'));
    assert.equal((mail.to as { text: string }).text, scene.contractor.user.email);
    assert.ok((mail.text ?? '').includes('市道田島線道路改良工事'));

    const conclude = await browser.post(`/staff/applications/${scene.application.id}/conclude`, { revision: '2' });
    assert.equal(conclude.statusCode, 409);
    assert.ok(visibleText(conclude.body).includes('この申込は現在「差戻し」のため、この操作はできません。'));
  });

  test('謝絶 with a reason declines the application and emails the applicant', async () => {
    const scene = await createScene(t.db);
    const browser = await staffBrowser(scene.surety.approver);
    await browser.get(`/staff/applications/${scene.application.id}`);
    const res = await browser.post(`/staff/applications/${scene.application.id}/decline`, { reason: '保証委託契約の条件を満たしていないため。' });
    assert.equal(res.statusCode, 303);
    assert.equal(await statusOf(scene.application.id), 'declined');
    await t.deliverMail();
    const mail = await smtp.waitFor((m) => m.subject === DECLINED_SUBJECT && (m.text ?? '').includes('保証委託契約の条件を満たしていないため。'));
    assert.ok(mail);
    const page = visibleText((await browser.get(`/staff/applications/${scene.application.id}`)).body);
    assert.ok(page.includes('謝絶') && !page.includes('保証契約を締結する'), 'no actions on a declined application');
  });

  test('a paper application is concluded without an electronic certificate deposit or key', async () => {
    const scene = await createScene(t.db, { delivery: 'paper', guarantee_type: 'contract_reservation', guaranteed_amount: 3_080_000, work_name: '契約保証予約の工事' });
    const browser = await staffBrowser(scene.surety.approver);
    const detail = visibleText((await browser.get(`/staff/applications/${scene.application.id}`)).body);
    assert.ok(detail.includes('契約保証予約は電子交付の対象外です。'), 'eligibility says paper');
    assert.ok(detail.includes('保証料 合計（税込）'), 'the reservation fee is taxed');
    const res = await browser.post(`/staff/applications/${scene.application.id}/conclude`, { revision: '1' });
    assert.equal(res.statusCode, 303);
    const [guarantee] = await guaranteesOf(scene.application.id);
    assert.ok(guarantee);
    assert.equal(guarantee.delivery, 'paper');
    assert.equal(guarantee.authentication_key_hmac, null);
    assert.equal(guarantee.authentication_key_sealed, null);
    const certificate = await t.db.selectFrom('certificates').selectAll().where('guarantee_id', '=', guarantee.id).executeTakeFirstOrThrow();
    assert.equal(certificate.medium, 'paper');
    assert.equal(certificate.deposited_at, null);
    const deposits = await t.db.selectFrom('dsure_certificates').select('id').where('guarantee_contract_number', '=', guarantee.guarantee_contract_number).execute();
    assert.equal(deposits.length, 0);
    const page = visibleText((await browser.get(String(res.headers.location))).body);
    assert.ok(page.includes('電子証書は D-Sure に登録していません') && page.includes('対象外（書面）'));
    await t.deliverMail();
    const mail = await smtp.waitFor((m) => m.subject === PAPER_CONCLUSION_SUBJECT && (m.text ?? '').includes(guarantee.guarantee_contract_number));
    assert.ok((mail.text ?? '').includes('保証証書は書面でお届けします'));
  });

  test('four eyes: an examiner proposes, a different approver concludes', async () => {
    const scene = await createScene(t.db);
    const admin = await staffBrowser(scene.surety.admin);
    await admin.get('/staff/settings');
    const on = await admin.post('/staff/settings/four-eyes', { fourEyes: 'on' });
    assert.equal(on.statusCode, 303);
    assert.ok(visibleText((await admin.get(String(on.headers.location))).body).includes('締結の二者確認を有効にしました。'));

    const examiner = await staffBrowser(scene.surety.examiner);
    const approver = await staffBrowser(scene.surety.approver);
    await examiner.get(`/staff/applications/${scene.application.id}`);
    const byExaminer = await examiner.post(`/staff/applications/${scene.application.id}/conclude`, { revision: '1' });
    assert.equal(byExaminer.statusCode, 409);
    assert.ok(visibleText(byExaminer.body).includes('二者確認が有効なため、保証契約の締結は決裁者が行います。'));

    await approver.get(`/staff/applications/${scene.application.id}`);
    const unproposed = await approver.post(`/staff/applications/${scene.application.id}/conclude`, { revision: '1' });
    assert.equal(unproposed.statusCode, 409);
    assert.ok(visibleText(unproposed.body).includes('審査担当者による締結の起案が必要です。'));

    const proposed = await examiner.post(`/staff/applications/${scene.application.id}/propose`, { note: '問題ありません。' });
    assert.equal(proposed.statusCode, 303);
    assert.ok(visibleText((await examiner.get('/staff/applications')).body).includes('起案済'));
    const twice = await examiner.post(`/staff/applications/${scene.application.id}/propose`, { note: '' });
    assert.equal(twice.statusCode, 409);
    assert.ok(visibleText(twice.body).includes('既に締結が起案されています'));

    const detail = visibleText((await approver.get(`/staff/applications/${scene.application.id}`)).body);
    assert.ok(detail.includes('起案: テスト 太郎') && detail.includes('「問題ありません。」'));
    const concluded = await approver.post(`/staff/applications/${scene.application.id}/conclude`, { revision: '1' });
    assert.equal(concluded.statusCode, 303);
    const [guarantee] = await guaranteesOf(scene.application.id);
    assert.equal(guarantee?.proposed_by_user_id, scene.surety.examiner.id);
    assert.equal(guarantee?.concluded_by_user_id, scene.surety.approver.id);
    assert.equal((await t.db.selectFrom('conclusion_proposals').select('application_id').where('application_id', '=', scene.application.id).execute()).length, 0);

    // The proposer cannot conclude its own proposal, even as an approver.
    const own = await createSubmittedApplication(t.db, { surety: scene.surety.organisation, contractor: scene.contractor.organisation, applicantUserId: scene.contractor.user.id, orderer: scene.orderer.organisation });
    await approver.get(`/staff/applications/${own.id}`);
    assert.equal((await approver.post(`/staff/applications/${own.id}/propose`, { note: '' })).statusCode, 303);
    await approver.get(`/staff/applications/${own.id}`);
    const self = await approver.post(`/staff/applications/${own.id}/conclude`, { revision: '1' });
    assert.equal(self.statusCode, 409);
    assert.ok(visibleText(self.body).includes('締結を起案した本人は締結できません。'));
    assert.equal((await guaranteesOf(own.id)).length, 0);
    await admin.get(`/staff/applications/${own.id}`);
    assert.equal((await admin.post(`/staff/applications/${own.id}/conclude`, { revision: '1' })).statusCode, 303);

    await admin.get('/staff/settings');
    assert.equal((await admin.post('/staff/settings/four-eyes', { fourEyes: 'off' })).statusCode, 303);
    const settings = await t.db.selectFrom('surety_settings').select('four_eyes').where('surety_id', '=', scene.surety.organisation.id).executeTakeFirstOrThrow();
    assert.equal(settings.four_eyes, false);
  });

  test('roles and portals: examiners do not manage users or keys; other organisations do not enter /staff; forged posts are refused', async () => {
    const scene = await createScene(t.db);
    const examiner = await staffBrowser(scene.surety.examiner);
    for (const url of ['/staff/users', '/staff/settings', '/staff/orderers/new']) assert.equal((await examiner.get(url)).statusCode, 403, url);
    await examiner.get('/staff');
    assert.equal((await examiner.post('/staff/settings/signing-keys/rotate')).statusCode, 403);

    const contractor = new TestBrowser(t.app);
    await contractor.login('enet', scene.contractor.user.login_id, scene.contractor.user.password);
    const res = await contractor.get(`/staff/applications/${scene.application.id}`);
    assert.equal(res.statusCode, 403);
    assert.ok(visibleText(res.body).includes('このページは保証事業会社の職員の方向けです。'));

    const approver = await staffBrowser(scene.surety.approver);
    await approver.get(`/staff/applications/${scene.application.id}`);
    const forged = await approver.post(`/staff/applications/${scene.application.id}/conclude`, { revision: '1' }, { csrf: null });
    assert.equal(forged.statusCode, 403);
    assert.equal((await guaranteesOf(scene.application.id)).length, 0);
    const garbage = await approver.post(`/staff/applications/${scene.application.id}/conclude`, { revision: 'abc' });
    assert.equal(garbage.statusCode, 400);
    const stale = await approver.post(`/staff/applications/${scene.application.id}/conclude`, { revision: '7' });
    assert.equal(stale.statusCode, 409);
    assert.ok(visibleText(stale.body).includes('申込の状態が更新されています。'));
    assert.equal((await guaranteesOf(scene.application.id)).length, 0);
  });

  test('the audit chain verifies', async () => {
    assert.equal((await verifyAuditChain(t.db)).ok, true);
  });
});
