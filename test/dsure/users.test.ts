// 利用者管理: an orderer admin adds users of its own organisation and stops or resumes them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestBrowser, visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { nextAddress, ordererWithBrowser } from './helpers.ts';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

const newUser = (overrides: Record<string, string> = {}) => ({
  displayName: '契約 花子',
  loginId: `hita-keiyaku-${Math.random().toString(36).slice(2, 8)}`,
  email: 'keiyaku@city.hita.example.lg.jp',
  role: 'orderer_viewer',
  password: 'Hita-keiyaku-2026',
  ...overrides,
});

describe('利用者管理', () => {
  test('an admin adds a viewer, who can sign in to D-Sure but not manage users', async () => {
    const admin = await ordererWithBrowser(t, { role: 'orderer_admin' });
    const fields = newUser({ loginId: `ＨＩＴＡ-${Math.random().toString(36).slice(2, 8)}` });
    const res = await admin.browser.submit('/dsure/users', '/dsure/users', fields);
    assert.equal(res.statusCode, 303);
    const page = visibleText((await admin.browser.get(res.headers.location as string)).body);
    const loginId = fields.loginId.normalize('NFKC').toLowerCase();
    assert.ok(page.includes('利用者を追加しました。') && page.includes('契約 花子') && page.includes(loginId) && page.includes('発注者 閲覧者'));

    const viewer = new TestBrowser(t.app, nextAddress());
    await viewer.login('dsure', loginId, fields.password);
    assert.equal((await viewer.get('/dsure')).statusCode, 200);
    assert.equal((await viewer.get('/dsure/users')).statusCode, 403);
    assert.ok(!visibleText((await viewer.get('/dsure')).body).includes('利用者管理'), 'no menu entry for a viewer');
    const created = await t.db.selectFrom('users').select(['organisation_id', 'role']).where('login_id', '=', loginId).executeTakeFirstOrThrow();
    assert.deepEqual(created, { organisation_id: admin.organisation.id, role: 'orderer_viewer' });
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'dsure.user_created').execute();
    assert.ok(audit.length >= 1);
  });

  test('a rejected form comes back with the values (not the password), errors by the fields and in the summary', async () => {
    const admin = await ordererWithBrowser(t, { role: 'orderer_admin' });
    const res = await admin.browser.submit('/dsure/users', '/dsure/users', newUser({ displayName: '', loginId: 'a', email: 'not-mail', password: 'short' }));
    assert.equal(res.statusCode, 400);
    const text = visibleText(res.body);
    assert.ok(text.includes('入力内容に誤りがあります（4件）'));
    assert.ok(text.includes('氏名を入力してください。'));
    assert.ok(text.includes('ログインIDは半角英数字と'));
    assert.ok(text.includes('メールアドレスの形式が正しくありません'));
    assert.ok(text.includes('パスワードは12文字以上'));
    assert.match(res.body, /id="field-email"[^>]*value="not-mail"/);
    assert.ok(!res.body.includes('value="short"'), 'the password is not sent back');
  });

  test('a login ID already in use is refused next to the field', async () => {
    const admin = await ordererWithBrowser(t, { role: 'orderer_admin' });
    const res = await admin.browser.submit('/dsure/users', '/dsure/users', newUser({ loginId: admin.user.login_id }));
    assert.equal(res.statusCode, 400);
    assert.ok(visibleText(res.body).includes('このログインIDは既に使われています。'));
  });

  test('disabling a user ends its session and its logins; enabling lets it back in', async () => {
    const admin = await ordererWithBrowser(t, { role: 'orderer_admin' });
    const fields = newUser();
    await admin.browser.submit('/dsure/users', '/dsure/users', fields);
    const user = await t.db.selectFrom('users').select('id').where('login_id', '=', fields.loginId).executeTakeFirstOrThrow();
    const viewer = new TestBrowser(t.app, nextAddress());
    await viewer.login('dsure', fields.loginId, fields.password);

    await admin.browser.get('/dsure/users');
    const disabled = await admin.browser.post(`/dsure/users/${user.id}/disable`);
    assert.equal(disabled.statusCode, 303);
    assert.ok(visibleText((await admin.browser.get(disabled.headers.location as string)).body).includes('利用を停止しました。'));
    assert.equal((await viewer.get('/dsure')).statusCode, 303, 'the session has ended');
    await assert.rejects(viewer.login('dsure', fields.loginId, fields.password));

    await admin.browser.get('/dsure/users');
    assert.equal((await admin.browser.post(`/dsure/users/${user.id}/enable`)).statusCode, 303);
    await viewer.login('dsure', fields.loginId, fields.password);
  });

  test("another orderer's user is 404; an admin cannot stop itself", async () => {
    const admin = await ordererWithBrowser(t, { role: 'orderer_admin' });
    const other = await ordererWithBrowser(t, { role: 'orderer_admin' });
    await admin.browser.get('/dsure/users');
    assert.equal((await admin.browser.post(`/dsure/users/${other.user.id}/disable`)).statusCode, 404);
    assert.equal((await admin.browser.post('/dsure/users/not-a-uuid/disable')).statusCode, 404);
    const self = await admin.browser.post(`/dsure/users/${admin.user.id}/disable`);
    assert.equal(self.statusCode, 400);
    assert.ok(visibleText(self.body).includes('ご自身のアカウントは利用停止にできません。'));
    const row = await t.db.selectFrom('users').select('status').where('id', '=', other.user.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'active');
  });

  test('a viewer cannot add users', async () => {
    const viewer = await ordererWithBrowser(t, { role: 'orderer_viewer' });
    await viewer.browser.get('/dsure');
    const res = await viewer.browser.post('/dsure/users', newUser());
    assert.equal(res.statusCode, 403);
  });
});
