// In real Chromium: the contractor submits its guarantee electronically from the certificate
// screen; the orderer finds it under 受付（電子提出）, accepts it and sees the verified certificate
// without typing a key; the contractor then reads 閲覧済. The orderer's administrator issues an
// API token on API連携. Every screen passes axe-core (no serious or critical violation).
// Screenshots: test-results/submission/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createOrderer } from '../issuance/fixtures.ts';
import { createUser } from '../support/factories.ts';
import { ROOT, TEST_RESULTS_DIR } from '../support/paths.ts';
import { startBrowserTest } from '../support/chromium.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { concluded, createWorld } from '../enet-certificates/fixtures.ts';

const RESULTS_NAME = 'submission';
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

/** axe-core on the page as it is (the context bypasses the CSP only so that axe can be injected). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: join(ROOT, 'node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

async function signIn(page: Page, portal: 'enet' | 'dsure', loginId: string, password: string) {
  await page.goto(`${baseUrl}/${portal}/login`);
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL(`${baseUrl}/${portal}`);
}

test('電子提出 → 受付 → 閲覧済, in Chromium, every screen accessible', async () => {
  const world = await createWorld(t);
  const beppu = await createOrderer(t.db, { ordererName: '別府市', submissionChannels: ['electronic', 'in_person'], receivingSections: { advance_payment: '財政課' } });
  const guarantee = await concluded(t, world, { orderer: beppu, overrides: { work_name: '別府市道北浜線舗装工事' } });
  const ordererUser = await createUser(t.db, beppu.organisation, 'orderer_admin');

  const contractorContext = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'ja-JP', bypassCSP: true });
  const ordererContext = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'ja-JP', bypassCSP: true });
  try {
    const contractor = await contractorContext.newPage();
    await signIn(contractor, 'enet', world.contractor.user.login_id, world.contractor.user.password);
    await contractor.goto(`${baseUrl}/enet/certificates/${guarantee.number}`);
    await contractor.getByRole('link', { name: '発注者へ電子提出する' }).click();
    await contractor.waitForURL(`${baseUrl}/enet/certificates/${guarantee.number}/submission`);
    assert.ok((await contractor.locator('main').innerText()).includes('別府市 財政課'));
    assert.deepEqual(await seriousViolations(contractor), [], 'the submission form');

    // Forgetting the confirmation: the error is announced and next to the box, the note kept.
    await contractor.getByLabel('発注者への連絡事項').fill('前払金請求書は郵送します。');
    await contractor.getByRole('button', { name: '電子提出する' }).click();
    await contractor.getByRole('alert').getByText('提出する内容を確認し、チェックを入れてください。').waitFor();
    assert.equal(await contractor.getByLabel('発注者への連絡事項').inputValue(), '前払金請求書は郵送します。');
    assert.deepEqual(await seriousViolations(contractor), [], 'the form with its error');
    await contractor.getByRole('checkbox').check();
    await contractor.getByRole('button', { name: '電子提出する' }).click();
    await contractor.getByText('電子提出しました').waitFor();
    await contractor.screenshot({ path: join(RESULTS, 'contractor-submitted.png'), fullPage: true });

    const orderer = await ordererContext.newPage();
    await signIn(orderer, 'dsure', ordererUser.login_id, ordererUser.password);
    await orderer.getByRole('link', { name: '受付（電子提出）' }).click();
    await orderer.getByRole('link', { name: guarantee.number }).waitFor();
    assert.deepEqual(await seriousViolations(orderer), [], 'the inbox');
    await orderer.screenshot({ path: join(RESULTS, 'inbox.png'), fullPage: true });
    await orderer.getByRole('link', { name: guarantee.number }).click();
    await orderer.getByText('前払金請求書は郵送します。').waitFor();
    assert.deepEqual(await seriousViolations(orderer), [], 'the submission in the inbox');
    await orderer.screenshot({ path: join(RESULTS, 'inbox-detail.png'), fullPage: true });
    await orderer.getByRole('button', { name: '受け付ける（電子証書一覧に登録する）' }).click();
    await orderer.waitForURL(`${baseUrl}/dsure/certificates/${guarantee.number}`);
    await orderer.getByRole('heading', { name: '署名の検証結果：有効' }).waitFor();
    const certificate = await orderer.locator('main').innerText();
    assert.ok(certificate.includes('別府市道北浜線舗装工事') && certificate.includes('金12,300,000円'));

    await contractor.reload();
    await contractor.getByText('閲覧済').first().waitFor();
    await contractor.screenshot({ path: join(RESULTS, 'contractor-viewed.png'), fullPage: true });

    // API連携: the administrator issues a token; it is shown once.
    await orderer.getByRole('link', { name: 'API連携' }).click();
    assert.deepEqual(await seriousViolations(orderer), [], 'API連携');
    await orderer.getByLabel('トークンの名前').fill('財務会計システム連携');
    await orderer.getByRole('button', { name: 'APIトークンを発行する' }).click();
    const token = (await orderer.locator('code.revealed-value').innerText()).trim();
    assert.match(token, /^dhk_[A-Za-z0-9_-]{43}$/);
    await orderer.screenshot({ path: join(RESULTS, 'api-token.png'), fullPage: true });
    const res = await fetch(`${baseUrl}/api/v1/certificates`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { items: { guaranteeContractNumber: string }[] };
    assert.deepEqual(body.items.map((i) => i.guaranteeContractNumber), [guarantee.number], 'the token sees the accepted certificate');
  } finally {
    await contractorContext.close();
    await ordererContext.close();
  }
});
