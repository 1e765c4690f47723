// 利用者管理: a contractor administrator adds users (each gets an activation email) and
// disables them (their sessions end at once). Only its own company's users.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTenant, createUser } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

let t: TestContext;
let smtp: TestSmtp;
let company: Awaited<ReturnType<typeof createTenant>>;
let other: Awaited<ReturnType<typeof createTenant>>;

before(async () => {
  smtp = await startTestSmtp();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  company = await createTenant(t.db, 'contractor');
  other = await createTenant(t.db, 'contractor');
});
after(async () => {
  await t.close();
  await smtp.stop();
});

async function signedIn(user: { login_id: string; password: string }, ip: string) {
  const browser = new TestBrowser(t.app, ip);
  await browser.login('enet', user.login_id, user.password);
  return browser;
}

test('only an administrator manages users; the menu shows 利用者管理 only to it', async () => {
  const member = await createUser(t.db, company.organisation, 'contractor_member');
  const memberBrowser = await signedIn(member, '10.3.0.1');
  assert.equal((await memberBrowser.get('/enet/users')).statusCode, 403);
  assert.ok(!(await memberBrowser.get('/enet')).body.includes('href="/enet/users"'));
  const admin = await signedIn(company.user, '10.3.0.2');
  const page = await admin.get('/enet/users');
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes('href="/enet/users"'));
  assert.ok(visibleText(page.body).includes(`${company.user.login_id}`));
  assert.ok(!visibleText(page.body).includes(other.user.login_id), "another company's users are not listed");
});

test('an added user gets an activation email, sets its password and logs in; a rejected form writes nothing', async () => {
  const admin = await signedIn(company.user, '10.3.1.1');
  const usersBefore = await t.db.selectFrom('users').select('id').where('organisation_id', '=', company.organisation.id).execute();
  const bad = await admin.submit('/enet/users', '/enet/users', { displayName: '日田 次郎', email: 'jiro@', role: 'contractor_member' });
  assert.equal(bad.statusCode, 400);
  assert.ok(bad.body.includes('value="日田 次郎"') && bad.body.includes('value="jiro@"'));
  assert.match(bad.body, /id="error-email"[^>]*>.*メールアドレスの形式が正しくありません/s);
  assert.equal((await t.db.selectFrom('users').select('id').where('organisation_id', '=', company.organisation.id).execute()).length, usersBefore.length);

  const res = await admin.submit('/enet/users', '/enet/users', { displayName: '日田 次郎', email: 'jiro@hita-kensetsu.example', role: 'contractor_member' });
  assert.equal(res.headers.location, '/enet/users?done=added');
  const list = visibleText((await admin.get('/enet/users?done=added')).body);
  assert.ok(list.includes('日田 次郎') && list.includes('パスワード未設定'));
  await t.deliverMail();
  const mail = await smtp.waitFor((m) => (m.to as { text: string }).text.includes('jiro@hita-kensetsu.example'));
  assert.equal(mail.subject, '【e-Net保証】パスワード設定のご案内');
  assert.ok(mail.text?.includes(`${company.organisation.name}の管理者が、あなたをe-Net保証の利用者として登録しました。`));
  const path = /http:\/\/localhost:3000(\/enet\/activate\/\S+)/.exec(mail.text ?? '')![1]!;
  const loginId = /お客様ID（ログインID）：(\S+)/.exec(mail.text ?? '')![1]!;
  const jiro = new TestBrowser(t.app, '10.3.1.2');
  await jiro.get(path);
  assert.equal((await jiro.post(path, { password: 'jiro-password-01', passwordConfirmation: 'jiro-password-01' })).statusCode, 200);
  await jiro.login('enet', loginId, 'jiro-password-01');
  assert.equal((await jiro.get('/enet/applications')).statusCode, 200);
  assert.equal((await jiro.get('/enet/users')).statusCode, 403, 'a member cannot manage users');
});

test('disabling a user ends its open session at once and stops its login; enabling lets it back in', async () => {
  const member = await createUser(t.db, company.organisation, 'contractor_member');
  const memberBrowser = await signedIn(member, '10.3.2.1');
  assert.equal((await memberBrowser.get('/enet')).statusCode, 200);

  const admin = await signedIn(company.user, '10.3.2.2');
  await admin.get('/enet/users');
  const res = await admin.post(`/enet/users/${member.id}/disable`);
  assert.equal(res.headers.location, '/enet/users?done=disabled');
  assert.ok(visibleText((await admin.get('/enet/users?done=disabled')).body).includes('利用を停止しました。'));

  const after = await memberBrowser.get('/enet');
  assert.equal(after.statusCode, 303, 'the open session no longer works');
  const revoked = await t.db.selectFrom('sessions').select('revoked_at').where('user_id', '=', member.id).execute();
  assert.ok(revoked.length > 0 && revoked.every((s) => s.revoked_at !== null), 'its sessions are revoked');
  const again = await new TestBrowser(t.app, '10.3.2.3').submit('/enet/login', '/enet/login', { loginId: member.login_id, password: member.password });
  assert.equal(again.statusCode, 401);

  await admin.get('/enet/users');
  assert.equal((await admin.post(`/enet/users/${member.id}/enable`)).headers.location, '/enet/users?done=enabled');
  await signedIn(member, '10.3.2.4');
});

test("an administrator cannot disable another company's user (404) or itself", async () => {
  const admin = await signedIn(company.user, '10.3.3.1');
  await admin.get('/enet/users');
  const foreign = await admin.post(`/enet/users/${other.user.id}/disable`);
  assert.equal(foreign.statusCode, 404);
  assert.equal((await t.db.selectFrom('users').select('status').where('id', '=', other.user.id).executeTakeFirstOrThrow()).status, 'active');
  for (const action of ['enable', 'resend']) assert.equal((await admin.post(`/enet/users/${other.user.id}/${action}`)).statusCode, 404);
  const self = await admin.post(`/enet/users/${company.user.id}/disable`);
  assert.equal(self.statusCode, 400);
  assert.ok(visibleText(self.body).includes('ご自身の利用は停止できません。'));
  assert.equal((await admin.get('/enet/users')).statusCode, 200, 'still signed in');
});

test('disabling a user who has not set a password withdraws its activation link', async () => {
  const admin = await signedIn(company.user, '10.3.4.1');
  await admin.submit('/enet/users', '/enet/users', { displayName: '日田 三郎', email: 'saburo@hita-kensetsu.example', role: 'contractor_admin' });
  await t.deliverMail();
  const mail = await smtp.waitFor((m) => (m.to as { text: string }).text.includes('saburo@hita-kensetsu.example'));
  const path = /http:\/\/localhost:3000(\/enet\/activate\/\S+)/.exec(mail.text ?? '')![1]!;
  const saburo = await t.db.selectFrom('users').select(['id', 'role']).where('email', '=', 'saburo@hita-kensetsu.example').executeTakeFirstOrThrow();
  assert.equal(saburo.role, 'contractor_admin');
  await admin.get('/enet/users');
  await admin.post(`/enet/users/${saburo.id}/disable`);
  assert.equal((await new TestBrowser(t.app, '10.3.4.2').get(path)).statusCode, 404);
});
