// 電子証書の確認 in e-Net保証 (STEP 3 and 4): the list, the certificate screen, 「認証キー」の表示,
// paper deliveries, another company's URLs (404), the audit log and the lookup throttle.
// Guarantees are made by the real conclusion use case; the orderer views through the real D-Sure.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkAuthenticationKey } from '../../src/issuance/authentication-keys.ts';
import { CERTIFICATE_LOOKUP_RULE } from '../../src/enet/certificates/lookup-throttle.ts';
import { createUser } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { CONTRACT_GUARANTEE, concluded, createWorld, keyOnPage, type Concluded, type World } from './fixtures.ts';

let t: TestContext;
let world: World;
let advance: Concluded; // 前払金保証, 日田市, electronic (the oldest)
let contract: Concluded; // 契約保証, 中津市, electronic
let paper: Concluded; // 前払金保証, 日田市, paper
let expired: Concluded; // 前払金保証, 日田市, guarantee period ended 2026-11-20 (newest)
let rivals: Concluded; // the other company's
let browser: TestBrowser;
let rivalBrowser: TestBrowser;

const page = async (b: TestBrowser, url: string) => {
  const res = await b.get(url);
  assert.equal(res.statusCode, 200, `${url} → ${res.statusCode}`);
  return { res, text: visibleText(res.body) };
};

before(async () => {
  t = await createTestContext();
  world = await createWorld(t);
  advance = await concluded(t, world);
  t.clock.advance(60_000);
  contract = await concluded(t, world, { orderer: world.other, overrides: { ...CONTRACT_GUARANTEE, work_name: '中津市公共下水道管渠布設工事' } });
  t.clock.advance(60_000);
  paper = await concluded(t, world, { overrides: { delivery: 'paper', work_name: '日田市立小学校屋内運動場改修工事' } });
  t.clock.advance(60_000);
  expired = await concluded(t, world, {
    overrides: { work_name: '市道港町線舗装補修工事', period_start: '2026-10-16', period_end: '2026-11-20', guarantee_period_start: '2026-10-16', guarantee_period_end: '2026-11-20', contract_price: 5_000_000, guaranteed_amount: 2_000_000 },
  });
  rivals = await concluded(t, world, { contractor: world.rival, overrides: { work_name: '他社の工事' } });
  browser = new TestBrowser(t.app, '10.1.0.1');
  await browser.login('enet', world.contractor.user.login_id, world.contractor.user.password);
  rivalBrowser = new TestBrowser(t.app, '10.1.0.2');
  await rivalBrowser.login('enet', world.rival.user.login_id, world.rival.user.password);
});
after(() => t.close());

const auditEvents = (action: string) => t.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();

