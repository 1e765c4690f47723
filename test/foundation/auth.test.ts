import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CONTENT_SECURITY_POLICY } from '../../src/security/headers.ts';
import { createTenant } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

let t: TestContext;
let contractor: Awaited<ReturnType<typeof createTenant>>;
let surety: Awaited<ReturnType<typeof createTenant>>;
let orderer: Awaited<ReturnType<typeof createTenant>>;

before(async () => {
  t = await createTestContext();
  contractor = await createTenant(t.db, 'contractor');
  surety = await createTenant(t.db, 'surety');
  orderer = await createTenant(t.db, 'orderer');
});
after(() => t.close());

describe('health and pages', () => {
  test('/healthz answers and /readyz reaches the database', async () => {
    assert.equal((await t.app.inject('/healthz')).statusCode, 200);
    const ready = await t.app.inject('/readyz');
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: 'ok' });
  });

  test('/ tells a visitor which of the three portals to use', async () => {
    const text = visibleText((await t.app.inject('/')).body);
    for (const expected of ['e-Net保証', '受注者', '保証会社 業務システム', 'D-Sure 発注者用保証確認サービス', '発注者']) {
      assert.ok(text.includes(expected), `missing ${expected}`);
    }
  });

  test('each portal has a Japanese login page with labelled fields', async () => {
    for (const portal of ['enet', 'staff', 'dsure']) {
      const res = await t.app.inject(`/${portal}/login`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<html lang="ja">/);
      assert.match(res.body, /<label for="field-loginId"[^>]*>ログインID/);
      assert.match(res.body, /<label for="field-password"[^>]*>パスワード/);
    }
  });

  test('an unknown page is a Japanese 404', async () => {
    const res = await t.app.inject('/enet/no-such-page');
    assert.equal(res.statusCode, 404);
    assert.ok(visibleText(res.body).includes('お探しのページは見つかりませんでした'));
  });

  test('security headers: strict CSP without inline script, no framing, no sniffing, no caching', async () => {
    const res = await t.app.inject('/enet/login');
    assert.equal(res.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.ok(!String(res.headers['content-security-policy']).includes('unsafe-inline'));
    assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
    assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.ok(!/<script>[^<]/.test(res.body), 'no inline script in the page');
  });
});

describe('login, sessions and logout', () => {
  test('a contractor logs in and sees its home page', async () => {
    const browser = new TestBrowser(t.app);
    const res = await browser.login('enet', contractor.user.login_id, contractor.user.password);
    assert.equal(res.headers.location, '/enet');
    const home = await browser.get('/enet');
    assert.equal(home.statusCode, 200);
    assert.ok(visibleText(home.body).includes(contractor.organisation.name));
  });

  test('login IDs are matched as typed with full-width characters and spaces', async () => {
    const browser = new TestBrowser(t.app, '10.0.0.9');
    const fullWidth = ` ${contractor.user.login_id.normalize('NFKC').replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))} `;
    const res = await browser.submit('/enet/login', '/enet/login', { loginId: fullWidth, password: contractor.user.password });
    assert.equal(res.statusCode, 303);
  });

  test('an anonymous visitor of a portal page is sent to its login page and back afterwards', async () => {
    const browser = new TestBrowser(t.app);
    const res = await browser.get('/staff');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/staff/login?next=%2Fstaff');
    await browser.get(String(res.headers.location));
    const login = await browser.post('/staff/login', { loginId: surety.user.login_id, password: surety.user.password, next: '/staff' });
    assert.equal(login.headers.location, '/staff');
  });

  test('the return address after login cannot lead off the site', async () => {
    const browser = new TestBrowser(t.app);
    await browser.get('/dsure/login');
    const res = await browser.post('/dsure/login', { loginId: orderer.user.login_id, password: orderer.user.password, next: '//evil.example/dsure' });
    assert.equal(res.headers.location, '/dsure');
  });

  test('a wrong password and an unknown login ID get the same generic message', async () => {
    const browser = new TestBrowser(t.app, '10.0.0.2');
    const wrong = await browser.submit('/enet/login', '/enet/login', { loginId: surety.user.login_id, password: 'wrong-password-1' });
    const unknown = await browser.submit('/enet/login', '/enet/login', { loginId: 'nobody-here', password: 'wrong-password-1' });
    for (const res of [wrong, unknown]) {
      assert.equal(res.statusCode, 401);
      assert.ok(visibleText(res.body).includes('ログインIDまたはパスワードが正しくありません。'));
    }
    assert.ok(wrong.body.includes(`value="${surety.user.login_id}"`), 'the typed login ID stays in the form');
  });

  test('repeated failures lock the account for a while, even for the right password; the lock expires', async () => {
    const { user } = await createTenant(t.db, 'contractor');
    const browser = new TestBrowser(t.app, '10.0.0.3');
    for (let i = 0; i < 5; i++) await browser.submit('/enet/login', '/enet/login', { loginId: user.login_id, password: `wrong-${i}-password` });
    const locked = await browser.submit('/enet/login', '/enet/login', { loginId: user.login_id, password: user.password });
    assert.equal(locked.statusCode, 429);
    assert.ok(visibleText(locked.body).includes('一時的にログインを制限しています'));
    t.clock.advance(16 * 60 * 1000);
    const again = await browser.submit('/enet/login', '/enet/login', { loginId: user.login_id, password: user.password });
    assert.equal(again.statusCode, 303);
  });

  test('the session id changes at login and the earlier session ends', async () => {
    const browser = new TestBrowser(t.app, '10.0.0.4');
    await browser.login('enet', contractor.user.login_id, contractor.user.password);
    const first = browser.cookie('sid');
    await browser.get('/enet'); // signed in: the form token now belongs to the session
    const relogin = await browser.post('/enet/login', { loginId: contractor.user.login_id, password: contractor.user.password });
    assert.equal(relogin.statusCode, 303);
    const second = browser.cookie('sid');
    assert.ok(first && second && first !== second);
    const stale = await t.app.inject({ url: '/enet', cookies: { sid: first } });
    assert.equal(stale.statusCode, 303, 'the first session no longer opens pages');
  });

  test('a session is dead after logout, also when its cookie is replayed', async () => {
    const browser = new TestBrowser(t.app, '10.0.0.5');
    await browser.login('enet', contractor.user.login_id, contractor.user.password);
    const sid = browser.cookie('sid')!;
    await browser.get('/enet');
    const out = await browser.post('/logout');
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/enet/login?loggedOut=1');
    const replay = await t.app.inject({ url: '/enet', cookies: { sid } });
    assert.equal(replay.statusCode, 303);
    assert.match(String(replay.headers.location), /^\/enet\/login/);
  });

  test('a session ends after 30 idle minutes', async () => {
    const browser = new TestBrowser(t.app, '10.0.0.6');
    await browser.login('dsure', orderer.user.login_id, orderer.user.password);
    assert.equal((await browser.get('/dsure')).statusCode, 200);
    t.clock.advance(31 * 60 * 1000);
    assert.equal((await browser.get('/dsure')).statusCode, 303);
  });

  test('a disabled user cannot log in and its open session stops working', async () => {
    const { user } = await createTenant(t.db, 'orderer');
    const browser = new TestBrowser(t.app, '10.0.0.7');
    await browser.login('dsure', user.login_id, user.password);
    await t.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', user.id).execute();
    assert.equal((await browser.get('/dsure')).statusCode, 303);
    const again = await browser.submit('/dsure/login', '/dsure/login', { loginId: user.login_id, password: user.password });
    assert.equal(again.statusCode, 401);
  });
});

