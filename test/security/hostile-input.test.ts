// Input no form of the service sends is refused with a Japanese page and nothing saved: e-mail values
// that made a pattern backtrack, bodies that are not urlencoded, text that is not UTF-8, thousands of
// fields; a crafted `next` or asset name is not a 500; and no token reaches a log line.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../src/app.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { createTenant } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { validCorporateNumber } from '../enet/helpers.ts';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

let ipCounter = 0;
const nextIp = () => `10.20.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

function registration(name: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name,
    corporateNumber: validCorporateNumber(),
    address: '大分県日田市三本松1丁目1番1号',
    representative: '代表取締役 日田 太郎',
    contactName: '日田 花子',
    email: 'hanako@example.test',
    phone: '0973-22-1234',
    ...overrides,
  };
}

/** A browser that has opened the registration form (its anonymous cookie and CSRF token). */
async function onRegistrationForm(): Promise<TestBrowser> {
  const browser = new TestBrowser(t.app, nextIp());
  await browser.get('/enet/register');
  return browser;
}

/** Posts bytes exactly as given, with the browser's cookie and CSRF token appended as the form's last field. */
async function postRaw(browser: TestBrowser, url: string, payload: Buffer, contentType: string) {
  const body = contentType.startsWith('application/x-www-form-urlencoded') ? Buffer.concat([payload, Buffer.from(`&_csrf=${encodeURIComponent(browser.csrfToken()!)}`)]) : payload;
  return t.app.inject({ method: 'POST', url, payload: body, remoteAddress: '10.20.250.1', headers: { 'content-type': contentType, cookie: `aid=${browser.cookie('aid')}` } });
}

const urlencoded = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());

async function organisationNamed(name: string) {
  return t.db.selectFrom('organisations').select('id').where('name', 'like', `${name}%`).executeTakeFirst();
}

describe('e-mail addresses: the length before any pattern', () => {
  test('a hostile e-mail value is refused for its length, and no e-mail pattern looks at it', async () => {
    const patternInputs: number[] = [];
    const exec = RegExp.prototype.exec;
    RegExp.prototype.exec = function (this: RegExp, input: string) {
      if (this.source.includes('@') && String(input).length > 254) patternInputs.push(String(input).length);
      return exec.call(this, input);
    };
    let res;
    try {
      const browser = await onRegistrationForm();
      res = await browser.post('/enet/register', registration('株式会社長いメール建設', { email: `a@${'.'.repeat(5000)}@` }));
    } finally {
      RegExp.prototype.exec = exec;
    }
    assert.equal(res.statusCode, 400);
    assert.ok(visibleText(res.body).includes('メールアドレスは254文字以内で入力してください。'));
    assert.deepEqual(patternInputs, [], 'a pattern ran on a value longer than an e-mail address can be');
    assert.equal(await organisationNamed('株式会社長いメール建設'), undefined);
  });

  test('a 300-character address that looks valid is refused with the length message; a normal one passes', async () => {
    const browser = await onRegistrationForm();
    const long = await browser.post('/enet/register', registration('株式会社長いアドレス建設', { email: `${'a'.repeat(280)}@example.co.jp` }));
    assert.equal(long.statusCode, 400);
    assert.ok(visibleText(long.body).includes('メールアドレスは254文字以内で入力してください。'));
    const doubleDot = await (await onRegistrationForm()).post('/enet/register', registration('株式会社二重ドット建設', { email: 'tanto@example..jp' }));
    assert.ok(visibleText(doubleDot.body).includes('メールアドレスの形式が正しくありません'));
    const ok = await (await onRegistrationForm()).post('/enet/register', registration('株式会社普通のメール建設', { email: 'tanto.hanako+keiyaku@example.co.jp' }));
    assert.equal(ok.statusCode, 200);
  });
});

describe('page routes accept urlencoded forms only', () => {
  test('a JSON body to a form route is refused with 415 and a Japanese page; the API keeps JSON', async () => {
    const browser = await onRegistrationForm();
    const json = await postRaw(browser, '/enet/register', Buffer.from(JSON.stringify({ ...registration('株式会社ジェイソン建設'), _csrf: browser.csrfToken() })), 'application/json');
    assert.equal(json.statusCode, 415);
    assert.match(String(json.headers['content-type']), /^text\/html/);
    assert.ok(visibleText(json.body).includes('送信形式が正しくありません。画面のフォームから送信してください。'));
    assert.equal(await organisationNamed('株式会社ジェイソン建設'), undefined);
    const text = await postRaw(browser, '/enet/login', Buffer.from('loginId=a&password=b'), 'text/plain');
    assert.equal(text.statusCode, 415);

    const api = await t.app.inject({ method: 'POST', url: '/api/v1/certificates/lookup', payload: { guaranteeContractNumber: 'x', authenticationKey: 'y' } });
    assert.equal(api.statusCode, 401, 'the API reads JSON and asks for its token');
  });
});

describe('form text must be UTF-8, and a form has at most 200 fields', () => {
  for (const [what, name] of [
    ['raw bytes that are not UTF-8', Buffer.concat([Buffer.from('name='), Buffer.from('株式会社バイト建設'), Buffer.from([0xff, 0xfe])])],
    ['a percent-escape that is not UTF-8', Buffer.from(`name=${encodeURIComponent('株式会社エスケープ建設')}%FF%FE`)],
  ] as const) {
    test(`${what}: 400, a Japanese message, nothing saved`, async () => {
      const browser = await onRegistrationForm();
      const fields = registration('');
      delete (fields as Partial<typeof fields>).name;
      const res = await postRaw(browser, '/enet/register', Buffer.concat([name, Buffer.from('&'), urlencoded(fields)]), 'application/x-www-form-urlencoded');
      assert.equal(res.statusCode, 400);
      assert.ok(visibleText(res.body).includes('読み取れない文字（UTF-8 ではない文字）が含まれています'));
      assert.equal(await organisationNamed(what.startsWith('raw') ? '株式会社バイト建設' : '株式会社エスケープ建設'), undefined);
    });
  }

  test('a form with thousands of unknown fields is refused; nothing saved', async () => {
    const browser = await onRegistrationForm();
    const extra = Array.from({ length: 2000 }, (_, i) => `f${i}=x`).join('&');
    const res = await postRaw(browser, '/enet/register', Buffer.concat([urlencoded(registration('株式会社項目多数建設')), Buffer.from(`&${extra}`)]), 'application/x-www-form-urlencoded');
    assert.equal(res.statusCode, 400);
    assert.ok(visibleText(res.body).includes('送信された項目の数が多すぎます（200項目まで）'));
    assert.equal(await organisationNamed('株式会社項目多数建設'), undefined);
  });
});

describe('crafted next and asset names are not 500s', () => {
  test('after login, a next with non-ASCII text or CR/LF goes to the portal home', async () => {
    const contractor = await createTenant(t.db, 'contractor');
    for (const next of ['/enet/日本語', '/enet/x\r\nSet-Cookie: a=b', '/enet/\\evil.example']) {
      const browser = new TestBrowser(t.app, nextIp());
      const res = await browser.submit('/enet/login', '/enet/login', { loginId: contractor.user.login_id, password: contractor.user.password, next });
      assert.equal(res.statusCode, 303, `login with next=${JSON.stringify(next)}`);
      assert.equal(res.headers.location, '/enet');
      const again = await browser.get(`/enet/login?next=${encodeURIComponent(next)}`);
      assert.equal(again.statusCode, 303);
      assert.equal(again.headers.location, '/enet');
    }
    const browser = new TestBrowser(t.app, nextIp());
    await browser.login('enet', contractor.user.login_id, contractor.user.password);
    const kept = await browser.get('/enet/login?next=%2Fenet%2Fcertificates%3Fpage%3D2');
    assert.equal(kept.headers.location, '/enet/certificates?page=2', 'a safe path inside the portal is kept');
  });

  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    test(`/assets/${name} is the 404 page`, async () => {
      const res = await t.app.inject({ method: 'GET', url: `/assets/${name}` });
      assert.equal(res.statusCode, 404);
      assert.ok(visibleText(res.body).includes('お探しのページは見つかりませんでした。'));
    });
  }
});

describe('no token in the log', () => {
  test('an activation link, a bearer token and a session cookie do not appear in any log line', async () => {
    const lines: string[] = [];
    const app = await buildApp({ ...t, config: { ...t.config, logLevel: 'info' }, metrics: createMetrics(t.db, t.now) }, { logStream: { write: (line) => void lines.push(line) } });
    try {
      const activation = 'Zx9activationTOKENabcdefghijklmnopqrstuvwxyz012';
      const bearer = 'dhk_BEARERsecretABCDEFGHIJKLMNOPQRSTUVWXYZ0123456';
      const session = 'SESSIONcookieSECRETabcdefghijklmnop';
      await app.inject({ method: 'GET', url: `/enet/activate/${activation}`, headers: { cookie: `sid=${session}` } });
      await app.inject({ method: 'GET', url: '/api/v1/certificates', headers: { authorization: `Bearer ${bearer}` } });
      await app.inject({ method: 'GET', url: `/staff/activate?token=${activation}` });
      const log = lines.join('');
      assert.ok(log.includes('/enet/activate/[redacted]'), 'the request is logged, without its token');
      assert.ok(log.includes('/staff/activate?token=[redacted]'));
      for (const secret of [activation, bearer, session]) assert.ok(!log.includes(secret), `${secret.slice(0, 12)}… is in the log`);
    } finally {
      await app.close();
    }
  });
});
