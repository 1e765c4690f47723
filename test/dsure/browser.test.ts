// In real Chromium: an orderer signs in, types the 保証契約番号 and a 認証キー with full-width
// characters and spaces, sees the certificate with the result of its signature check, and the
// page prints without the menu and the buttons. Screenshots: test-results/dsure/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createOrganisation, createUser } from '../support/factories.ts';
import { TEST_RESULTS_DIR } from '../support/paths.ts';
import { startBrowserTest } from '../support/chromium.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { depositNew, makeIssuer, registerIssuer } from './fixtures.ts';
import { fullWidthWithSpaces } from './helpers.ts';

const RESULTS_NAME = 'dsure';
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

test('the orderer types the key in full width with spaces and sees the verified certificate', async () => {
  const issuer = makeIssuer();
  await registerIssuer(t.db, issuer, t.now());
  const hita = await createOrganisation(t.db, 'orderer', { name: '日田市' });
  const user = await createUser(t.db, hita, 'orderer_viewer');
  const cert = await depositNew(t.db, t.secrets, issuer, { ordererCode: hita.code, ordererName: '日田市' }, t.now());

  const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'ja-JP' });
  try {
    await page.goto(`${baseUrl}/dsure/view?number=${encodeURIComponent(cert.number)}`);
    await page.getByLabel('ログインID').fill(user.login_id);
    await page.getByLabel('パスワード').fill(user.password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.waitForURL(/\/dsure\/view\?number=/);

    const number = page.getByLabel('保証契約番号');
    assert.equal(await number.inputValue(), cert.number, 'prefilled from the QR code link');
    const typed = fullWidthWithSpaces(cert.key);
    const key = page.getByLabel('認証キー');
    await key.fill(typed);
    await key.dispatchEvent('change');
    // app.js normalises as people type: half width, upper case, the spaces gone
    assert.equal(await key.inputValue(), cert.key.replaceAll('-', ''));
    await page.screenshot({ path: join(RESULTS, 'key-entry.png'), fullPage: true });
    await page.getByRole('button', { name: '電子証書を表示する' }).click();
    await page.waitForURL(`${baseUrl}/dsure/certificates/${cert.number}`);

    await page.getByRole('heading', { name: '署名の検証結果：有効' }).waitFor();
    const text = await page.locator('main').innerText();
    assert.ok(text.includes('保証証書（前払金保証）'));
    assert.ok(text.includes('金12,300,000円'));
    assert.ok(text.includes('令和9年3月25日'));
    assert.ok(text.includes(issuer.key.keyId.slice(0, 16)), 'the key id');
    await page.screenshot({ path: join(RESULTS, 'certificate.png'), fullPage: true });

    // printing: the menu and the buttons are gone, the certificate and the signature result stay
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-nav').isVisible(), false);
    assert.equal(await page.locator('.actions').first().isVisible(), false);
    assert.equal(await page.getByRole('heading', { name: '署名の検証結果：有効' }).isVisible(), true);
    await page.screenshot({ path: join(RESULTS, 'certificate-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', path: join(RESULTS, 'certificate-print.pdf') });
    assert.ok(pdf.subarray(0, 4).toString() === '%PDF');
    await page.emulateMedia({ media: 'screen' });

    // the list, and what a wrong key looks like
    await page.getByRole('link', { name: '電子証書一覧', exact: true }).click();
    await page.getByRole('link', { name: cert.number }).waitFor();
    await page.screenshot({ path: join(RESULTS, 'list.png'), fullPage: true });
    await page.goto(`${baseUrl}/dsure/view`);
    await page.getByLabel('保証契約番号').fill(cert.number);
    await page.getByLabel('認証キー').fill('abcd-efgh');
    await page.getByRole('button', { name: '電子証書を表示する' }).click();
    await page.getByText('入力内容に誤りがあります（1件）').waitFor();
    await page.screenshot({ path: join(RESULTS, 'key-entry-error.png'), fullPage: true });
  } finally {
    await page.close();
  }
});
