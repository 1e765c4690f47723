// The certificate view: fields in 和暦 and 金…円, status (有効, 変更あり, 解約, 期間満了), version
// history, the signature check done now, downloads; another orderer gets 404.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { PDFParse } from 'pdf-parse';
import { issuerJwks } from '../../src/dsure/issuer-keys.ts';
import { depositCertificate } from '../../src/dsure/intake.ts';
import { verifyCertificate } from '../../src/signing/index.ts';
import { visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { depositNew, makeIssuer, nextVersion, registerIssuer, sign } from './fixtures.ts';
import { enterKey, ordererWithBrowser } from './helpers.ts';

let t: TestContext;
const issuer = makeIssuer();

before(async () => {
  t = await createTestContext({ now: new Date('2026-11-27T10:00:00+09:00') });
  await registerIssuer(t.db, issuer, t.now());
});
after(() => t.close());

type Orderer = Awaited<ReturnType<typeof ordererWithBrowser>>;

async function registeredCertificate(orderer: Orderer, options: { guaranteePeriodEnd?: string } = {}) {
  const cert = await depositNew(t.db, t.secrets, issuer, { ordererCode: orderer.organisation.code, ordererName: orderer.organisation.name, ...options }, t.now());
  const res = await enterKey(orderer.browser, cert.number, cert.key);
  assert.equal(res.statusCode, 303);
  return cert;
}

const statusOf = (html: string) => /状態：<span class="status[^"]*">([^<]+)<\/span>/.exec(html)?.[1];

