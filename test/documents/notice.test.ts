import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAuthenticationKey } from '../../src/domain/identifiers.ts';
import { renderAuthenticationKeyNoticePdf, submissionInstruction } from '../../src/documents/index.ts';
import { AUTHENTICATION_KEY, noticeData } from './fixtures.ts';
import { decodeQrCode, pdfText, renderFirstPage } from './helpers.ts';

test('the notice shows the number, the key exactly, and the guarantee it opens', async () => {
  const data = noticeData();
  assert.equal(parseAuthenticationKey(AUTHENTICATION_KEY), AUTHENTICATION_KEY, 'the fixture key is a valid key');
  const pdf = await renderAuthenticationKeyNoticePdf(data);
  const { text, pages } = await pdfText(pdf);
  assert.equal(pages.length, 1, 'the notice fits on one A4 page');
  for (const line of [
    '電子証書閲覧用「認証キー」等のお知らせ',
    '日田市 御中',
    `保証契約番号 ${data.guaranteeContractNumber}`,
    `認証キー ${AUTHENTICATION_KEY}`,
    '保証の種類 前払金保証',
    '発注者 日田市（契約検査室）',
    `工事名 ${data.workName}`,
    '受注者 株式会社三隈建設',
    '保証金額 金12,300,000円',
    '発行日 令和6年10月21日',
    'https://dsure.example.jp/dsure',
    'D-Sure（発注者用保証確認サービス）',
    'このお知らせを印刷し、\n日田市 契約検査室へ持参またはFAXで提出してください。',
    '詳しくは日田市 契約検査室（0973-00-0000）にお問い合わせください。',
  ]) {
    assert.ok(text.includes(line), `missing: ${line}\n---\n${text}`);
  }
});

test('the QR code on the notice decodes to the D-Sure form URL with the number', async () => {
  const data = noticeData();
  const png = renderFirstPage(await renderAuthenticationKeyNoticePdf(data), 'authentication-key-notice');
  const decoded = decodeQrCode(png);
  assert.equal(decoded, data.dsure.viewUrl);
  assert.equal(decoded, `https://dsure.example.jp/dsure/view?number=${data.guaranteeContractNumber}`);
});

test('the QR code follows the data: another number, another URL', async () => {
  const data = noticeData({
    guaranteeContractNumber: 'WJ-2025-000042-00',
    dsure: { serviceUrl: 'https://verify.example.org/dsure', viewUrl: 'https://verify.example.org/dsure/view?number=WJ-2025-000042-00' },
  });
  const pdf = await renderAuthenticationKeyNoticePdf(data);
  assert.equal(decodeQrCode(renderFirstPage(pdf, 'authentication-key-notice-2')), data.dsure.viewUrl);
  assert.ok((await pdfText(pdf)).text.includes('保証契約番号 WJ-2025-000042-00'));
});

test('a long work name and another orderer policy still fit, with the key whole', async () => {
  const data = noticeData({
    guaranteeType: 'contract_performance',
    orderer: { name: '大分県', section: '土木建築部 建設政策課' },
    workName: '一般国道212号 日田拡幅 道路改良工事（その3）及び附帯する排水構造物設置工事並びに仮設工',
    submission: { channels: ['持参', 'FAX', 'メール'], receivingSection: '大分県 土木建築部 建設政策課' },
  });
  const pdf = await renderAuthenticationKeyNoticePdf(data);
  renderFirstPage(pdf, 'authentication-key-notice-long');
  const { text, pages } = await pdfText(pdf);
  assert.equal(pages.length, 1);
  assert.ok(text.includes(`認証キー ${AUTHENTICATION_KEY}`));
  assert.ok(text.includes('保証の種類 契約保証'));
  assert.ok(text.includes('大分県 土木建築部 建設政策課へ持参、FAXまたはメールで提出してください。'), text);
});

test('the submission instruction reads naturally for each policy', () => {
  const section = '日田市 契約検査室';
  assert.equal(submissionInstruction({ channels: ['持参', 'FAX'], receivingSection: section }), '日田市 契約検査室へ持参またはFAXで提出してください。');
  assert.equal(submissionInstruction({ channels: ['持参'], receivingSection: section }), '日田市 契約検査室へ持参してください。');
  assert.equal(submissionInstruction({ channels: ['メール'], receivingSection: section }), '日田市 契約検査室へメールで提出してください。');
  assert.equal(submissionInstruction({ channels: [], receivingSection: section }), '日田市 契約検査室へ提出してください。');
});
