// In real Chromium: the contractor follows 「変更・解約の申込み」 from its certificate screen, fills
// the amended contract (date pickers, typed amounts), confirms and submits; the approver finds the
// change in the work queue and double-clicks 変更を締結する (one version 2); the orderer opens the
// certificate in D-Sure and reads 変更あり and the changes old → new.
// Screenshots: test-results/lifecycle/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { TEST_RESULTS_DIR } from '../support/paths.ts';
import { startBrowserTest } from '../support/chromium.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { concluded, createWorld } from '../enet-certificates/fixtures.ts';
import { contractorBrowser, displayedKey, enterKey, ordererUser } from './helpers.ts';

const RESULTS_NAME = 'lifecycle';
const RESULTS = join(TEST_RESULTS_DIR, RESULTS_NAME);
let t: TestContext;
let browser: Browser;
let baseUrl: string;

before(async () => {
  t = await createTestContext();
  ({ browser, baseUrl } = await startBrowserTest(t, RESULTS_NAME));
});
after(async () => {
  await browser?.close();
  await t.close();
});

async function signIn(page: Page, url: string, user: { login_id: string; password: string }) {
  await page.goto(`${baseUrl}${url}`);
  await page.getByLabel('ログインID').fill(user.login_id);
  await page.getByLabel('パスワード').fill(user.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL(`${baseUrl}${url}`);
}

test('増額 in Chromium: contractor → surety (double click) → orderer', async () => {
  const world = await createWorld(t);
  const g = await concluded(t, world);
  const key = await displayedKey(await contractorBrowser(t, world.contractor), g.number);
  const orderer = await ordererUser(t, world.hita, 'keiyaku@city.hita.example');
  assert.equal((await enterKey(orderer.browser, g.number, key)).statusCode, 303);

  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, locale: 'ja-JP' });
  try {
    await signIn(page, `/enet/certificates/${g.number}`, world.contractor.user);
    await page.getByRole('link', { name: '変更・解約の申込み' }).click();
    await page.waitForURL(`${baseUrl}/enet/certificates/${g.number}/change`);
    await page.getByLabel('変更後の請負代金額').fill('３６，０００，０００');
    await page.getByLabel('変更契約日').fill('2026-11-25');
    await page.getByLabel('変更後の保証金額').fill('14,400,000');
    await page.getByLabel('変更の理由').fill('設計変更により請負代金額が増額となったため');
    await page.screenshot({ path: join(RESULTS, 'change-form.png'), fullPage: true });
    await page.getByRole('button', { name: '入力内容を確認する' }).click();
    await page.getByRole('heading', { name: '変更の申込み 入力内容の確認' }).waitFor();
    const confirmation = await page.locator('main').innerText();
    assert.ok(confirmation.includes('増額'));
    assert.match(confirmation, /保証金額\s+金12,300,000円\s+金14,400,000円/);
    await page.screenshot({ path: join(RESULTS, 'change-confirmation.png'), fullPage: true });
    await page.getByRole('button', { name: 'この内容で申し込む' }).click();
    await page.waitForURL(/\/enet\/applications\/[0-9a-f-]{36}\?done=submitted$/);
    const applicationId = /applications\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    assert.ok((await page.locator('main').innerText()).includes('保証申込を受け付けました'));

    await page.context().clearCookies();
    await signIn(page, '/staff/applications', world.surety.approver);
    await page.locator(`a[href="/staff/applications/${applicationId}"]`).click();
    await page.waitForURL(`${baseUrl}/staff/applications/${applicationId}`);
    await page.getByRole('heading', { name: '変更の内容（第1版 → 第2版）' }).waitFor();
    await page.screenshot({ path: join(RESULTS, 'staff-examination.png'), fullPage: true });
    await page.getByRole('button', { name: /変更を締結する/ }).dblclick();
    await page.getByText('締結しました。新しい版の電子証書を発行し').or(page.getByText('既に締結されています')).first().waitFor();
    await page.waitForLoadState('load');
    const versions = await t.db.selectFrom('certificates').select('version').where('guarantee_id', '=', g.guaranteeId).orderBy('version').execute();
    assert.deepEqual(versions.map((v) => v.version), [1, 2], 'a double click makes one version 2');

    await page.context().clearCookies();
    await signIn(page, '/dsure/certificates', orderer.user);
    const row = page.locator('tr', { hasText: g.number });
    assert.ok((await row.innerText()).includes('変更あり'));
    await page.getByRole('link', { name: g.number }).click();
    await page.getByRole('heading', { name: '変更の内容（第1版 → 第2版）' }).waitFor();
    const view = await page.locator('main').innerText();
    assert.match(view, /保証金額\s+金12,300,000円\s+金14,400,000円/);
    assert.match(view, /請負代金額\s+金30,800,000円\s+金36,000,000円/);
    await page.screenshot({ path: join(RESULTS, 'dsure-changes.png'), fullPage: true });
  } finally {
    await page.close();
  }
});
