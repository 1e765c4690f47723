// 電子提出: the contractor submits the guarantee to the orderer's receiving section from the
// certificate screen (only when the orderer's policy takes it); it arrives in the orderer's 受付
// inbox in D-Sure; 受付 registers the certificate without anyone typing the key, 返戻 carries a
// reason back (screen and mail); the contractor sees 提出済 → 受付済 / 返戻 → 閲覧済.
// Guarantees are concluded by the real issuance; the mail goes through a real SMTP server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOrderer } from '../issuance/fixtures.ts';
import { createUser } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { CONTRACT_GUARANTEE, concluded, createWorld, type Orderer, type World } from '../enet-certificates/fixtures.ts';

let t: TestContext;
let smtp: TestSmtp;
let world: World;
let beppu: Orderer; // takes 電子提出: 前払金 → 財政課, 契約保証 → 契約検査課
let contractor: TestBrowser;
let rival: TestBrowser;
let lastOctet = 10;

before(async () => {
  smtp = await startTestSmtp();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  world = await createWorld(t);
  beppu = await createOrderer(t.db, {
    ordererName: '別府市',
    submissionChannels: ['electronic', 'in_person'],
    receivingSections: { advance_payment: '財政課', intermediate_advance_payment: '財政課', contract_performance: '契約検査課' },
    contactSection: '契約検査課',
  });
  contractor = new TestBrowser(t.app, '10.3.0.1');
  await contractor.login('enet', world.contractor.user.login_id, world.contractor.user.password);
  rival = new TestBrowser(t.app, '10.3.0.2');
  await rival.login('enet', world.rival.user.login_id, world.rival.user.password);
});
after(async () => {
  await t.close();
  await smtp.stop();
});

async function ordererUser(orderer: Orderer, role: 'orderer_viewer' | 'orderer_admin' = 'orderer_viewer') {
  const user = await createUser(t.db, orderer.organisation, role);
  const browser = new TestBrowser(t.app, `10.3.1.${lastOctet++}`);
  await browser.login('dsure', user.login_id, user.password);
  return { user, browser };
}

const text = async (browser: TestBrowser, url: string) => {
  const res = await browser.get(url);
  assert.equal(res.statusCode, 200, `${url} → ${res.statusCode}`);
  return visibleText(res.body);
};

const certificateUrl = (number: string) => `/enet/certificates/${number}`;
const submissionUrl = (number: string) => `/enet/certificates/${number}/submission`;

/** Submits from the certificate screen the way a person does: the link, then the form. */
async function submit(number: string, note = '') {
  await contractor.get(certificateUrl(number));
  const link = new RegExp(`<a class="button" href="(${submissionUrl(number)})">発注者へ電子提出する</a>`).exec(contractor.lastHtml)?.[1];
  assert.ok(link, 'the certificate screen offers 「発注者へ電子提出する」');
  await contractor.get(link);
  return contractor.post(link, { note, confirmed: '1' });
}

/** The inbox row's link for this number. */
function inboxLink(html: string, number: string): string | undefined {
  return new RegExp(`<a href="(/dsure/inbox/[0-9a-f-]{36})">${number}</a>`).exec(html)?.[1];
}