describe('電子証書の確認: the list', () => {
  test('the menu leads to 電子証書の確認, and the list shows the company’s contracts newest first', async () => {
    const home = await page(browser, '/enet');
    assert.match(home.res.body, /<a href="\/enet\/certificates">電子証書の確認<\/a>/);
    const { res, text } = await page(browser, '/enet/certificates');
    const order = [...res.body.matchAll(/<a href="\/enet\/certificates\/([^"?]+)">/g)].map((m) => decodeURIComponent(m[1]!));
    assert.deepEqual(order, [expired.number, paper.number, contract.number, advance.number]);
    assert.ok(text.includes('4件'));
    for (const expected of ['前払金保証', '契約保証', '日田市', '中津市', '市道田島線道路改良工事', '金12,300,000円', '金3,080,000円', '令和8年10月16日', '令和9年3月19日', '電子交付', '書面', '有効', '期間満了']) {
      assert.ok(text.includes(expected), `missing ${expected}`);
    }
    assert.ok(!text.includes(rivals.number) && !text.includes('他社の工事'), 'another company’s contract is not listed');
  });

  test('another company sees only its own contract', async () => {
    const { text } = await page(rivalBrowser, '/enet/certificates');
    assert.ok(text.includes(rivals.number));
    for (const n of [advance.number, contract.number, paper.number, expired.number]) assert.ok(!text.includes(n));
    assert.ok(!text.includes('中津市'), 'the orderer filter offers only the company’s own orderers');
  });

  test('filters by type, orderer and status (each status shown is the one asked for)', async () => {
    const numbersOf = (html: string) => [...html.matchAll(/<a href="\/enet\/certificates\/([^"?]+)">/g)].map((m) => decodeURIComponent(m[1]!)).sort();
    const byType = await page(browser, '/enet/certificates?type=contract_performance');
    assert.deepEqual(numbersOf(byType.res.body), [contract.number]);
    assert.match(byType.res.body, /<option value="contract_performance" selected>契約保証<\/option>/);

    const byOrderer = await page(browser, `/enet/certificates?orderer=${world.other.organisation.id}`);
    assert.deepEqual(numbersOf(byOrderer.res.body), [contract.number]);

    const valid = await page(browser, '/enet/certificates?status=valid');
    assert.deepEqual(numbersOf(valid.res.body), [advance.number, contract.number, paper.number].sort());
    assert.ok(!valid.res.body.includes('">期間満了</span>'), 'no 期間満了 badge among the valid ones');

    const gone = await page(browser, '/enet/certificates?status=expired');
    assert.deepEqual(numbersOf(gone.res.body), [expired.number]);
    assert.match(gone.res.body, /<span class="status status--neutral">期間満了<\/span>/);

    const none = await page(browser, '/enet/certificates?status=cancelled');
    assert.deepEqual(numbersOf(none.res.body), []);
    assert.ok(none.text.includes('条件に合う保証契約はありません。'));

    const combined = await page(browser, `/enet/certificates?type=advance_payment&orderer=${world.hita.organisation.id}&status=valid`);
    assert.deepEqual(numbersOf(combined.res.body), [advance.number, paper.number].sort());
  });

  test('a filter that is not one of the options is refused in Japanese, with the values kept (400, not 500)', async () => {
    const res = await browser.get('/enet/certificates?type=bid_bond&status=valid&orderer=%27%3B--');
    assert.equal(res.statusCode, 400);
    const text = visibleText(res.body);
    assert.ok(text.includes('入力内容に誤りがあります（2件）'));
    assert.ok(text.includes('保証の種類は一覧から選んでください。'));
    assert.ok(text.includes('発注者は一覧から選んでください。'));
    assert.match(res.body, /<option value="valid" selected>有効<\/option>/);
  });

  test('pages: past the last page leads back to the last one; a page that is not a number is refused', async () => {
    const beyond = await browser.get('/enet/certificates?type=advance_payment&page=3');
    assert.equal(beyond.statusCode, 303);
    assert.equal(beyond.headers.location, '/enet/certificates?type=advance_payment');
    const bad = await browser.get('/enet/certificates?page=0');
    assert.equal(bad.statusCode, 400);
    assert.ok(visibleText(bad.body).includes('ページの指定が正しくありません。'));
  });
});

