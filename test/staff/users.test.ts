// The surety's user management: the administrator adds examiners and approvers (an activation
// link by email, a password set by the person), disables and enables them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ACTIVATION_SUBJECT } from '../../src/staff/users/add-staff-user.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { createTestContext, engineName, type TestContext } from '../support/test-context.ts';
import { createSurety, type Surety } from '../issuance/fixtures.ts';

let t: TestContext;
let smtp: TestSmtp;
let surety: Surety;

before(async () => {
  smtp = await startTestSmtp();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  surety = await createSurety(t.db);
});
after(async () => {
  await t.close();
  await smtp.stop();
});

async function adminBrowser() {
  const browser = new TestBrowser(t.app);
  await browser.login('staff', surety.admin.login_id, surety.admin.password);
  return browser;
}

async function activationLink(email: string): Promise<string> {
  await t.deliverMail();
  const mail = await smtp.waitFor((m) => m.subject === ACTIVATION_SUBJECT && (m.to as { text: string }).text === email);
  const match = /http:\/\/localhost:3000(\/staff\/activate\?token=\S+)/.exec(mail.text ?? '');
  assert.ok(match, 'the mail carries the activation link');
  return match[1]!;
}

describe(`staff user management (${engineName})`, () => {
  test('an added examiner gets a link, sets a password and signs in; the link works once', async () => {
    const admin = await adminBrowser();
    const form = await admin.get('/staff/users/new');
    assert.equal(form.statusCode, 200);
    const res = await admin.post('/staff/users', { displayName: '審査 花子', loginId: 'ｓｈｉｎｓａ-hanako', email: 'shinsa@wjcs.example', role: 'surety_examiner' });
    assert.equal(res.statusCode, 303);
    const list = visibleText((await admin.get(String(res.headers.location))).body);
    assert.ok(list.includes('利用者を追加しました。'));
    assert.ok(list.includes('審査 花子') && list.includes('shinsa-hanako') && list.includes('登録手続中'));

    const link = await activationLink('shinsa@wjcs.example');
    const visitor = new TestBrowser(t.app, '10.1.0.1');
    const page = await visitor.get(link);
    assert.equal(page.statusCode, 200);
    assert.ok(visibleText(page.body).includes('パスワードの設定'));
    const token = decodeURIComponent(link.split('token=')[1]!);
    const mismatch = await visitor.post('/staff/activate', { token, password: 'new-password-123', passwordConfirm: 'new-password-124' });
    assert.equal(mismatch.statusCode, 400);
    assert.ok(visibleText(mismatch.body).includes('確認用のパスワードが一致しません。'));
    const weak = await visitor.post('/staff/activate', { token, password: 'short', passwordConfirm: 'short' });
    assert.equal(weak.statusCode, 400);
    assert.ok(visibleText(weak.body).includes('12文字以上'));
    const done = await visitor.post('/staff/activate', { token, password: 'new-password-123', passwordConfirm: 'new-password-123' });
    assert.equal(done.statusCode, 303);

    const examiner = new TestBrowser(t.app, '10.1.0.2');
    await examiner.login('staff', 'shinsa-hanako', 'new-password-123');
    assert.ok(visibleText((await examiner.get('/staff')).body).includes('審査担当'));

    const reuse = await new TestBrowser(t.app, '10.1.0.3').get(link);
    assert.equal(reuse.statusCode, 400);
    assert.ok(visibleText(reuse.body).includes('このリンクは無効か、有効期限が切れているか、既に使用されています。'));
  });

  test('a changed token is refused; the administrator can send the link again', async () => {
    const admin = await adminBrowser();
    await admin.get('/staff/users/new');
    assert.equal((await admin.post('/staff/users', { displayName: '決裁 次郎', loginId: 'kessai-jiro', email: 'kessai@wjcs.example', role: 'surety_approver' })).statusCode, 303);
    const link = await activationLink('kessai@wjcs.example');
    const last = link.at(-1)!;
    for (const forged of [link.slice(0, -1) + (last === 'A' ? 'B' : 'A'), link.replace(/\.(\d+)\./, (_m, e: string) => `.${Number(e) + 3600}.`)]) {
      const res = await new TestBrowser(t.app, '10.1.0.4').get(forged);
      assert.equal(res.statusCode, 400, forged);
    }
    const user = await t.db.selectFrom('users').select('id').where('login_id', '=', 'kessai-jiro').executeTakeFirstOrThrow();
    await admin.get('/staff/users');
    const resent = await admin.post(`/staff/users/${user.id}/resend`);
    assert.equal(resent.statusCode, 303);
    await t.deliverMail();
    const mails = smtp.messages.filter((m) => m.subject === ACTIVATION_SUBJECT && (m.to as { text: string }).text === 'kessai@wjcs.example');
    assert.equal(mails.length, 2);
    t.clock.advance(73 * 3600 * 1000);
    assert.equal((await new TestBrowser(t.app, '10.1.0.4').get(link)).statusCode, 400, 'expired after 72 hours');
    t.clock.advance(-73 * 3600 * 1000);
    assert.equal((await new TestBrowser(t.app, '10.1.0.4').get(link)).statusCode, 200);
  });

  test('the form refuses a taken login ID and a bad email next to the fields, keeping the values', async () => {
    const admin = await adminBrowser();
    await admin.get('/staff/users/new');
    const taken = await admin.post('/staff/users', { displayName: '重複 太郎', loginId: surety.examiner.login_id, email: 'dup@wjcs.example', role: 'surety_approver' });
    assert.equal(taken.statusCode, 400);
    assert.match(taken.body, /id="error-loginId">.*このログインIDは既に使われています。/s);
    assert.ok(taken.body.includes('value="重複 太郎"'));
    const bad = await admin.post('/staff/users', { displayName: '', loginId: 'ab', email: 'not-an-email', role: 'orderer_admin' });
    assert.equal(bad.statusCode, 400);
    const text = visibleText(bad.body);
    for (const message of ['氏名を入力してください。', 'ログインIDは3文字以上の半角英数字', 'メールアドレスの形式が正しくありません。', '権限を選択してください。']) assert.ok(text.includes(message), message);
    assert.ok(text.includes('入力内容に誤りがあります（4件）'));
  });

  test('a disabled user is signed out at once and cannot sign in; enabling restores access', async () => {
    const admin = await adminBrowser();
    const approver = new TestBrowser(t.app, '10.1.0.5');
    await approver.login('staff', surety.approver.login_id, surety.approver.password);
    assert.equal((await approver.get('/staff')).statusCode, 200);

    await admin.get('/staff/users');
    const disabled = await admin.post(`/staff/users/${surety.approver.id}/disable`);
    assert.equal(disabled.statusCode, 303);
    assert.ok(visibleText((await admin.get('/staff/users')).body).includes('利用停止'));
    assert.equal((await approver.get('/staff')).statusCode, 303, 'the live session ended');
    const again = await new TestBrowser(t.app, '10.1.0.6').submit('/staff/login', '/staff/login', { loginId: surety.approver.login_id, password: surety.approver.password });
    assert.equal(again.statusCode, 401);

    await admin.get('/staff/users');
    assert.equal((await admin.post(`/staff/users/${surety.approver.id}/enable`)).statusCode, 303);
    await new TestBrowser(t.app, '10.1.0.7').login('staff', surety.approver.login_id, surety.approver.password);

    await admin.get('/staff/users');
    const self = await admin.post(`/staff/users/${surety.admin.id}/disable`);
    assert.equal(self.statusCode, 409);
    assert.ok(visibleText(self.body).includes('ご自身のアカウントは利用停止にできません。'));
  });

  test('another company’s user answers 404 and examiners cannot manage users', async () => {
    const rival = await createSurety(t.db);
    const admin = await adminBrowser();
    await admin.get('/staff/users');
    assert.equal((await admin.post(`/staff/users/${rival.examiner.id}/disable`)).statusCode, 404);
    assert.equal((await admin.post(`/staff/users/${rival.examiner.id}/resend`)).statusCode, 404);
    assert.ok(!(await admin.get('/staff/users')).body.includes(rival.examiner.login_id));
    const status = await t.db.selectFrom('users').select('status').where('id', '=', rival.examiner.id).executeTakeFirstOrThrow();
    assert.equal(status.status, 'active');

    const examiner = new TestBrowser(t.app, '10.1.0.8');
    await examiner.login('staff', surety.examiner.login_id, surety.examiner.password);
    await examiner.get('/staff');
    assert.equal((await examiner.post('/staff/users', { displayName: 'x', loginId: 'xyz-user', email: 'x@example.test', role: 'surety_admin' })).statusCode, 403);
  });
});
