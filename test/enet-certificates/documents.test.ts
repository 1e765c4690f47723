// The documents a contractor downloads from 電子証書の確認, read back as a person would read
// them: the text of each PDF (pdf-parse), page 1 as a picture (pdftoppm, kept under
// test-results/enet-certificates/), the notice's QR code (jsQR). The 認証キー is on the notice
// only — never in the certificate, the customer copy, the fee statement or any email.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { FeeBreakdown } from '../../src/domain/index.ts';
import { formatYen } from '../../src/domain/index.ts';
import { decodeQrCode, pdfPageSizes, pdfText } from '../documents/helpers.ts';
import { TestBrowser } from '../support/http.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { CONTRACT_GUARANTEE, concluded, createWorld, keyOnPage, renderFirstPage, type Concluded, type World } from './fixtures.ts';

let t: TestContext;
let smtp: TestSmtp;
let world: World;
let advance: Concluded;
let contract: Concluded;
let paper: Concluded;
let browser: TestBrowser;
let key: string; // the 認証キー of `advance`, as displayed

before(async () => {
  smtp = await startTestSmtp();
  t = await createTestContext({ env: { SMTP_URL: smtp.url, BASE_URL: 'https://hosho.example.jp' } });
  world = await createWorld(t);
  advance = await concluded(t, world);
  contract = await concluded(t, world, { orderer: world.other, overrides: { ...CONTRACT_GUARANTEE, work_name: '中津市公共下水道管渠布設工事' } });
  paper = await concluded(t, world, { overrides: { delivery: 'paper' } });
  browser = new TestBrowser(t.app, '10.2.0.1');
  await browser.login('enet', world.contractor.user.login_id, world.contractor.user.password);
  await browser.get(`/enet/certificates/${advance.number}`);
  key = keyOnPage((await browser.post(`/enet/certificates/${advance.number}/authentication-key`)).body)!;
  assert.ok(key);
});
after(async () => {
  await t.close();
  await smtp.stop();
});

