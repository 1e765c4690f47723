// The certificate screen in a real browser: a contractor logs in, opens 電子証書の確認, clicks its
// 保証契約番号, and prints. The print of this screen is the 保証証書 handed to the orderer, so it
// must be ONE clean A4 page: the certificate, its version and content hash; no menus, buttons,
// downloads or viewing history. Chromium's page.pdf({ format: 'A4' }) is the printer here.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pdfPageSizes, pdfText } from '../documents/helpers.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { CONTRACT_GUARANTEE, concluded, createWorld, renderFirstPage, RESULTS_DIR, type Concluded, type World } from './fixtures.ts';

let t: TestContext;
let world: World;
let advance: Concluded;
let long: Concluded;
let origin: string;
let browser: Browser;
let page: Page;

before(async () => {
  t = await createTestContext();
  world = await createWorld(t);
  advance = await concluded(t, world);
  t.clock.advance(60_000);
  // A long one: the longest names people write, and a 契約保証 to another orderer.
  long = await concluded(t, world, {
    orderer: world.other,
    overrides: {
      ...CONTRACT_GUARANTEE,
      work_name: '一般国道212号 日田拡幅 道路改良工事（その3）及び附帯する排水構造物設置工事並びに仮設工・交通安全施設工・舗装工・区画線工',
      work_site: '大分県日田市大字友田字上ノ原地内から同市大字渡里字下河原地内まで（延長1,250メートル）',
    },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address() as { port: number };
  origin = `http://127.0.0.1:${address.port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  page = await browser.newPage();
  await page.goto(`${origin}/enet/login`);
  await page.fill('#field-loginId', world.contractor.user.login_id);
  await page.fill('#field-password', world.contractor.user.password);
  await Promise.all([page.waitForURL(`${origin}/enet`), page.click('form[action="/enet/login"] button[type="submit"]')]);
});
after(async () => {
  await browser?.close();
  await t.close();
});

async function printed(number: string, name: string) {
  await page.goto(`${origin}/enet/certificates`);
  await Promise.all([page.waitForURL(`${origin}/enet/certificates/${number}`), page.click(`a[href="/enet/certificates/${number}"]`)]);
  assert.equal(await page.locator('h1').innerText(), long.number === number ? '保証証書（契約保証）' : '保証証書（前払金保証）');
  assert.equal(await page.locator('[data-print]').count(), 1, 'a print button');
  const pdf = await page.pdf({ format: 'A4' });
  renderFirstPage(pdf, name);
  const { text, pages } = await pdfText(pdf);
  // Chromium maps some CJK glyphs of Noto Sans CJK to Kangxi radicals (⼦ for 子): NFKC reads them as people do.
  return { pdf, text: text.normalize('NFKC'), pages, sizes: await pdfPageSizes(pdf) };
}

test('the certificate screen prints on exactly one A4 page, with the certificate and nothing else', async () => {
  const { text, pages, sizes } = await printed(advance.number, 'certificate-screen-print');
  assert.equal(pages.length, 1, `one page, got ${pages.length}`);
  assert.ok(Math.abs(sizes[0]!.width - 595.28) < 1 && Math.abs(sizes[0]!.height - 841.89) < 1, `A4: ${JSON.stringify(sizes[0])}`);
  const row = await t.db.selectFrom('certificates').select(['content_hash']).where('guarantee_id', '=', advance.guaranteeId).executeTakeFirstOrThrow();
  const flat = text.replace(/\s+/g, '');
  for (const expected of ['保証証書（前払金保証）', advance.number, '金30,800,000円', '金12,300,000円', '令和8年10月16日', '令和9年3月19日', '令和8年11月27日', '第1版', '保証したことを証します', row.content_hash]) {
    assert.ok(flat.includes(expected.normalize('NFKC').replace(/\s+/g, '')), `printed page misses ${expected}\n---\n${text}`);
  }
  for (const absent of ['ログアウト', '電子証書の確認（一覧）へ戻る', '印刷する', '「認証キー」の表示', '書類のダウンロード', '閲覧履歴', '申込一覧', '【重要】']) {
    assert.ok(!text.includes(absent.normalize('NFKC')), `printed page shows ${absent}`);
  }
});

test('the 印刷する button opens the browser’s print dialog', async () => {
  await page.goto(`${origin}/enet/certificates/${advance.number}`);
  await page.evaluate(() => {
    const w = window as unknown as { printed: number; print: () => void };
    w.printed = 0;
    w.print = () => {
      w.printed++;
    };
  });
  await page.click('button[data-print]');
  assert.equal(await page.evaluate(() => (window as unknown as { printed: number }).printed), 1);
});

test('the longest names still print on one page', async () => {
  const { text, pages } = await printed(long.number, 'certificate-screen-print-long');
  assert.equal(pages.length, 1, `one page, got ${pages.length}`);
  assert.ok(text.replace(/\s+/g, '').includes('区画線工'), 'the whole work name is printed');
});

test('the key page shows the key large, in five groups of four', async () => {
  await page.goto(`${origin}/enet/certificates/${advance.number}`);
  await Promise.all([page.waitForURL(`${origin}/enet/certificates/${advance.number}/authentication-key`), page.click('button:has-text("「認証キー」の表示")')]);
  const groups = await page.locator('.key-group').allInnerTexts();
  assert.equal(groups.length, 5);
  for (const group of groups) assert.match(group, /^[0-9A-Z]{4}$/);
  const fontSize = await page.locator('.key-display').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(fontSize >= 32, `the key is large (${fontSize}px)`);
  assert.ok((await page.locator('body').innerText()).includes('日田市 契約検査室へ持参またはFAXで提出してください。'));
  await page.screenshot({ path: join(RESULTS_DIR, 'authentication-key-page.png'), fullPage: true });
});