describe('CSRF and portal separation', () => {
  test('a POST without its CSRF token is refused with a Japanese page', async () => {
    const browser = new TestBrowser(t.app, '10.0.1.1');
    await browser.get('/enet/login');
    const res = await browser.post('/enet/login', { loginId: contractor.user.login_id, password: contractor.user.password }, { csrf: null });
    assert.equal(res.statusCode, 403);
    assert.ok(visibleText(res.body).includes('不正な送信の可能性'));
    assert.equal(browser.cookie('sid'), undefined, 'no session was created');
  });

  test("a CSRF token of another visitor's session is refused (logout cannot be forged)", async () => {
    const victim = new TestBrowser(t.app, '10.0.1.2');
    await victim.login('enet', contractor.user.login_id, contractor.user.password);
    const attacker = new TestBrowser(t.app, '10.0.1.3');
    await attacker.get('/enet/login');
    const forged = attacker.csrfToken()!;
    const res = await victim.post('/logout', {}, { csrf: forged });
    assert.equal(res.statusCode, 403);
    assert.equal((await victim.get('/enet')).statusCode, 200, 'the victim is still signed in');
  });

  test('a contractor user is refused in /staff and /dsure with a Japanese 403 page', async () => {
    const browser = new TestBrowser(t.app, '10.0.1.4');
    await browser.login('enet', contractor.user.login_id, contractor.user.password);
    for (const url of ['/staff', '/dsure']) {
      const res = await browser.get(url);
      assert.equal(res.statusCode, 403);
      const text = visibleText(res.body);
      assert.ok(text.includes('アクセスできません'));
      assert.ok(text.includes('e-Net保証'), 'it names the portal the user should use');
    }
  });

  test('orderer and surety users are refused outside their portals', async () => {
    const o = new TestBrowser(t.app, '10.0.1.5');
    await o.login('dsure', orderer.user.login_id, orderer.user.password);
    assert.equal((await o.get('/enet')).statusCode, 403);
    assert.equal((await o.get('/staff')).statusCode, 403);
    const s = new TestBrowser(t.app, '10.0.1.6');
    await s.login('staff', surety.user.login_id, surety.user.password);
    assert.equal((await s.get('/enet')).statusCode, 403);
    assert.equal((await s.get('/dsure')).statusCode, 403);
  });

  test('a user logging in on another portal is sent to its own', async () => {
    const browser = new TestBrowser(t.app, '10.0.1.7');
    const res = await browser.submit('/staff/login', '/staff/login', { loginId: contractor.user.login_id, password: contractor.user.password });
    assert.equal(res.headers.location, '/enet');
  });

  test('hostile input on the login form gets a Japanese message, never a 500', async () => {
    const browser = new TestBrowser(t.app, '10.0.1.8');
    for (const loginId of ['x'.repeat(10_000), "' or 1=1 --", '<script>alert(1)</script>', '\u0000\u0007', '\uD800']) {
      const res = await browser.submit('/enet/login', '/enet/login', { loginId, password: 'p' });
      assert.ok(res.statusCode < 500, `status ${res.statusCode} for ${JSON.stringify(loginId.slice(0, 20))}`);
      assert.ok(!res.body.includes('<script>alert(1)</script>'), 'typed HTML is escaped');
    }
    const json = await t.app.inject({ method: 'POST', url: '/enet/login', payload: '{"loginId":', headers: { 'content-type': 'application/json' } });
    assert.equal(json.statusCode, 415, 'a form route reads urlencoded forms only');
    assert.ok(visibleText(json.body).includes('送信形式が正しくありません'));
  });
});
