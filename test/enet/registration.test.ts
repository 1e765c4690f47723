// 利用者登録 → approval in /staff → activation email (real SMTP) → password → login.
// The link is single-use and expires after 72 hours; the public form is throttled per address.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ParsedMail } from 'mailparser';
import { createTenant, createUser } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { validCorporateNumber, wrongCheckDigit } from './helpers.ts';

let t: TestContext;
let smtp: TestSmtp;
let surety: Awaited<ReturnType<typeof createTenant>>;
let approver: Awaited<ReturnType<typeof createUser>>;
let examiner: Awaited<ReturnType<typeof createUser>>;

before(async () => {
  smtp = await startTestSmtp();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  surety = await createTenant(t.db, 'surety', 'surety_admin');
  approver = await createUser(t.db, surety.organisation, 'surety_approver');
  examiner = await createUser(t.db, surety.organisation, 'surety_examiner');
});
after(async () => {
  await t.close();
  await smtp.stop();
});

let ipCounter = 0;
const nextIp = () => `10.2.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

function registration(overrides: Record<string, string> = {}) {
  const n = Math.random().toString(36).slice(2, 8);
  return {
    name: `株式会社テスト建設${n}`,
    corporateNumber: validCorporateNumber(),
    address: '大分県日田市三本松1丁目1番1号',
    representative: '代表取締役 日田 太郎',
    contactName: '日田 花子',
    email: `hanako-${n}@example.test`,
    phone: '０９７３－２２－１２３４',
    ...overrides,
  };
}

async function register(fields: Record<string, string>, ip = nextIp()) {
  const browser = new TestBrowser(t.app, ip);
  const res = await browser.submit('/enet/register', '/enet/register', fields);
  return { browser, res };
}

async function organisationByName(name: string) {
  return t.db.selectFrom('organisations').selectAll().where('name', '=', name).executeTakeFirst();
}

async function staffBrowser(user: { login_id: string; password: string }) {
  const browser = new TestBrowser(t.app, nextIp());
  await browser.login('staff', user.login_id, user.password);
  return browser;
}

async function approve(organisationId: string) {
  const staff = await staffBrowser(approver);
  await staff.get('/staff/registrations');
  const res = await staff.post(`/staff/registrations/${organisationId}/approve`);
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/staff/registrations?done=approved');
  await t.deliverMail();
}

function activationPath(mail: ParsedMail): string {
  const match = /http:\/\/localhost:3000(\/enet\/activate\/[A-Za-z0-9_-]{40,})/.exec(mail.text ?? '');
  assert.ok(match, `no activation link in: ${mail.text}`);
  return match[1]!;
}

function loginIdIn(mail: ParsedMail): string {
  const match = /お客様ID（ログインID）：(e\d{8})/.exec(mail.text ?? '');
  assert.ok(match, 'the mail tells the login ID');
  return match[1]!;
}

/** Registers and approves a company; returns the activation mail. */
async function registeredAndApproved() {
  const fields = registration();
  const { res } = await register(fields);
  assert.equal(res.statusCode, 200);
  const organisation = (await organisationByName(fields.name))!;
  await approve(organisation.id);
  const mail = await smtp.waitFor((m) => m.subject === '【e-Net保証】パスワード設定のご案内' && (m.to as { text: string }).text.includes(fields.email));
  return { fields, organisation, mail };
}

describe('利用者登録 (public)', () => {
  test('the form is public and Japanese, with every field of the registration', async () => {
    const res = await t.app.inject('/enet/register');
    assert.equal(res.statusCode, 200);
    const text = visibleText(res.body);
    for (const label of ['商号', '法人番号', '所在地', '代表者', '担当者', 'メールアドレス', '電話番号']) assert.ok(text.includes(label), label);
    assert.ok((await t.app.inject('/enet/login')).body.includes('href="/enet/register"'), 'the login page links to it');
  });

  test('a rejected registration keeps what was typed, names each error next to its field, and writes nothing', async () => {
    const counts = async () => ({
      organisations: Number((await t.db.selectFrom('organisations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
      mails: Number((await t.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    });
    const before = await counts();
    const fields = registration({ corporateNumber: wrongCheckDigit(validCorporateNumber()), email: 'hanako@', name: '', phone: '12-34' });
    const { res } = await register(fields);
    assert.equal(res.statusCode, 400);
    const text = visibleText(res.body);
    assert.ok(text.includes('入力内容に誤りがあります（4件）'));
    assert.match(res.body, /id="error-name"[^>]*>.*商号を入力してください。/s);
    assert.match(res.body, /id="error-corporateNumber"[^>]*>.*法人番号の検査用数字（先頭の1桁）が合いません。/s);
    assert.match(res.body, /id="error-email"[^>]*>.*メールアドレスの形式が正しくありません/s);
    assert.match(res.body, /id="error-phone"[^>]*>.*電話番号は市外局番から10桁または11桁/s);
    assert.ok(res.body.includes(`value="${fields.corporateNumber}"`) && res.body.includes(`value="${fields.address}"`));
    assert.deepEqual(await counts(), before);

    const short = await register(registration({ corporateNumber: '12345' }));
    assert.match(short.res.body, /法人番号は13桁の数字で入力してください。/);
  });

  test('a registration becomes a pending company with a pending administrator; the receipt is mailed; nobody can log in yet', async () => {
    const fields = registration({ corporateNumber: ` ${validCorporateNumber().replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))} ` });
    const { res } = await register(fields);
    assert.equal(res.statusCode, 200);
    assert.ok(visibleText(res.body).includes('利用者登録の申請を受け付けました'));
    const organisation = (await organisationByName(fields.name))!;
    assert.equal(organisation.status, 'pending');
    assert.equal(organisation.kind, 'contractor');
    assert.match(organisation.corporate_number!, /^\d{13}$/, 'the full-width 法人番号 is stored normalised');
    assert.equal(organisation.phone, '0973-22-1234');
    const user = await t.db.selectFrom('users').selectAll().where('organisation_id', '=', organisation.id).executeTakeFirstOrThrow();
    assert.equal(user.status, 'pending');
    assert.equal(user.password_hash, null);
    assert.equal(user.role, 'contractor_admin');
    assert.equal(user.display_name, '日田 花子');

    await t.deliverMail();
    const receipt = await smtp.waitFor((m) => m.subject === '【e-Net保証】利用者登録の申請を受け付けました' && (m.to as { text: string }).text.includes(fields.email));
    assert.ok(receipt.text?.includes('日田 花子 様'));

    const again = await register({ ...fields, name: '別の商号' });
    assert.equal(again.res.statusCode, 400);
    assert.ok(visibleText(again.res.body).includes('この法人番号の会社は、既に利用者登録（または申請中）です。'));
  });

  test('the public form is throttled per address (5 an hour), not for others', async () => {
    const ip = '10.2.250.1';
    for (let i = 0; i < 5; i++) assert.equal((await register(registration(), ip)).res.statusCode, 200);
    const sixth = registration();
    const refused = await register(sixth, ip);
    assert.equal(refused.res.statusCode, 429);
    assert.ok(visibleText(refused.res.body).includes('受け付けを一時停止しています'));
    assert.ok(refused.res.body.includes(`value="${sixth.name}"`), 'the typed values stay');
    assert.equal(await organisationByName(sixth.name), undefined);
    assert.equal((await register(registration(), '10.2.250.2')).res.statusCode, 200, 'another address is not affected');
    t.clock.advance(61 * 60_000);
    assert.equal((await register(sixth, ip)).res.statusCode, 200, 'after an hour it is accepted again');
  });
});

describe('approval in /staff', () => {
  test('staff see pending registrations; an examiner cannot approve, a contractor cannot open the screen', async () => {
    const fields = registration();
    await register(fields);
    const organisation = (await organisationByName(fields.name))!;
    const staff = await staffBrowser(examiner);
    const list = await staff.get('/staff/registrations');
    assert.equal(list.statusCode, 200);
    const text = visibleText(list.body);
    assert.ok(text.includes(fields.name) && text.includes(organisation.corporate_number!) && text.includes(fields.email));
    assert.ok(!list.body.includes(`/staff/registrations/${organisation.id}/approve`), 'no approve button for an examiner');
    assert.equal((await staff.post(`/staff/registrations/${organisation.id}/approve`)).statusCode, 403);
    assert.equal((await organisationByName(fields.name))!.status, 'pending');

    const contractor = await createTenant(t.db, 'contractor');
    const browser = new TestBrowser(t.app, nextIp());
    await browser.login('enet', contractor.user.login_id, contractor.user.password);
    assert.equal((await browser.get('/staff/registrations')).statusCode, 403);
  });

  test('approval sends the activation email; the link sets the password once; then the company logs in', async () => {
    const { fields, organisation, mail } = await registeredAndApproved();
    assert.equal((await organisationByName(fields.name))!.status, 'active');
    const text = mail.text ?? '';
    assert.ok(text.includes(`${fields.name}\n${fields.contactName} 様`));
    assert.ok(text.includes('e-Net保証の利用者登録が承認されました。'));
    assert.match(text, /このURLの有効期限は令和8年11月\d+日 \d\d:\d\dまで（72時間）です。/);
    const path = activationPath(mail);
    const loginId = loginIdIn(mail);
    const stored = await t.db.selectFrom('activation_tokens').select('token_hash').execute();
    assert.ok(!stored.some((r) => path.includes(r.token_hash)), 'only a hash of the token is stored');

    const contractor = new TestBrowser(t.app, nextIp());
    const page = await contractor.get(path);
    assert.equal(page.statusCode, 200);
    assert.ok(visibleText(page.body).includes(`お客様ID（ログインID） ${loginId}`));

    const weak = await contractor.post(path, { password: 'short1', passwordConfirmation: 'short1' });
    assert.equal(weak.statusCode, 400);
    assert.ok(visibleText(weak.body).includes('パスワードは12文字以上で、英字と数字をそれぞれ1文字以上含めてください。'));
    const mismatch = await contractor.post(path, { password: 'hita-kensetsu-2025', passwordConfirmation: 'hita-kensetsu-2026' });
    assert.match(mismatch.body, /id="error-passwordConfirmation"[^>]*>.*一致しません/s);
    const user = await t.db.selectFrom('users').select(['status', 'password_hash']).where('organisation_id', '=', organisation.id).executeTakeFirstOrThrow();
    assert.deepEqual(user, { status: 'pending', password_hash: null }, 'refused passwords change nothing');

    const done = await contractor.post(path, { password: 'hita-kensetsu-2025', passwordConfirmation: 'hita-kensetsu-2025' });
    assert.equal(done.statusCode, 200);
    assert.ok(visibleText(done.body).includes(`お客様ID「${loginId}」と設定したパスワードでログインしてください。`));

    const reuse = await contractor.get(path);
    assert.equal(reuse.statusCode, 410);
    assert.ok(visibleText(reuse.body).includes('このURLは既に使用されています。'));
    const replay = await new TestBrowser(t.app, nextIp()).submit('/enet/login', path, { password: 'attacker-pass-123', passwordConfirmation: 'attacker-pass-123' });
    assert.equal(replay.statusCode, 410, 'a used link cannot set the password again');

    const login = new TestBrowser(t.app, nextIp());
    await login.login('enet', loginId, 'hita-kensetsu-2025');
    const home = await login.get('/enet');
    assert.equal(home.statusCode, 200);
    assert.ok(visibleText(home.body).includes(`${fields.name} 様、ようこそ。`));
  });

  test('the link expires after 72 hours; a new one can be sent, and the old one no longer works', async () => {
    const { organisation, mail } = await registeredAndApproved();
    const path = activationPath(mail);
    t.clock.advance(72 * 3600_000 + 60_000);
    const expired = await new TestBrowser(t.app, nextIp()).get(path);
    assert.equal(expired.statusCode, 410);
    assert.ok(visibleText(expired.body).includes('有効期限'));
    const refused = await new TestBrowser(t.app, nextIp()).submit('/enet/login', path, { password: 'hita-kensetsu-2025', passwordConfirmation: 'hita-kensetsu-2025' });
    assert.equal(refused.statusCode, 410);

    const staff = await staffBrowser(approver);
    const list = await staff.get('/staff/registrations');
    const user = await t.db.selectFrom('users').select(['id', 'login_id']).where('organisation_id', '=', organisation.id).executeTakeFirstOrThrow();
    assert.ok(visibleText(list.body).includes(user.login_id), 'listed among administrators without a password');
    const resent = await staff.post(`/staff/registrations/users/${user.id}/resend`);
    assert.equal(resent.headers.location, '/staff/registrations?done=resent');
    await t.deliverMail();
    const second = await smtp.waitFor((m) => (m.text ?? '').includes('パスワード設定用URLを再発行しました') && (m.text ?? '').includes(user.login_id));
    const newPath = activationPath(second);
    assert.notEqual(newPath, path);
    assert.equal((await new TestBrowser(t.app, nextIp()).get(newPath)).statusCode, 200);
    assert.equal((await new TestBrowser(t.app, nextIp()).get('/enet/activate/not-a-real-token-at-all-0123456789')).statusCode, 404);
  });

  test('a registration may be declined with a reason, mailed to the applicant', async () => {
    const fields = registration();
    await register(fields);
    const organisation = (await organisationByName(fields.name))!;
    const staff = await staffBrowser(approver);
    await staff.get('/staff/registrations');
    const empty = await staff.post(`/staff/registrations/${organisation.id}/decline`, { reason: '' });
    assert.equal(empty.statusCode, 400);
    assert.equal((await organisationByName(fields.name))!.status, 'pending');
    const res = await staff.post(`/staff/registrations/${organisation.id}/decline`, { reason: '商号と法人番号が一致しません。' });
    assert.equal(res.headers.location, '/staff/registrations?done=declined');
    assert.equal((await organisationByName(fields.name))!.status, 'disabled');
    await t.deliverMail();
    const mail = await smtp.waitFor((m) => m.subject === '【e-Net保証】利用者登録の申請について' && (m.to as { text: string }).text.includes(fields.email));
    assert.ok(mail.text?.includes('理由：商号と法人番号が一致しません。'));
    const twice = await staff.post(`/staff/registrations/${organisation.id}/approve`);
    assert.equal(twice.headers.location, '/staff/registrations?done=stale', 'a decided registration is not approved afterwards');
  });
});
