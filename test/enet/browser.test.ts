// In real Chromium, end to end: a company registers, a surety user approves it in /staff,
// the activation email arrives at the in-test SMTP server, the company sets its password,
// logs in, applies for a 前払金保証 to 日田市 with 電子交付, and sees the confirmation screen
// (saved as test-results/enet/confirmation.png) before submitting.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { HITA_CITY_POLICY } from '../../src/domain/index.ts';
import { createOrganisation, createUser } from '../support/factories.ts';
import { TEST_RESULTS_DIR } from '../support/paths.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { startBrowserTest } from '../support/chromium.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { createOrdererWithPolicy, validCorporateNumber } from './helpers.ts';

const RESULTS_NAME = 'enet';
const RESULTS = join(TEST_RESULTS_DIR, RESULTS_NAME);
let t: TestContext;
let smtp: TestSmtp;
let browser: Browser;
let baseUrl: string;

before(async () => {
  smtp = await startTestSmtp();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  ({ browser, baseUrl } = await startBrowserTest(t, RESULTS_NAME));
});
after(async () => {
  await browser?.close();
  await t.close();
  await smtp.stop();
});

test('register → approve in /staff → activate from the email → apply with 電子交付 → confirmation → submitted', async () => {
  const surety = await createOrganisation(t.db, 'surety', { name: '西日本建設業保証株式会社' });
  const approver = await createUser(t.db, surety, 'surety_approver');
  await createOrdererWithPolicy(t.db);
  await createOrdererWithPolicy(t.db, { ...HITA_CITY_POLICY, ordererCode: '442011', ordererName: '大分市' });
  const company = { name: '株式会社三隈川建設', email: 'tanaka@mikumagawa.example' };

  // 1. 利用者登録 (public), reached from the login page.
  const contractor = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'ja-JP' });
  const page = await contractor.newPage();
  await page.goto(`${baseUrl}/enet/login`);
  await page.getByRole('link', { name: '利用者登録' }).click();
  await page.getByLabel('商号').fill(company.name);
  await page.getByLabel('法人番号').fill(validCorporateNumber());
  await page.getByLabel('所在地').fill('大分県日田市隈2丁目3番4号');
  await page.getByLabel('代表者').fill('代表取締役 三隈 一郎');
  await page.getByLabel('担当者').fill('田中 花子');
  await page.getByLabel('メールアドレス').fill(company.email);
  await page.getByLabel('電話番号').fill('0973-24-0000');
  await page.getByRole('button', { name: '登録を申請する' }).click();
  await page.getByRole('heading', { name: '利用者登録の申請を受け付けました' }).waitFor();

  // 2. A surety user approves it in /staff.
  const staffContext = await browser.newContext({ locale: 'ja-JP' });
  const staff = await staffContext.newPage();
  await staff.goto(`${baseUrl}/staff/registrations`);
  await staff.getByLabel('ログインID').fill(approver.login_id);
  await staff.getByLabel('パスワード').fill(approver.password);
  await staff.getByRole('button', { name: 'ログイン' }).click();
  await staff.waitForURL(`${baseUrl}/staff/registrations`);
  await staff.getByRole('button', { name: `${company.name}の登録を承認する` }).click();
  await staff.getByText('登録を承認し、パスワード設定のご案内メールを送信しました。').waitFor();
  await staffContext.close();

  // 3. The activation email, through the real SMTP server.
  assert.deepEqual(await t.deliverMail(), { sent: 2, failed: 0 }, 'the receipt and the activation mail');
  const mail = await smtp.waitFor((m) => m.subject === '【e-Net保証】パスワード設定のご案内');
  const link = /http:\/\/localhost:3000(\/enet\/activate\/[A-Za-z0-9_-]+)/.exec(mail.text ?? '');
  const loginId = /お客様ID（ログインID）：(\S+)/.exec(mail.text ?? '');
  assert.ok(link && loginId, mail.text);
  await page.goto(`${baseUrl}${link[1]}`);
  await page.locator('#field-password').fill('mikuma-2025-secure');
  await page.locator('#field-passwordConfirmation').fill('mikuma-2025-secure');
  await page.getByRole('button', { name: 'パスワードを設定する' }).click();
  await page.getByRole('heading', { name: 'パスワードを設定しました' }).waitFor();
  await page.getByRole('link', { name: 'ログイン画面へ' }).click();
  await page.getByLabel('ログインID').fill(loginId[1]!);
  await page.getByLabel('パスワード').fill('mikuma-2025-secure');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('heading', { name: 'e-Net保証 ホーム' }).waitFor();

  // 4. 保証申込 手順1: search the orderer, then see the eligibility for 電子交付.
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '保証申込' }).click();
  await page.getByLabel('発注者を検索').fill('日田');
  await page.getByRole('button', { name: '検索', exact: true }).click();
  assert.equal(await page.getByLabel('発注者').locator('option:checked').textContent(), '日田市');
  await page.getByLabel('契約の区分').selectOption({ label: '工事' });
  await page.getByLabel('当初契約日').fill('2024-09-30');
  await page.getByLabel('保証の種類').selectOption({ label: '前払金保証' });
  await page.getByRole('button', { name: '電子交付の可否を確認する' }).click();
  await page.getByRole('heading', { name: '電子交付：選択できません' }).waitFor();
  assert.ok((await page.locator('.eligibility').innerText()).includes('令和6年10月1日以降の契約が電子交付の対象です'));
  await page.screenshot({ path: join(RESULTS, 'eligibility-refused.png'), fullPage: true });
  await page.getByLabel('当初契約日').fill('2025-04-01');
  await page.getByRole('button', { name: '電子交付の可否を確認する' }).click();
  await page.getByRole('heading', { name: '電子交付：選択できます' }).waitFor();
  await page.getByRole('button', { name: '次へ（契約の内容）' }).click();

  // 手順2: the contract, 連絡事項, 電子交付を希望する, the orderer's notes confirmed.
  await page.getByLabel('工事名').fill('市道三本松線道路改良工事');
  await page.getByLabel('工事場所').fill('日田市三本松1丁目地内');
  await page.getByLabel('請負代金額').fill('１２，３４０，０００');
  await page.getByLabel('工期（自）').fill('2025-04-02');
  await page.getByLabel('工期（至）').fill('2026-03-19');
  await page.getByLabel('前払金額（保証金額）').fill('4,900,000');
  await page.getByLabel('保証期間（至）＝保証期限').fill('2026-03-19');
  await page.getByLabel('連絡事項').fill('前払金の請求は4月中を予定しています。');
  await page.getByLabel('電子交付を希望する').check();
  await page.getByLabel('日田市からのお知らせを確認しました').check();
  await page.screenshot({ path: join(RESULTS, 'contract.png'), fullPage: true });
  await page.getByRole('button', { name: '次へ（入力内容の確認）' }).click();

  // 手順3: the confirmation screen, in 和暦 and 金…円.
  await page.getByRole('heading', { name: '保証申込 入力内容の確認' }).waitFor();
  const confirmation = await page.locator('table.application-content').innerText();
  for (const expected of ['日田市', '令和7年4月1日', '前払金保証', '金12,340,000円', '令和7年4月2日から令和8年3月19日まで', '金4,900,000円', '電子交付を希望する']) {
    assert.ok(confirmation.includes(expected), `the confirmation shows ${expected}`);
  }
  await page.screenshot({ path: join(RESULTS, 'confirmation.png'), fullPage: true });

  // 手順4: submit.
  await page.getByRole('button', { name: 'この内容で申し込む' }).click();
  await page.getByText('保証申込を受け付けました。').waitFor();
  assert.ok((await page.locator('main').innerText()).includes('申込済'));
  await page.screenshot({ path: join(RESULTS, 'submitted.png'), fullPage: true });
  await contractor.close();
});