/** The pieces of a PDF download as a browser sees them, checked for what every download must carry. */
async function download(res: LightMyRequestResponse, expected: { ascii: RegExp; japanese: string }) {
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  assert.equal(res.headers['content-type'], 'application/pdf');
  assert.equal(res.headers['cache-control'], 'no-store');
  const disposition = String(res.headers['content-disposition']);
  const ascii = /filename="([^"]+)"/.exec(disposition)?.[1] ?? '';
  assert.match(ascii, /^[\x20-\x7e]+$/, 'the fallback name is ASCII');
  assert.match(ascii, expected.ascii);
  const star = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '';
  assert.match(star, /^[A-Za-z0-9%!#$&+\-.^_`|~]+$/, 'filename* is RFC 5987 (percent-encoded UTF-8)');
  assert.equal(decodeURIComponent(star), expected.japanese);
  const pdf = res.rawPayload;
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  for (const size of await pdfPageSizes(pdf)) {
    assert.ok(Math.abs(size.width - 595.28) < 0.5 && Math.abs(size.height - 841.89) < 0.5, `A4: ${JSON.stringify(size)}`);
  }
  const raw = pdf.toString('latin1');
  assert.match(raw, /\/BaseFont \/[A-Z]{6}\+NotoSerifJP-Regular/, 'Noto Serif JP embedded as a subset');
  assert.match(raw, /\/FontFile2 /);
  assert.doesNotMatch(raw, /\/Helvetica/, 'no other font');
  return { pdf, ...(await pdfText(pdf)) };
}

const withoutHyphens = (s: string) => s.replaceAll('-', '');

function assertNoKey(text: string, what: string) {
  assert.ok(!text.includes(key), `${what} must not carry the 認証キー`);
  assert.ok(!text.replace(/\s+/g, '').includes(withoutHyphens(key)), `${what} must not carry the 認証キー, even without hyphens`);
}

const events = (action: string, subjectId?: string) =>
  t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .$if(subjectId !== undefined, (q) => q.where('subject_id', '=', subjectId as string))
    .orderBy('seq')
    .execute();

describe('『電子証書閲覧用「認証キー」等のお知らせ』', () => {
  test('carries the number, the exact key, the guarantee, the D-Sure address and the orderer’s instruction', async () => {
    const before = (await events('authentication_key_notice.downloaded')).length;
    await browser.post(`/enet/certificates/${advance.number}/authentication-key`);
    const res = await browser.post(`/enet/certificates/${advance.number}/authentication-key-notice.pdf`);
    const { pdf, text, pages } = await download(res, { ascii: new RegExp(`^authentication-key-notice_${advance.number}\\.pdf$`), japanese: `認証キー等のお知らせ_${advance.number}.pdf` });
    assert.equal(pages.length, 1, 'one A4 page');
    for (const line of [
      '電子証書閲覧用「認証キー」等のお知らせ',
      '日田市 御中',
      `保証契約番号 ${advance.number}`,
      `認証キー ${key}`,
      '保証の種類 前払金保証',
      '発注者 日田市（契約検査室）',
      '工事名 市道田島線道路改良工事',
      `受注者 ${world.contractor.organisation.name}`,
      '保証金額 金12,300,000円',
      '発行日 令和8年11月27日',
      'https://hosho.example.jp/dsure',
      '日田市 契約検査室へ持参またはFAXで提出してください。',
      'ご提出方法の詳細は、日田市 契約検査室にご確認ください。',
    ]) {
      assert.ok(text.includes(line), `missing: ${line}\n---\n${text}`);
    }
    const current = await t.db.selectFrom('certificates').select('content_hash').where('guarantee_id', '=', advance.guaranteeId).where('version', '=', 1).executeTakeFirstOrThrow();
    assert.match(text, new RegExp(`版: 第1版\\s内容ハッシュ\\(SHA-256\\): ${current.content_hash}`), 'footer: version and content hash');
    const qr = decodeQrCode(renderFirstPage(pdf, 'authentication-key-notice'));
    assert.equal(qr, `https://hosho.example.jp/dsure/view?number=${advance.number}`);
    const after = await events('authentication_key_notice.downloaded');
    assert.equal(after.length, before + 1, 'the download is in the audit log');
    assert.equal(after.at(-1)!.actor_user_id, world.contractor.user.id);
    assert.equal(after.at(-1)!.subject_id, advance.guaranteeId);
  });

  test('the QR code opens D-Sure’s form with the number filled in', async () => {
    const res = await browser.post(`/enet/certificates/${advance.number}/authentication-key-notice.pdf`);
    const url = new URL(decodeQrCode(renderFirstPage(res.rawPayload, 'authentication-key-notice-again'))!);
    // The same path on this app, as an orderer.
    const ordererBrowser = new TestBrowser(t.app, '10.2.0.9');
    const { createUser } = await import('../support/factories.ts');
    const orderer = await createUser(t.db, world.hita.organisation, 'orderer_viewer');
    await ordererBrowser.login('dsure', orderer.login_id, orderer.password);
    const form = await ordererBrowser.get(`${url.pathname}${url.search}`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(`name="number"[^>]*value="${advance.number}"|value="${advance.number}"[^>]*name="number"`));
  });

  test('another orderer’s notice follows its own policy (中津市: メール, 契約検査課)', async () => {
    const res = await browser.post(`/enet/certificates/${contract.number}/authentication-key-notice.pdf`);
    const { pdf, text } = await download(res, { ascii: /^authentication-key-notice_/, japanese: `認証キー等のお知らせ_${contract.number}.pdf` });
    renderFirstPage(pdf, 'authentication-key-notice-contract');
    assert.ok(text.includes('保証の種類 契約保証'));
    assert.ok(text.includes('中津市 契約検査課へメールで提出してください。'), text);
    assert.ok(text.includes('保証金額 金3,080,000円'));
  });
});

describe('保証証書, お客様控え and 保証料計算書', () => {
  test('the certificate PDF shows the contract exactly, with version and content hash, and no key', async () => {
    const row = await t.db.selectFrom('certificates').selectAll().where('guarantee_id', '=', advance.guaranteeId).executeTakeFirstOrThrow();
    const before = (await events('certificate.pdf_downloaded', row.id)).length;
    const res = await browser.get(`/enet/certificates/${advance.number}/certificate.pdf?version=1`);
    const { pdf, text, pages } = await download(res, { ascii: new RegExp(`^certificate_${advance.number}_v1\\.pdf$`), japanese: `保証証書_${advance.number}_第1版.pdf` });
    renderFirstPage(pdf, 'certificate');
    assert.equal(pages.length, 1);
    for (const line of [
      '保証証書（前払金保証）',
      `保証契約番号 ${advance.number}`,
      '請負代金額 金30,800,000円',
      '保証金額 金12,300,000円',
      '令和8年10月16日',
      '令和9年3月19日',
      '発行日 令和8年11月27日',
      '状態: 有効',
      '版: 第1版',
      row.content_hash,
    ]) {
      assert.ok(text.includes(line), `missing: ${line}\n---\n${text}`);
    }
    assertNoKey(text, 'the certificate PDF');
    assert.equal((await events('certificate.pdf_downloaded', row.id)).length, before + 1);
  });

  test('the customer copy is marked as such, with the same contract and no key', async () => {
    const res = await browser.get(`/enet/certificates/${advance.number}/customer-copy.pdf?version=1`);
    const { pdf, text } = await download(res, { ascii: /^customer-copy_.*_v1\.pdf$/, japanese: `お客様控え_${advance.number}_第1版.pdf` });
    renderFirstPage(pdf, 'customer-copy');
    for (const line of ['お客様控え', 'この書面はお客様の控えです。発注者へ提出する書類ではありません。', `保証契約番号 ${advance.number}`, '保証金額 金12,300,000円', '発行日 令和8年11月27日']) {
      assert.ok(text.includes(line), `missing: ${line}`);
    }
    assertNoKey(text, 'the customer copy');
    assert.equal((await events('customer_copy.downloaded')).length >= 1, true);
  });

  test('the fee statement shows its breakdown line by line and the total as stored', async () => {
    const fee = await t.db.selectFrom('fee_statements').selectAll().where('guarantee_id', '=', advance.guaranteeId).executeTakeFirstOrThrow();
    const breakdown = fee.breakdown as FeeBreakdown;
    const res = await browser.get(`/enet/certificates/${advance.number}/fee-statements/${fee.id}`);
    const { pdf, text } = await download(res, { ascii: new RegExp(`^fee-statement_${advance.number}\\.pdf$`), japanese: `保証料計算書_${advance.number}.pdf` });
    renderFirstPage(pdf, 'fee-statement');
    assert.ok(text.includes('保証料計算書'));
    assert.ok(text.includes(`保証契約番号 ${advance.number}`));
    assert.ok(text.includes(`${world.contractor.organisation.name} 御中`));
    assert.ok(text.includes('保証期間 自 令和8年10月16日 至 令和9年3月19日'), text);
    for (const line of breakdown.lines) assert.ok(text.includes(formatYen(line.amount)), `line ${line.label}`);
    assert.ok(text.includes(`保証料合計 ${formatYen(breakdown.total)} 非課税`), text);
    const certificate = await t.db.selectFrom('certificates').select(['content_hash']).where('id', '=', fee.certificate_id!).executeTakeFirstOrThrow();
    assert.match(text, new RegExp(`版: 第1版\\s内容ハッシュ\\(SHA-256\\): ${certificate.content_hash}`), 'footer: version and content hash');
    assert.equal(Number(fee.total), breakdown.total);
    assertNoKey(text, 'the fee statement');
    const recorded = await events('fee_statement.downloaded', fee.id);
    assert.equal(recorded.length, 1);
    assert.deepEqual((recorded[0]!.data as { total: number }).total, breakdown.total);
  });

  test('a paper delivery offers its customer copy and fee statement, not a certificate PDF', async () => {
    const fee = await t.db.selectFrom('fee_statements').select('id').where('guarantee_id', '=', paper.guaranteeId).executeTakeFirstOrThrow();
    await download(await browser.get(`/enet/certificates/${paper.number}/customer-copy.pdf`), { ascii: /^customer-copy_/, japanese: `お客様控え_${paper.number}_第1版.pdf` });
    await download(await browser.get(`/enet/certificates/${paper.number}/fee-statements/${fee.id}`), { ascii: /^fee-statement_/, japanese: `保証料計算書_${paper.number}.pdf` });
    assert.equal((await browser.get(`/enet/certificates/${paper.number}/certificate.pdf`)).statusCode, 404);
  });
});

describe('the key travels only on the notice', () => {
  test('no email carries the 認証キー; the contractor was told to log in and display it', async () => {
    const delivered = await t.deliverMail();
    assert.ok(delivered.sent >= 3, `sent ${delivered.sent}`);
    const notice = smtp.messages.find((m) => m.subject === '【電子保証】電子証書・認証キー登録のお知らせ' && (m.text ?? '').includes(advance.number));
    assert.ok(notice, 'the conclusion notice arrived');
    assert.ok((notice.text ?? '').includes('「電子証書の確認」'));
    assert.ok((notice.text ?? '').includes('https://hosho.example.jp/enet'));
    for (const message of smtp.messages) {
      const whole = `${message.subject}\n${message.text ?? ''}\n${typeof message.html === 'string' ? message.html : ''}`;
      assertNoKey(whole, `the email 「${message.subject}」`);
    }
  });

  test('the audit log holds every display and download, and never the key', async () => {
    const rows = await t.db.selectFrom('audit_log').selectAll().where('actor_organisation_id', '=', world.contractor.organisation.id).orderBy('seq').execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const action of ['authentication_key.displayed', 'authentication_key_notice.downloaded', 'certificate.pdf_downloaded', 'customer_copy.downloaded', 'fee_statement.downloaded']) {
      assert.ok(actions.has(action), `missing ${action}`);
    }
    const all = JSON.stringify(await t.db.selectFrom('audit_log').selectAll().execute());
    assertNoKey(all, 'the audit log');
  });
});
