// In real Chromium: an approver signs in to the back office, finds the application in the queue,
// reads the examination and double-clicks 保証契約を締結する; one guarantee exists, and its page
// shows the 保証契約番号 and a valid signature. Screenshots: test-results/staff/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { TEST_RESULTS_DIR } from '../support/paths.ts';
import { startBrowserTest } from '../support/chromium.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { createScene } from '../issuance/fixtures.ts';

const RESULTS_NAME = 'staff';
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

test('an approver concludes from the queue with a double click: one guarantee, its number on screen', async () => {
  const scene = await createScene(t.db);
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, locale: 'ja-JP' });
  try {
    await page.goto(`${baseUrl}/staff/applications`);
    await page.getByLabel('ログインID').fill(scene.surety.approver.login_id);
    await page.getByLabel('パスワード').fill(scene.surety.approver.password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.waitForURL(`${baseUrl}/staff/applications`);
    await page.getByRole('link', { name: '市道田島線道路改良工事' }).click();
    await page.waitForURL(`${baseUrl}/staff/applications/${scene.application.id}`);
    await page.getByRole('heading', { name: '電子交付の可否' }).waitFor();
    const main = await page.locator('main').innerText();
    assert.ok(main.includes('電子交付の対象です'));
    assert.ok(main.includes('金12,300,000円'));
    await page.screenshot({ path: join(RESULTS, 'examination.png'), fullPage: true });

    await page.getByRole('button', { name: /保証契約を締結する/ }).dblclick();
    const guarantee = await (async () => {
      for (let waited = 0; waited < 30_000; waited += 20) {
        const row = await t.db.selectFrom('guarantees').select(['id', 'guarantee_contract_number']).where('application_id', '=', scene.application.id).executeTakeFirst();
        if (row) return row;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('the conclusion never committed');
    })();
    // Whichever response the browser shows last (the guarantee page or "already concluded"), it names the number.
    await page.getByText(guarantee.guarantee_contract_number).first().waitFor();
    await page.waitForLoadState('load');
    await page.goto(`${baseUrl}/staff/guarantees/${guarantee.id}`);
    const text = await page.locator('main').innerText();
    assert.ok(text.includes(`保証契約 ${guarantee.guarantee_contract_number}`));
    assert.ok(text.includes('有効'));
    assert.ok(text.includes('発行済み（受注者が e-Net保証で表示します。この画面には表示しません）'));
    await page.screenshot({ path: join(RESULTS, 'guarantee.png'), fullPage: true });

    const all = await t.db.selectFrom('guarantees').select('id').where('application_id', '=', scene.application.id).execute();
    assert.equal(all.length, 1, 'a double click makes one guarantee');
    const certificates = await t.db.selectFrom('certificates').select('id').where('guarantee_id', '=', guarantee.id).execute();
    assert.equal(certificates.length, 1);
  } finally {
    await page.close();
  }
});
