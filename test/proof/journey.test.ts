// The whole journey in real Chromium, across the three portals, on a real port, with a real SMTP
// server: a company registers in e-Net保証 → the surety approves it in /staff → the company sets
// its password from the email → applies for 前払金保証 to 日田市 with 電子交付 → the surety
// examines and concludes → the contractor opens the certificate, displays the 認証キー and
// downloads the notice PDF → 日田市 types number and key (full-width, with spaces) into D-Sure →
// the contractor asks for an increase (増額) from the certificate screen → the surety concludes it
// → 日田市 sees version 2 and what changed (old → new).
// Every page visited is screenshotted (test-results/journey/NN-step.png) and checked with axe-core:
// no serious or critical violation.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PDFParse } from 'pdf-parse';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { HITA_CITY_POLICY } from '../../src/domain/index.ts';
import { runAxe, seriousViolations, type AxeReport } from '../support/axe.ts';
import { createOrganisation, createUser } from '../support/factories.ts';
import { TEST_RESULTS_DIR } from '../support/paths.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { validCorporateNumber } from '../enet/helpers.ts';

const RESULTS = join(TEST_RESULTS_DIR, 'journey');
let t: TestContext;
let smtp: TestSmtp;
let browser: Browser;
let baseUrl: string;
const reports: { step: string; report: AxeReport }[] = [];
let staffAfterChange = '';
let step = 0;

before(async () => {
  smtp = await startTestSmtp();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.stop();
});

/** A person's browser (bypassCSP only so that axe-core can be injected; the app's pages are unchanged). */
async function person(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', bypassCSP: true, acceptDownloads: true });
  return { context, page: await context.newPage() };
}