describe('the certificate page', () => {
  test('shows every field in 和暦 and 金…円, the issuer and a valid signature with key id and content hash', async () => {
    const orderer = await ordererWithBrowser(t, { name: '日田市' });
    const cert = await registeredCertificate(orderer);
    const page = await orderer.browser.get(`/dsure/certificates/${cert.number}`);
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    for (const expected of [
      '保証の種類 前払金保証',
      `保証契約番号 ${cert.number}`,
      '発行日 令和8年10月21日',
      '保証金額 金12,300,000円',
      '保証期間 令和8年10月15日 から 令和9年3月25日 まで',
      '保証契約者（受注者） 株式会社三隈建設',
      '被保証者（発注者） 日田市 契約検査室',
      '工事名 市道三隈川右岸線道路改良工事（第2工区）',
      '工事場所 日田市大字友田 地内',
      '契約区分 工事',
      '請負代金額 金30,850,000円',
      '工期 令和8年10月16日 から 令和9年3月25日 まで',
      '保証事業会社 西日本建設業保証株式会社',
      '署名の検証結果：有効',
    ]) {
      assert.ok(text.includes(expected), `shows 「${expected}」`);
    }
    assert.equal(statusOf(page.body), '有効');
    assert.ok(text.replaceAll(' ', '').includes(issuer.key.keyId), 'the key id');
    assert.ok(text.replaceAll(' ', '').includes(cert.signed.signature.contentHash), 'the content hash');
    assert.match(page.body, /data-print/, 'a print button');
    assert.ok(!/\d{4}-\d{2}-\d{2}/.test(text.replace(cert.number, '')), 'no ISO dates on the page');
  });

  test("another orderer's registered certificate by URL is 404, and so is a number that is not a number", async () => {
    const hita = await ordererWithBrowser(t, { name: '日田市' });
    const kusu = await ordererWithBrowser(t, { name: '玖珠町' });
    const cert = await registeredCertificate(hita);
    const theirs = await registeredCertificate(kusu);
    for (const url of [`/dsure/certificates/${cert.number}`, `/dsure/certificates/${cert.number}/certificate.json`, `/dsure/certificates/${cert.number}/certificate.pdf`]) {
      const res = await kusu.browser.get(url);
      assert.equal(res.statusCode, 404, url);
      assert.ok(!res.body.includes('三隈'), 'nothing of the certificate leaks');
    }
    assert.equal((await kusu.browser.get(`/dsure/certificates/${theirs.number}`)).statusCode, 200);
    assert.equal((await kusu.browser.get('/dsure/certificates/not-a-number')).statusCode, 404);
    const list = visibleText((await kusu.browser.get('/dsure/certificates')).body);
    assert.ok(!list.includes(cert.number) && list.includes(theirs.number));
  });

  test('a new version after the last opening shows 変更あり once, with the history of versions', async () => {
    const orderer = await ordererWithBrowser(t);
    const cert = await registeredCertificate(orderer);
    await orderer.browser.get(`/dsure/certificates/${cert.number}`);

    const v2 = nextVersion(cert.content, { guaranteedAmount: 15_000_000, issueDate: '2026-12-01', change: { kind: 'increase', reason: '変更契約による増額', effectiveDate: '2026-12-01' } });
    await depositCertificate(t.db, t.secrets, { signed: sign(issuer, v2), authenticationKey: cert.key }, t.now());

    const list = visibleText((await orderer.browser.get('/dsure/certificates?status=changed')).body);
    assert.ok(list.includes(cert.number), 'the list flags it as 変更あり');

    const page = await orderer.browser.get(`/dsure/certificates/${cert.number}`);
    assert.equal(statusOf(page.body), '変更あり');
    const text = visibleText(page.body);
    assert.ok(text.includes('前回の閲覧（第1版）の後に、新しい版（第2版）が発行されています'));
    assert.ok(text.includes('保証金額 金15,000,000円'));
    assert.ok(text.includes('第2版（表示中） 令和8年12月1日 増額'));
    assert.ok(text.includes('第1版 令和8年10月21日 当初'));
    const compact = text.replaceAll(' ', '');
    assert.ok(compact.includes(cert.signed.signature.contentHash) && compact.includes(sign(issuer, v2).signature.contentHash), 'both content hashes');

    assert.equal(statusOf((await orderer.browser.get(`/dsure/certificates/${cert.number}`)).body), '有効', 'seen: back to 有効');
    const first = visibleText((await orderer.browser.get(`/dsure/certificates/${cert.number}?version=1`)).body);
    assert.ok(first.includes('表示しているのは第1版です') && first.includes('保証金額 金12,300,000円'));
    assert.equal((await orderer.browser.get(`/dsure/certificates/${cert.number}?version=9`)).statusCode, 404);
  });

  test('a cancellation shows 解約', async () => {
    const orderer = await ordererWithBrowser(t);
    const cert = await registeredCertificate(orderer);
    const v2 = nextVersion(cert.content, { cancelled: true, issueDate: '2026-11-27', change: { kind: 'cancellation', reason: '契約解除', effectiveDate: '2026-11-27' } });
    await depositCertificate(t.db, t.secrets, { signed: sign(issuer, v2), authenticationKey: cert.key }, t.now());
    const page = await orderer.browser.get(`/dsure/certificates/${cert.number}`);
    assert.equal(statusOf(page.body), '解約');
    assert.ok(visibleText(page.body).includes('この保証契約は解約されています'));
  });

  test('期間満了 is computed from the guarantee period end and today in Japan (the last day is still 有効)', async () => {
    const orderer = await ordererWithBrowser(t);
    const cert = await registeredCertificate(orderer, { guaranteePeriodEnd: '2026-11-30' });
    const url = `/dsure/certificates/${cert.number}`;
    assert.equal(statusOf((await orderer.browser.get(url)).body), '有効');

    t.clock.set(new Date('2026-11-30T23:50:00+09:00')); // the last day, late evening in Japan
    await orderer.browser.login('dsure', orderer.user.login_id, orderer.user.password);
    assert.equal(statusOf((await orderer.browser.get(url)).body), '有効');

    t.clock.set(new Date('2026-12-01T00:10:00+09:00')); // still 30 November in UTC, already 1 December in Japan
    const page = await orderer.browser.get(url);
    assert.equal(statusOf(page.body), '期間満了');
    assert.ok(visibleText(page.body).includes('保証期間（令和8年11月30日まで）が満了しています'));
    assert.ok(visibleText((await orderer.browser.get('/dsure/certificates?status=expired')).body).includes(cert.number));
    t.clock.set(new Date('2026-11-27T10:00:00+09:00'));
  });

  test('a certificate altered in the database shows a red warning instead of a valid signature', async () => {
    const orderer = await ordererWithBrowser(t);
    const cert = await registeredCertificate(orderer);
    await sql`update dsure_certificates set content = jsonb_set(content, '{guaranteedAmount}', '99000000') where guarantee_contract_number = ${cert.number}`.execute(t.db);
    const page = await orderer.browser.get(`/dsure/certificates/${cert.number}`);
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    assert.ok(text.includes('署名の検証結果：確認できません'));
    assert.ok(text.includes('内容が改ざんされているおそれがあります'));
    assert.ok(!text.includes('署名の検証結果：有効'));
    assert.match(page.body, /<section class="error-summary" role="alert"/);
  });
});

describe('downloads', () => {
  test('the signed certificate as JSON: an attachment that verifies against the issuer keys', async () => {
    const orderer = await ordererWithBrowser(t);
    const cert = await registeredCertificate(orderer);
    const res = await orderer.browser.get(`/dsure/certificates/${cert.number}/certificate.json`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.match(String(res.headers['content-disposition']), new RegExp(`^attachment; filename="${cert.number}_v1.json"; filename\\*=UTF-8''`));
    const signed: unknown = JSON.parse(res.body);
    const result = verifyCertificate(signed, await issuerJwks(t.db, issuer.code));
    assert.deepEqual(result, { valid: true, keyId: issuer.key.keyId, contentHash: cert.signed.signature.contentHash });
    assert.deepEqual(signed, cert.signed, 'exactly what the issuer signed');
  });

  test('the PDF of the certificate', async () => {
    const orderer = await ordererWithBrowser(t);
    const cert = await registeredCertificate(orderer);
    const res = await orderer.browser.get(`/dsure/certificates/${cert.number}/certificate.pdf`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /^attachment; /);
    const parser = new PDFParse({ data: new Uint8Array(res.rawPayload) });
    try {
      const text = (await parser.getText()).text.replace(/\s+/g, '');
      assert.ok(text.includes(cert.number), 'the number in the PDF');
      assert.ok(text.includes('金12,300,000円'));
      assert.ok(text.includes('有効'));
    } finally {
      await parser.destroy();
    }
  });
});