describe('an orderer that does not take 電子提出', () => {
  test('is not offered it: no link on the certificate screen, the notice PDF still serves, a forced POST is refused and writes nothing', async () => {
    const hita = await concluded(t, world); // 日田市: 持参（FAX可）
    const screen = await text(contractor, certificateUrl(hita.number));
    assert.ok(screen.includes('「認証キー」の表示'));
    assert.ok(!screen.includes('電子提出'), 'nothing about 電子提出');

    await contractor.get(certificateUrl(hita.number));
    const pdf = await contractor.post(`${certificateUrl(hita.number)}/authentication-key-notice.pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');

    const page = await text(contractor, submissionUrl(hita.number));
    assert.ok(page.includes('この発注者は電子提出を受け付けていません'));
    assert.ok(!contractor.lastHtml.includes('name="confirmed"'), 'no form');
    const forced = await contractor.post(submissionUrl(hita.number), { confirmed: '1' });
    assert.equal(forced.statusCode, 400);
    assert.ok(visibleText(forced.body).includes('日田市は電子提出を受け付けていません'));
    assert.equal((await t.db.selectFrom('dsure_submissions').select('id').where('guarantee_contract_number', '=', hita.number).execute()).length, 0);
  });
});

describe('提出 → 受付 → 閲覧', () => {
  test('the contractor submits to the section the policy names; the orderer accepts without typing the key; 提出済 → 受付済 → 閲覧済', async () => {
    const advance = await concluded(t, world, { orderer: beppu, overrides: { work_name: '別府市道北浜線舗装工事' } });

    // The form: the section the policy names for 前払金保証, and a confirmation that must be ticked.
    const form = await text(contractor, submissionUrl(advance.number));
    for (const expected of [advance.number, '前払金保証', '別府市道北浜線舗装工事', '金12,300,000円', '別府市 財政課', '未提出']) assert.ok(form.includes(expected), expected);
    const unticked = await contractor.post(submissionUrl(advance.number), { note: '前払金請求書は郵送します。' });
    assert.equal(unticked.statusCode, 400);
    assert.ok(visibleText(unticked.body).includes('入力内容に誤りがあります（1件）'));
    assert.match(unticked.body, /id="error-confirmed"[^>]*>.*提出する内容を確認し、チェックを入れてください。/s);
    assert.match(unticked.body, /<textarea id="field-note"[^>]*>前払金請求書は郵送します。<\/textarea>/, 'the note is kept');

    const done = await submit(advance.number, '前払金請求書は郵送します。');
    assert.equal(done.statusCode, 303);
    const submitted = await text(contractor, done.headers.location as string);
    assert.ok(submitted.includes('電子提出しました') && submitted.includes('提出済') && submitted.includes('受付を待っています'));
    assert.ok(!contractor.lastHtml.includes('name="confirmed"'), 'no second submission while one waits');
    assert.ok((await text(contractor, certificateUrl(advance.number))).includes('電子提出の状況（提出済）'));

    const row = await t.db.selectFrom('dsure_submissions').selectAll().where('guarantee_contract_number', '=', advance.number).executeTakeFirstOrThrow();
    assert.equal(row.receiving_section, '財政課');
    assert.match(row.key_hmac, /^[0-9a-f]{64}$/, 'D-Sure keeps the key as an HMAC only');
    const again = await contractor.post(submissionUrl(advance.number), { confirmed: '1' });
    assert.equal(again.statusCode, 400);
    assert.ok(visibleText(again.body).includes('提出済みで、発注者の受付を待っています'));

    // The orderer's 受付 inbox.
    const { user, browser: orderer } = await ordererUser(beppu);
    const inbox = await text(orderer, '/dsure/inbox');
    for (const expected of ['受付待ち（1件）', advance.number, '前払金保証', '別府市道北浜線舗装工事', world.contractor.organisation.name, '金12,300,000円', '財政課']) {
      assert.ok(inbox.includes(expected), expected);
    }
    const link = inboxLink(orderer.lastHtml, advance.number);
    assert.ok(link);
    const detail = await text(orderer, link);
    assert.ok(detail.includes('前払金請求書は郵送します。') && detail.includes('受け付ける（電子証書一覧に登録する）') && detail.includes('返戻する'));

    const accepted = await orderer.post(`${link}/accept`);
    assert.equal(accepted.statusCode, 303);
    assert.equal(accepted.headers.location, `/dsure/certificates/${advance.number}`);
    assert.ok((await text(contractor, submissionUrl(advance.number))).includes('受付済'), 'accepted, not yet opened');
    assert.ok(!(await text(contractor, submissionUrl(advance.number))).includes('閲覧済'));

    const certificate = await text(orderer, accepted.headers.location as string);
    assert.ok(certificate.includes(advance.number) && certificate.includes('別府市道北浜線舗装工事'));
    const progress = await text(contractor, submissionUrl(advance.number));
    assert.ok(progress.includes('閲覧済'), 'opened by the orderer');
    assert.ok((await text(contractor, certificateUrl(advance.number))).includes('電子提出の状況（閲覧済）'));
    const history = await text(contractor, certificateUrl(advance.number));
    assert.ok(history.includes('別府市') && history.includes('電子証書の閲覧'), 'the viewing history shows the orderer');

    // No key was typed: no key entry in the view log, no throttle row, the registration by the accepting user.
    const log = await t.db.selectFrom('dsure_view_log').select(['outcome', 'user_id']).where('guarantee_contract_number', '=', advance.number).orderBy('id').execute();
    assert.deepEqual(log.map((l) => l.outcome), ['registered', 'opened']);
    assert.ok(log.every((l) => l.user_id === user.id));
    const throttles = await t.db.selectFrom('throttles').select('key').where('key', 'like', `dsure-key-%${advance.number}%`).execute();
    assert.equal(throttles.length, 0);
    const registration = await t.db.selectFrom('dsure_registrations').selectAll().where('guarantee_contract_number', '=', advance.number).executeTakeFirstOrThrow();
    assert.equal(registration.orderer_id, beppu.organisation.id);
    assert.equal(registration.registered_by_user_id, user.id);
    assert.ok((await text(orderer, '/dsure/certificates')).includes(advance.number), "in the orderer's list");

    // Accepting twice does nothing more.
    const twice = await orderer.post(`${link}/accept`);
    assert.equal(twice.statusCode, 409);
    assert.ok(visibleText(twice.body).includes('すでに受付または返戻されています'));

    const actions = (await t.db.selectFrom('audit_log').select('action').where('subject_id', 'in', [advance.number, advance.guaranteeId]).orderBy('seq').execute()).map((a) => a.action);
    for (const action of ['dsure.submission_received', 'authentication_key.submitted_electronically', 'dsure.submission_accepted', 'dsure.certificate_opened']) {
      assert.ok(actions.includes(action), action);
    }
  });

  test('a 契約保証 goes to the section the policy names for it', async () => {
    const contract = await concluded(t, world, { orderer: beppu, overrides: { ...CONTRACT_GUARANTEE, work_name: '別府市公民館改修工事' } });
    assert.ok((await text(contractor, submissionUrl(contract.number))).includes('別府市 契約検査課'));
    assert.equal((await submit(contract.number)).statusCode, 303);
    const { browser } = await ordererUser(beppu);
    await browser.get('/dsure/inbox');
    assert.match(browser.lastHtml, /<option value="契約検査課"/, 'the inbox filters by section');
    const filtered = await text(browser, `/dsure/inbox?section=${encodeURIComponent('契約検査課')}`);
    assert.ok(filtered.includes(contract.number) && filtered.includes('別府市公民館改修工事'));
    const other = await text(browser, `/dsure/inbox?section=${encodeURIComponent('財政課')}`);
    assert.ok(!other.includes(contract.number));
  });
});

describe('返戻', () => {
  test('the orderer returns with a reason; the contractor reads it on screen and by mail, and may submit again', async () => {
    const advance = await concluded(t, world, { orderer: beppu, overrides: { work_name: '別府市立中学校体育館改修工事' } });
    assert.equal((await submit(advance.number)).statusCode, 303);
    const { browser: orderer } = await ordererUser(beppu);
    await orderer.get('/dsure/inbox');
    const link = inboxLink(orderer.lastHtml, advance.number);
    assert.ok(link);
    await orderer.get(link);

    const empty = await orderer.post(`${link}/return`, { reason: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /id="error-reason"[^>]*>.*返戻の理由を入力してください。/s);
    assert.equal((await t.db.selectFrom('dsure_submissions').select('status').where('guarantee_contract_number', '=', advance.number).executeTakeFirstOrThrow()).status, 'submitted');

    const reason = '前払金保証は財政課ではなく工事担当課（土木課）へ提出してください。';
    const returned = await orderer.post(`${link}/return`, { reason });
    assert.equal(returned.statusCode, 303);
    const listed = await text(orderer, returned.headers.location as string);
    assert.ok(listed.includes('返戻しました') && listed.includes('返戻（1件）'));

    const screen = await text(contractor, submissionUrl(advance.number));
    assert.ok(screen.includes('返戻') && screen.includes(`返戻の理由：${reason}`));
    assert.ok(screen.includes('内容を確認して、もう一度提出する'), 'a new submission is offered');
    assert.ok((await text(contractor, certificateUrl(advance.number))).includes('電子提出の状況（返戻）'));

    assert.equal((await t.deliverMail()).failed, 0); // (with the conclusion notices queued earlier)
    const mail = await smtp.waitFor((m) => (m.subject ?? '').includes('返戻') && (m.subject ?? '').includes(advance.number));
    assert.equal(smtp.messages.filter((m) => (m.subject ?? '').includes('返戻')).length, 1, 'one mail for one 返戻');
    assert.equal(mail.subject, `【電子保証】電子提出が返戻されました（保証契約番号 ${advance.number}）`);
    assert.equal(mail.to && 'text' in mail.to ? mail.to.text : '', world.contractor.user.email);
    assert.ok(mail.text?.includes(reason) && mail.text.includes(`/enet/certificates/${advance.number}/submission`));

    const resubmitted = await contractor.post(submissionUrl(advance.number), { confirmed: '1' });
    assert.equal(resubmitted.statusCode, 303);
    const progress = await text(contractor, submissionUrl(advance.number));
    assert.ok(progress.includes('提出済') && progress.includes(reason), 'the new submission waits, the returned one stays in the history');
    assert.equal(await t.db.selectFrom('dsure_submissions').select('id').where('guarantee_contract_number', '=', advance.number).execute().then((r) => r.length), 2);
  });
});

describe('tenants', () => {
  test("another orderer cannot see or decide the submission (404); another company cannot see or submit the guarantee (404)", async () => {
    const advance = await concluded(t, world, { orderer: beppu });
    assert.equal((await submit(advance.number)).statusCode, 303);
    const submission = await t.db.selectFrom('dsure_submissions').select('id').where('guarantee_contract_number', '=', advance.number).executeTakeFirstOrThrow();

    const { browser: stranger } = await ordererUser(world.hita);
    assert.ok(!(await text(stranger, '/dsure/inbox')).includes(advance.number));
    assert.equal((await stranger.get(`/dsure/inbox/${submission.id}`)).statusCode, 404);
    await stranger.get('/dsure/inbox');
    assert.equal((await stranger.post(`/dsure/inbox/${submission.id}/accept`)).statusCode, 404);
    assert.equal((await stranger.post(`/dsure/inbox/${submission.id}/return`, { reason: '不要' })).statusCode, 404);
    assert.equal((await t.db.selectFrom('dsure_submissions').select('status').where('id', '=', submission.id).executeTakeFirstOrThrow()).status, 'submitted');
    assert.equal((await t.db.selectFrom('dsure_registrations').select('orderer_id').where('guarantee_contract_number', '=', advance.number).execute()).length, 0);

    assert.equal((await rival.get(submissionUrl(advance.number))).statusCode, 404);
    await rival.get('/enet/certificates');
    assert.equal((await rival.post(submissionUrl(advance.number), { confirmed: '1' })).statusCode, 404);
    assert.equal((await t.db.selectFrom('dsure_submissions').select('id').where('guarantee_contract_number', '=', advance.number).execute()).length, 1);
  });

  test('a paper guarantee is never submitted electronically', async () => {
    const paper = await concluded(t, world, { orderer: beppu, overrides: { delivery: 'paper' } });
    assert.ok(!(await text(contractor, certificateUrl(paper.number))).includes('電子提出'));
    const forced = await contractor.post(submissionUrl(paper.number), { confirmed: '1' });
    assert.equal(forced.statusCode, 400);
    assert.ok(visibleText(forced.body).includes('書面で交付する保証契約のため、電子提出はできません'));
  });
});