describe('the certificate screen', () => {
  test('shows everything a paper certificate shows, its status, signature and the print button', async () => {
    const { res, text } = await page(browser, `/enet/certificates/${advance.number}`);
    const row = await t.db.selectFrom('certificates').selectAll().where('guarantee_id', '=', advance.guaranteeId).executeTakeFirstOrThrow();
    const expectations = [
      '保証証書（前払金保証）',
      `種類 前払金保証`,
      `保証契約番号 ${advance.number}`,
      '保証事業会社 西日本建設業保証株式会社',
      `保証契約者（受注者） ${world.contractor.organisation.name}`,
      '被保証者（発注者） 日田市（契約検査室）',
      '工事名 市道田島線道路改良工事',
      '工事場所 大分県日田市田島二丁目地内',
      '請負代金額 金30,800,000円',
      '保証金額 金12,300,000円',
      '保証期間 自 令和8年10月16日 至 令和9年3月19日',
      '工期 自 令和8年10月16日 至 令和9年3月19日',
      '契約日 令和8年10月15日',
      '発行日 令和8年11月27日',
      '版 第1版',
      '約款 西日本建設業保証株式会社の前払金保証約款による。請負契約の約款はR6.10.1以降の「日田市公共工事請負契約約款」による。',
      '状態：有効',
      '署名の検証 有効',
      `署名鍵ID ${row.key_id}`,
      `内容ハッシュ（SHA-256） ${row.content_hash}`,
      '【重要】この画面を印刷して、「発注者」へご提出ください。',
    ];
    for (const expected of expectations) assert.ok(text.includes(expected), `missing: ${expected}`);
    assert.match(res.body, /<button type="button" class="button" data-print>印刷する<\/button>/);
    assert.match(res.body, /<link rel="stylesheet" href="\/enet\/certificates\/certificate.css"\/>/);
    const form = /<form method="post" action="\/enet\/certificates\/([^"]+)\/authentication-key" class="inline-form"><input type="hidden" name="_csrf" value="[^"]+"\/>/.exec(res.body);
    assert.equal(form?.[1], advance.number, 'the key is displayed by a POST form with the CSRF token');
    for (const link of [`certificate.pdf?version=1`, `customer-copy.pdf?version=1`]) assert.ok(res.body.includes(`/enet/certificates/${advance.number}/${link}`), link);
    assert.match(res.body, new RegExp(`/enet/certificates/${advance.number}/fee-statements/[0-9a-f-]{36}`));
    assert.ok(text.includes('閲覧履歴 まだ発注者による閲覧はありません。'));
    const css = await browser.get('/enet/certificates/certificate.css');
    assert.equal(css.statusCode, 200);
    assert.match(css.body, /@media print/);
  });

  test('閲覧履歴: after the orderer enters the number and key in D-Sure, the screen shows when and which orderer', async () => {
    const keyPage = await browser.post(`/enet/certificates/${advance.number}/authentication-key`);
    const key = keyOnPage(keyPage.body)!;
    const ordererUser = await createUser(t.db, world.hita.organisation, 'orderer_viewer');
    const orderer = new TestBrowser(t.app, '10.1.0.3');
    await orderer.login('dsure', ordererUser.login_id, ordererUser.password);
    await orderer.get(`/dsure/view?number=${advance.number}`);
    const entered = await orderer.post('/dsure/view', { number: advance.number, key });
    assert.equal(entered.statusCode, 303, 'D-Sure accepts the key shown in e-Net保証');
    const { res, text } = await page(browser, `/enet/certificates/${advance.number}`);
    assert.ok(text.includes('閲覧履歴'));
    assert.match(visibleText(res.body), /令和8年11月27日 \d\d:\d\d 日田市 認証キーの確認（一覧へ登録） 第1版/);
  });

  test('a number typed in full width or lower case leads to the canonical address', async () => {
    const typed = advance.number.toLowerCase().replace(/-/g, 'ー');
    const res = await browser.get(`/enet/certificates/${encodeURIComponent(typed)}`);
    assert.equal(res.statusCode, 301);
    assert.equal(res.headers.location, `/enet/certificates/${advance.number}`);
  });

  test('a paper delivery says the certificate is on paper and offers no key and no certificate PDF', async () => {
    const { res, text } = await page(browser, `/enet/certificates/${paper.number}`);
    assert.ok(text.includes('この保証契約の保証証書は書面で交付します（電子証書ではありません）。'));
    assert.ok(text.includes('書面交付のため、認証キーはありません。'));
    assert.ok(!res.body.includes('/authentication-key"'), 'no key button');
    assert.ok(!res.body.includes('data-print'), 'no print button: the paper certificate is the one to hand over');
    assert.ok(!res.body.includes('/certificate.pdf'), 'no certificate PDF');
    assert.ok(res.body.includes('/customer-copy.pdf') && res.body.includes('/fee-statements/'), 'customer copy and fee statement remain');
    assert.ok(!text.includes('閲覧履歴'), 'not in D-Sure, so no viewing history');
    const key = await browser.post(`/enet/certificates/${paper.number}/authentication-key`);
    assert.equal(key.statusCode, 404);
    assert.ok(visibleText(key.body).includes('書面で交付する保証契約のため、認証キーはありません。'));
    const pdf = await browser.get(`/enet/certificates/${paper.number}/certificate.pdf`);
    assert.equal(pdf.statusCode, 404);
    const notice = await browser.post(`/enet/certificates/${paper.number}/authentication-key-notice.pdf`);
    assert.equal(notice.statusCode, 404);
  });
});