/** The screenshot of this step and its accessibility check. */
async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('load');
  step++;
  const stepName = `${String(step).padStart(2, '0')}-${name}`;
  await page.screenshot({ path: join(RESULTS, `${stepName}.png`), fullPage: true });
  const report = await runAxe(page);
  reports.push({ step: stepName, report });
  const serious = seriousViolations(report);
  assert.deepEqual(
    serious.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => `${n.target} ${n.html}`).join(' | ')}`),
    [],
    `${stepName} (${report.url}) has no serious or critical accessibility violation`,
  );
}

async function signIn(page: Page, url: string, loginId: string, password: string) {
  await page.goto(`${baseUrl}${url}`);
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL(`${baseUrl}${url}`);
}

/** 全角 letters and digits, the way a number or key is sometimes typed in Japan. */
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

async function pdfText(path: string): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(readFileSync(path)) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

test('the journey across the three portals, in Chromium, with screenshots and axe-core on every page', async () => {
  // The demo seed's shape: 日田市 with its policy, 西日本建設業保証 (WJ), their users.
  const hita = await createOrganisation(t.db, 'orderer', { code: HITA_CITY_POLICY.ordererCode, name: '日田市' });
  await t.db.insertInto('orderer_policies').values({ orderer_id: hita.id, policy: JSON.stringify(HITA_CITY_POLICY) }).execute();
  const wj = await createOrganisation(t.db, 'surety', { code: 'WJ', name: '西日本建設業保証株式会社' });
  await t.db.updateTable('organisations').set({ address: '大阪府大阪市西区立売堀2丁目1番2号', representative: '代表取締役社長 保証 太郎' }).where('id', '=', wj.id).execute();
  const approver = await createUser(t.db, wj, 'surety_approver');
  const keiyaku = await createUser(t.db, hita, 'orderer_viewer', { email: 'keiyaku@city.hita.example' });
  const company = { name: '株式会社三隈川建設', email: 'tanaka@mikumagawa.example', password: 'mikuma-2026-secure' };

  // ---- e-Net保証: 利用者登録 ----------------------------------------------------------------
  const contractor = await person();
  const page = contractor.page;
  await page.goto(`${baseUrl}/enet/login`);
  await shot(page, 'enet-login');
  await page.getByRole('link', { name: '利用者登録' }).click();
  await page.getByLabel('商号').fill(company.name);
  await page.getByLabel('法人番号').fill(validCorporateNumber());
  await page.getByLabel('所在地').fill('大分県日田市隈2丁目3番4号');
  await page.getByLabel('代表者').fill('代表取締役 三隈 一郎');
  await page.getByLabel('担当者').fill('田中 花子');
  await page.getByLabel('メールアドレス').fill(company.email);
  await page.getByLabel('電話番号').fill('0973-24-0000');
  await shot(page, 'enet-register');
  await page.getByRole('button', { name: '登録を申請する' }).click();
  await page.getByRole('heading', { name: '利用者登録の申請を受け付けました' }).waitFor();
  await shot(page, 'enet-registered');

  // ---- /staff: 利用者登録の承認 -------------------------------------------------------------
  const staff = await person();
  await signIn(staff.page, '/staff/registrations', approver.login_id, approver.password);
  await shot(staff.page, 'staff-registrations');
  await staff.page.getByRole('button', { name: `${company.name}の登録を承認する` }).click();
  await staff.page.getByText('登録を承認し、パスワード設定のご案内メールを送信しました。').waitFor();
  await shot(staff.page, 'staff-registration-approved');

  // ---- the activation email, through the real SMTP server ---------------------------------
  const delivered = await t.deliverMail();
  assert.equal(delivered.failed, 0);
  const mail = await smtp.waitFor((m) => m.subject === '【e-Net保証】パスワード設定のご案内');
  const link = /http:\/\/localhost:3000(\/enet\/activate\/[A-Za-z0-9_-]+)/.exec(mail.text ?? '');
  const loginId = /お客様ID（ログインID）：(\S+)/.exec(mail.text ?? '')?.[1];
  assert.ok(link && loginId, mail.text);
  assert.equal((mail.to as { text: string }).text, company.email);
  await page.goto(`${baseUrl}${link[1]}`);
  await page.locator('#field-password').fill(company.password);
  await page.locator('#field-passwordConfirmation').fill(company.password);
  await shot(page, 'enet-activate');
  await page.getByRole('button', { name: 'パスワードを設定する' }).click();
  await page.getByRole('heading', { name: 'パスワードを設定しました' }).waitFor();
  await shot(page, 'enet-activated');
  await page.getByRole('link', { name: 'ログイン画面へ' }).click();
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('パスワード').fill(company.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('heading', { name: 'e-Net保証 ホーム' }).waitFor();
  await shot(page, 'enet-home');

  // ---- 保証申込: 前払金保証, 日田市, 電子交付 -----------------------------------------------
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '保証申込' }).click();
  await page.getByLabel('発注者を検索').fill('日田');
  await page.getByRole('button', { name: '検索', exact: true }).click();
  assert.equal(await page.getByLabel('発注者').locator('option:checked').textContent(), '日田市');
  await page.getByLabel('契約の区分').selectOption({ label: '工事' });
  await page.getByLabel('当初契約日').fill('2026-10-01');
  await page.getByLabel('保証の種類').selectOption({ label: '前払金保証' });
  await page.getByRole('button', { name: '電子交付の可否を確認する' }).click();
  await page.getByRole('heading', { name: '電子交付：選択できます' }).waitFor();
  await shot(page, 'enet-apply-basics');
  await page.getByRole('button', { name: '次へ（契約の内容）' }).click();
  await page.getByLabel('工事名').fill('市道三本松線道路改良工事');
  await page.getByLabel('工事場所').fill('日田市三本松1丁目地内');
  await page.getByLabel('請負代金額').fill('１２，３４０，０００');
  await page.getByLabel('工期（自）').fill('2026-10-02');
  await page.getByLabel('工期（至）').fill('2027-03-19');
  await page.getByLabel('前払金額（保証金額）').fill('4,900,000');
  await page.getByLabel('保証期間（至）＝保証期限').fill('2027-03-19');
  await page.getByLabel('連絡事項').fill('前払金の請求は12月中を予定しています。');
  await page.getByLabel('電子交付を希望する').check();
  await page.getByLabel('日田市からのお知らせを確認しました').check();
  await shot(page, 'enet-apply-contract');
  await page.getByRole('button', { name: '次へ（入力内容の確認）' }).click();
  await page.getByRole('heading', { name: '保証申込 入力内容の確認' }).waitFor();
  const confirmation = await page.locator('table.application-content').innerText();
  for (const expected of ['日田市', '令和8年10月1日', '前払金保証', '金12,340,000円', '金4,900,000円', '電子交付を希望する']) {
    assert.ok(confirmation.includes(expected), `the confirmation shows ${expected}`);
  }
  await shot(page, 'enet-apply-confirm');
  await page.getByRole('button', { name: 'この内容で申し込む' }).click();
  await page.getByText('保証申込を受け付けました。').waitFor();
  await shot(page, 'enet-apply-submitted');
  const applicationId = /applications\/([0-9a-f-]{36})/.exec(page.url())![1]!;

  // ---- /staff: 審査 → 保証契約締結 -----------------------------------------------------------
  await staff.page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '審査一覧' }).click();
  await staff.page.locator(`a[href="/staff/applications/${applicationId}"]`).waitFor();
  await shot(staff.page, 'staff-queue');
  await staff.page.locator(`a[href="/staff/applications/${applicationId}"]`).click();
  await staff.page.getByRole('button', { name: '審査を開始する（審査中にする）' }).click();
  await staff.page.getByText('審査を開始しました').waitFor();
  await shot(staff.page, 'staff-examination');
  await staff.page.getByRole('button', { name: /保証契約を締結する/ }).click();
  await staff.page.waitForURL(/\/staff\/guarantees\/[0-9a-f-]{36}\?notice=concluded$/);
  const number = (await staff.page.locator('h1').innerText()).replace('保証契約', '').trim();
  assert.match(number, /^WJ-2026-\d{6}-\d{2}$/);
  await shot(staff.page, 'staff-concluded');

  // the notice mail 「電子証書・認証キー登録のお知らせ」 (the key itself is not mailed)
  await t.deliverMail();
  const notice = await smtp.waitFor((m) => (m.subject ?? '').includes('電子証書・認証キー登録のお知らせ'));
  assert.ok((notice.text ?? '').includes(number), 'the notice names the number');
  assert.equal((notice.to as { text: string }).text, company.email);

  // ---- e-Net保証: 電子証書の確認 → 「認証キー」の表示 → お知らせPDF ----------------------------
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '電子証書の確認' }).click();
  await shot(page, 'enet-certificates');
  await page.getByRole('link', { name: number }).click();
  await page.waitForURL(`${baseUrl}/enet/certificates/${number}`);
  const certificate = await page.locator('main').innerText();
  for (const expected of ['前払金保証', '日田市', '金4,900,000円', '市道三本松線道路改良工事']) assert.ok(certificate.includes(expected), `the certificate shows ${expected}`);
  await shot(page, 'enet-certificate');
  await page.getByRole('button', { name: '「認証キー」の表示' }).click();
  await page.getByRole('heading', { name: '「認証キー」の表示' }).waitFor();
  const key = [...(await page.locator('.key-group').allInnerTexts())].join('-');
  assert.match(key, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
  await shot(page, 'enet-authentication-key');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /認証キー」等のお知らせ』（PDF）をダウンロード/ }).click()]);
  const pdfPath = join(RESULTS, 'authentication-key-notice.pdf');
  await download.saveAs(pdfPath);
  const pdf = (await pdfText(pdfPath)).replace(/\s+/g, '');
  assert.ok(pdf.includes(number), 'the notice PDF carries the 保証契約番号');
  assert.ok(pdf.includes(key) || pdf.includes(key.replaceAll('-', '')), 'the notice PDF carries the 認証キー');

  // ---- D-Sure: 日田市 types the number and the key (full-width, with spaces) ----------------
  const orderer = await person();
  await signIn(orderer.page, '/dsure/view', keiyaku.login_id, keiyaku.password);
  await orderer.page.getByLabel('保証契約番号').fill(`　${fullWidth(number)} `);
  await orderer.page.getByLabel('認証キー').fill(` ${fullWidth(key).replaceAll('－', '　').toLowerCase()} `);
  await shot(orderer.page, 'dsure-key-entry');
  await orderer.page.getByRole('button', { name: '電子証書を表示する' }).click();
  await orderer.page.waitForURL(`${baseUrl}/dsure/certificates/${number}`);
  const v1 = await orderer.page.locator('main').innerText();
  for (const expected of [number, '前払金保証', '金4,900,000円', '株式会社三隈川建設']) assert.ok(v1.includes(expected), `D-Sure shows ${expected}`);
  await shot(orderer.page, 'dsure-certificate-v1');

  // ---- e-Net保証: 増額 from the certificate screen --------------------------------------------
  await page.goto(`${baseUrl}/enet/certificates/${number}`);
  await page.getByRole('link', { name: '変更・解約の申込み' }).click();
  await page.waitForURL(`${baseUrl}/enet/certificates/${number}/change`);
  await page.getByLabel('変更後の請負代金額').fill('１５，０００，０００');
  await page.getByLabel('変更契約日').fill('2026-11-25');
  await page.getByLabel('変更後の保証金額').fill('6,000,000');
  await page.getByLabel('変更の理由').fill('設計変更により請負代金額が増額となったため');
  await shot(page, 'enet-change-form');
  await page.getByRole('button', { name: '入力内容を確認する' }).click();
  await page.getByRole('heading', { name: '変更の申込み 入力内容の確認' }).waitFor();
  const changeConfirmation = await page.locator('main').innerText();
  assert.ok(changeConfirmation.includes('増額'));
  assert.match(changeConfirmation, /保証金額\s+金4,900,000円\s+金6,000,000円/);
  await shot(page, 'enet-change-confirm');
  await page.getByRole('button', { name: 'この内容で申し込む' }).click();
  await page.waitForURL(/\/enet\/applications\/[0-9a-f-]{36}\?done=submitted$/);
  const changeId = /applications\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  // the contractor reads that this is a change of its guarantee, not a new application
  await page.getByRole('heading', { name: '保証契約の変更の申込みの内容' }).waitFor();
  assert.match(await page.locator('main').innerText(), new RegExp(`保証契約番号 ${number}（第1版）の変更の申込みです。新しい保証の申込みではありません。`));
  await shot(page, 'enet-change-submitted');
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '申込一覧' }).click();
  assert.match(await page.locator('table.application-list').innerText(), /【変更・解約】市道三本松線道路改良工事/);
  await shot(page, 'enet-applications');

  // ---- /staff: the change is concluded (version 2) ------------------------------------------
  await staff.page.goto(`${baseUrl}/staff/applications`);
  await staff.page.locator(`a[href="/staff/applications/${changeId}"]`).click();
  await staff.page.getByRole('heading', { name: '変更の内容（第1版 → 第2版）' }).waitFor();
  await shot(staff.page, 'staff-change-examination');
  await staff.page.getByRole('button', { name: /変更を締結する/ }).click();
  await staff.page.getByText('締結しました。新しい版の電子証書を発行し').waitFor();
  await shot(staff.page, 'staff-change-concluded');
  staffAfterChange = await staff.page.locator('main').innerText();

  // ---- D-Sure: 日田市 sees version 2 and what changed ----------------------------------------
  await orderer.page.goto(`${baseUrl}/dsure/certificates`);
  const row = orderer.page.locator('tr', { hasText: number });
  assert.ok((await row.innerText()).includes('変更あり'), 'the list marks the certificate 変更あり');
  await shot(orderer.page, 'dsure-certificates-changed');
  await orderer.page.getByRole('link', { name: number }).click();
  await orderer.page.getByRole('heading', { name: '変更の内容（第1版 → 第2版）' }).waitFor();
  const v2 = await orderer.page.locator('main').innerText();
  assert.match(v2, /第2版/);
  assert.match(v2, /保証金額\s+金4,900,000円\s+金6,000,000円/);
  assert.match(v2, /請負代金額\s+金12,340,000円\s+金15,000,000円/);
  await shot(orderer.page, 'dsure-certificate-v2');

  await contractor.context.close();
  await staff.context.close();
  await orderer.context.close();

  // The control: axe-core does find what it must (an image without text, an empty button).
  const control = await person();
  await control.page.setContent('<!doctype html><html lang="ja"><head><title>対照</title></head><body><main><h1>対照</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button></main></body></html>');
  const found = seriousViolations(await runAxe(control.page)).map((v) => v.id);
  assert.ok(found.includes('image-alt') && found.includes('button-name'), `axe-core finds the planted violations: ${found.join(', ')}`);
  await control.context.close();

  const violations = reports.flatMap((r) => r.report.violations);
  const byImpact = (impact: string) => violations.filter((v) => v.impact === impact).length;
  console.log(
    `journey: ${reports.length} pages scanned by axe-core; violations: critical ${byImpact('critical')}, serious ${byImpact('serious')}, moderate ${byImpact('moderate')}, minor ${byImpact('minor')}`,
  );
  for (const r of reports) {
    const minor = r.report.violations.map((v) => `${v.impact}:${v.id}`).join(', ');
    if (minor) console.log(`  ${r.step}: ${minor}`);
  }
});

test(
  'after 変更の締結 the surety still sees what it concluded (old → new), not a request to change something',
  () => {
    assert.ok(staffAfterChange, 'the journey reached the concluded change');
    assert.doesNotMatch(staffAfterChange, /内容を確認できません|変更前後の内容を比べられません/);
    assert.match(staffAfterChange, /保証金額\s+金4,900,000円\s+金6,000,000円/);
  },
);