describe('「認証キー」の表示', () => {
  test('shows the real key in groups of four, with the orderer’s submission instruction, never cached', async () => {
    await browser.get(`/enet/certificates/${advance.number}`);
    const before = (await auditEvents('authentication_key.displayed')).length;
    const res = await browser.post(`/enet/certificates/${advance.number}/authentication-key`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const key = keyOnPage(res.body);
    assert.ok(key, 'five groups of four characters');
    assert.match(key, /^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/);
    const stored = await t.db.selectFrom('guarantees').select('authentication_key_hmac').where('id', '=', advance.guaranteeId).executeTakeFirstOrThrow();
    assert.ok(checkAuthenticationKey(t.secrets, stored.authentication_key_hmac!, key), 'the key shown is the guarantee’s key');
    const text = visibleText(res.body);
    assert.ok(text.includes(`保証契約番号 ${advance.number}`));
    assert.ok(text.includes('日田市 契約検査室へ持参またはFAXで提出してください。'));
    assert.ok(text.includes('前払金保証の「認証キー等のお知らせ」を印刷し、持参またはFAXで日田市 契約検査室へ提出してください。'));
    assert.ok(text.includes('ご提出方法の詳細は、日田市 契約検査室にご確認ください。'));
    assert.match(res.body, new RegExp(`<form method="post" action="/enet/certificates/${advance.number}/authentication-key-notice.pdf" class="actions"><input type="hidden" name="_csrf"`));
    assert.ok(text.includes('『電子証書閲覧用「認証キー」等のお知らせ』（PDF）をダウンロード'));
    const events = await auditEvents('authentication_key.displayed');
    assert.equal(events.length, before + 1);
    const event = events.at(-1)!;
    assert.equal(event.actor_user_id, world.contractor.user.id);
    assert.equal(event.actor_organisation_id, world.contractor.organisation.id);
    assert.equal(event.subject_id, advance.guaranteeId);
    assert.deepEqual(event.data, { guaranteeContractNumber: advance.number });
  });

  test('another orderer’s policy gives its own channel and section (中津市: メール, 契約検査課)', async () => {
    const res = await browser.post(`/enet/certificates/${contract.number}/authentication-key`);
    const text = visibleText(res.body);
    assert.ok(text.includes('中津市 契約検査課へメールで提出してください。'), text);
    assert.ok(!text.includes('持参'));
    assert.ok(text.includes('中津市からのお知らせ 認証キー等のお知らせは、件名を【電子保証】として契約検査課へメールで提出してください。'));
  });

  test('only by POST with the CSRF token; a GET leads back to the certificate screen', async () => {
    const forged = await browser.post(`/enet/certificates/${advance.number}/authentication-key`, {}, { csrf: null });
    assert.equal(forged.statusCode, 403);
    assert.equal(keyOnPage(forged.body), null);
    const get = await browser.get(`/enet/certificates/${advance.number}/authentication-key`);
    assert.equal(get.statusCode, 303);
    assert.equal(get.headers.location, `/enet/certificates/${advance.number}`);
  });

  test('a contractor member (not only the admin) may display the key', async () => {
    const member = await createUser(t.db, world.contractor.organisation, 'contractor_member');
    const b = new TestBrowser(t.app, '10.1.0.4');
    await b.login('enet', member.login_id, member.password);
    await b.get(`/enet/certificates/${advance.number}`);
    const res = await b.post(`/enet/certificates/${advance.number}/authentication-key`);
    assert.equal(res.statusCode, 200);
    assert.ok(keyOnPage(res.body));
  });
});

describe('another company’s certificate is not found', () => {
  test('its certificate screen, key, notice and every PDF answer 404, and nothing is recorded', async () => {
    const auditBefore = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const fee = await t.db.selectFrom('fee_statements').select('id').where('guarantee_id', '=', rivals.guaranteeId).executeTakeFirstOrThrow();
    const n = rivals.number;
    await browser.get('/enet/certificates');
    const attempts = [
      () => browser.get(`/enet/certificates/${n}`),
      () => browser.get(`/enet/certificates/${n}?version=1`),
      () => browser.post(`/enet/certificates/${n}/authentication-key`),
      () => browser.post(`/enet/certificates/${n}/authentication-key-notice.pdf`),
      () => browser.get(`/enet/certificates/${n}/certificate.pdf`),
      () => browser.get(`/enet/certificates/${n}/customer-copy.pdf?version=1`),
      () => browser.get(`/enet/certificates/${n}/fee-statements/${fee.id}`),
      // the company's own number with the other company's fee statement
      () => browser.get(`/enet/certificates/${advance.number}/fee-statements/${fee.id}`),
    ];
    for (const attempt of attempts) {
      const res = await attempt();
      assert.equal(res.statusCode, 404);
      assert.ok(visibleText(res.body).includes('お探しのページは見つかりませんでした'));
      assert.ok(!res.body.includes('他社の工事'));
    }
    const auditAfter = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(auditAfter.n), Number(auditBefore.n), 'no event for a refused lookup');
    // The owner still reaches it.
    assert.equal((await rivalBrowser.get(`/enet/certificates/${n}`)).statusCode, 200);
  });

  test('numbers that are not numbers, versions that do not exist: 404, never 500', async () => {
    for (const url of [
      '/enet/certificates/WJ-2026-000001-00',
      `/enet/certificates/${'9'.repeat(150)}`,
      '/enet/certificates/%E2%80%AE%00',
      `/enet/certificates/${advance.number}?version=7`,
      `/enet/certificates/${advance.number}?version=-1`,
      `/enet/certificates/${advance.number}/certificate.pdf?version=abc`,
      `/enet/certificates/${advance.number}/fee-statements/not-a-uuid`,
    ]) {
      const res = await browser.get(url);
      assert.equal(res.statusCode, 404, url);
    }
  });
});

describe('the lookup throttle', () => {
  test('a user who keeps asking for numbers that are not its own is stopped for a while (429), then let in again', async () => {
    const member = await createUser(t.db, world.rival.organisation, 'contractor_member');
    const prober = new TestBrowser(t.app, '10.1.0.5');
    await prober.login('enet', member.login_id, member.password);
    for (let i = 0; i < CERTIFICATE_LOOKUP_RULE.maxFailures; i++) {
      assert.equal((await prober.get(`/enet/certificates/${advance.number}`)).statusCode, 404);
    }
    const locked = await prober.get(`/enet/certificates/${rivals.number}`);
    assert.equal(locked.statusCode, 429);
    assert.ok(visibleText(locked.body).includes('電子証書の表示を一時的に停止しています'));
    // Others are not affected.
    assert.equal((await rivalBrowser.get(`/enet/certificates/${rivals.number}`)).statusCode, 200);
    t.clock.advance((CERTIFICATE_LOOKUP_RULE.lockSeconds + 1) * 1000);
    assert.equal((await prober.get(`/enet/certificates/${rivals.number}`)).statusCode, 200);
  });
});
