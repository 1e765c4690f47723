import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatWareki, formatYen } from '../../src/domain/format.ts';
import { renderCertificatePdf, renderCustomerCopyPdf } from '../../src/documents/index.ts';
import { contentHash } from '../../src/signing/index.ts';
import { AUTHENTICATION_KEY, signedCertificate, signingKey } from './fixtures.ts';
import { occurrences, pdfPageSizes, pdfText, renderFirstPage } from './helpers.ts';

const KEY_SHAPE = /[34679ACDEFGHJKMNPQRTWXY]{4}(-[34679ACDEFGHJKMNPQRTWXY]{4}){4}/;

test('the certificate PDF shows every field of the content, exactly', async () => {
  const signed = signedCertificate();
  const { content } = signed;
  const pdf = await renderCertificatePdf(signed, { statusLabel: '有効' });
  renderFirstPage(pdf, 'certificate');
  const { text, pages } = await pdfText(pdf);
  assert.equal(pages.length, 1, 'a plain certificate fits on one A4 page');
  const expected = [
    '保証証書（前払金保証）',
    '状態: 有効',
    `種類 前払金保証`,
    `保証契約番号 ${content.guaranteeContractNumber}`,
    `保証事業会社 ${content.issuer.name}`,
    `保証契約者（受注者） ${content.contractor.name}`,
    `被保証者（発注者） ${content.orderer.name}（契約検査室）`,
    `工事名 ${content.work.name}`,
    `工事場所 ${content.work.site}`,
    `請負代金額 ${formatYen(content.work.contractPrice)}`,
    `保証金額 ${formatYen(content.guaranteedAmount)}`,
    '保証金額 金12,300,000円',
    '保証期間 自 令和6年10月15日 至 令和7年3月25日',
    `工期 自 ${formatWareki(content.work.periodStart)} 至 ${formatWareki(content.work.periodEnd)}`,
    '契約日 令和6年10月15日',
    '発行日 令和6年10月21日',
    '版 第1版',
    `約款 ${content.terms}`,
    '署名日時 令和6年10月21日 10時23分（日本時間）',
  ];
  for (const line of expected) assert.ok(text.includes(line), `missing: ${line}\n---\n${text}`);
});

test('the footer carries the version, the content hash and the signing key id', async () => {
  const signed = signedCertificate();
  const pdf = await renderCertificatePdf(signed, { statusLabel: '有効' });
  const { text } = await pdfText(pdf);
  const hash = contentHash(signed.content);
  assert.equal(signed.signature.contentHash, hash);
  assert.ok(text.includes(`版: 第1版 内容ハッシュ(SHA-256): ${hash}`), text);
  assert.ok(text.includes(`署名鍵ID: ${signingKey.keyId}`), text);
});

test('the certificate never contains an authentication key', async () => {
  const text = (await pdfText(await renderCertificatePdf(signedCertificate(), { statusLabel: '有効' }))).text;
  assert.ok(!text.includes(AUTHENTICATION_KEY));
  assert.doesNotMatch(text, KEY_SHAPE);
});

test('A4 pages, with the Japanese font embedded as a subset', async () => {
  const pdf = await renderCertificatePdf(signedCertificate(), { statusLabel: '有効' });
  const sizes = await pdfPageSizes(pdf);
  assert.ok(sizes.length >= 1);
  for (const size of sizes) {
    assert.ok(Math.abs(size.width - 595.28) < 0.5 && Math.abs(size.height - 841.89) < 0.5, JSON.stringify(size));
  }
  const raw = pdf.toString('latin1');
  assert.match(raw, /\/BaseFont \/[A-Z]{6}\+NotoSerifJP-Regular/);
  assert.match(raw, /\/FontFile2 /);
  assert.doesNotMatch(raw, /\/Helvetica/, 'no other font is loaded');
  assert.ok(pdf.length < 150_000, `size ${pdf.length}`);
});

test('the title follows the guarantee type', async () => {
  for (const [guaranteeType, heading] of [
    ['intermediate_advance_payment', '保証証書（中間前払金保証）'],
    ['contract_performance', '保証証書（契約保証）'],
  ] as const) {
    const pdf = await renderCertificatePdf(signedCertificate({ guaranteeType }), { statusLabel: '有効' });
    const { text } = await pdfText(pdf);
    assert.ok(text.includes(heading), heading);
    assert.ok(text.includes(`種類 ${heading.slice(5, -1)}`), heading);
  }
});

test('a later version shows the change, the previous hash and its status', async () => {
  const previous = signedCertificate();
  const signed = signedCertificate({
    version: 2,
    previousVersionHash: previous.signature.contentHash,
    guaranteedAmount: 13_500_000,
    change: { kind: 'increase', reason: '請負代金額の変更（設計変更）による増額', effectiveDate: '2024-12-02' },
    work: { ...previous.content.work, contractPrice: 33_880_000, contractDate: '2024-12-02' },
    issueDate: '2024-12-03',
  });
  const pdf = await renderCertificatePdf(signed, { statusLabel: '有効' });
  renderFirstPage(pdf, 'certificate-version-2');
  const { text, pages } = await pdfText(pdf);
  assert.equal(pages.length, 1, 'a changed certificate still fits on one page');
  for (const line of [
    '版 第2版',
    `前版の内容ハッシュ ${previous.signature.contentHash}`,
    '変更の内容 増額（効力発生日 令和6年12月2日）',
    '理由 請負代金額の変更（設計変更）による増額',
    '保証金額 金13,500,000円',
    '請負代金額 金33,880,000円',
    '契約日 令和6年12月2日',
    '契約日 令和6年12月2日（当初契約日 令和6年10月15日）',
    `版: 第2版 内容ハッシュ(SHA-256): ${signed.signature.contentHash}`,
  ]) {
    assert.ok(text.includes(line), `missing: ${line}\n---\n${text}`);
  }
});

test('a cancelled certificate says so', async () => {
  const signed = signedCertificate({
    version: 3,
    cancelled: true,
    change: { kind: 'cancellation', reason: '契約解除のため', effectiveDate: '2025-01-10' },
  });
  const { text } = await pdfText(await renderCertificatePdf(signed, { statusLabel: '解約' }));
  assert.ok(text.includes('状態: 解約'));
  assert.ok(text.includes('変更の内容 解約（効力発生日 令和7年1月10日）'));
  assert.ok(text.includes('この保証契約は解約されています。'));
});

test('long terms and names flow onto further pages, each with the footer', async () => {
  const terms = Array.from({ length: 60 }, (_, i) =>
    `第${i + 1}条　保証事業会社は、保証契約者が前払金を当該工事の必要経費以外に支出したときその他この約款に定める場合には、被保証者に対し、保証金額を限度として損害を填補する。`,
  ).join('\n');
  const longName = '市道三隈川右岸線ほか3路線道路改良及び排水構造物設置並びに附帯工事（令和6年度 社会資本整備総合交付金事業 第2工区）';
  const signed = signedCertificate({ terms, work: { ...signedCertificate().content.work, name: longName } });
  const pdf = await renderCertificatePdf(signed, { statusLabel: '有効' });
  renderFirstPage(pdf, 'certificate-long-terms');
  const { pages, text } = await pdfText(pdf);
  assert.ok(pages.length >= 2, `pages: ${pages.length}`);
  pages.forEach((page, i) => {
    assert.equal(occurrences(page, `内容ハッシュ(SHA-256): ${signed.signature.contentHash}`), 1, `footer on page ${i + 1}`);
    assert.ok(page.includes(`${i + 1} / ${pages.length} ページ`));
  });
  assert.ok(text.includes('約款 下記「約款」のとおり'), 'the terms row points to the terms section');
  const compact = (s: string): string => s.replace(/\s/g, '');
  assert.ok(compact(text).includes(compact(longName)), 'the long name is printed whole');
  assert.ok(text.includes('第60条'), 'the terms are printed to the end');
});

test('the customer copy has the same content, marked お客様控え and not for submission', async () => {
  const signed = signedCertificate();
  const pdf = await renderCustomerCopyPdf(signed, { statusLabel: '有効' });
  renderFirstPage(pdf, 'customer-copy');
  const { text, pages } = await pdfText(pdf);
  assert.equal(pages.length, 1);
  for (const line of [
    'お客様控え',
    'この書面はお客様の控えです。発注者へ提出する書類ではありません。',
    '保証証書（前払金保証）',
    `保証契約番号 ${signed.content.guaranteeContractNumber}`,
    '保証金額 金12,300,000円',
    '保証期間 自 令和6年10月15日 至 令和7年3月25日',
    `内容ハッシュ(SHA-256): ${signed.signature.contentHash}`,
  ]) {
    assert.ok(text.includes(line), `missing: ${line}`);
  }
  assert.doesNotMatch(text, KEY_SHAPE);
  const certificateText = (await pdfText(await renderCertificatePdf(signed, { statusLabel: '有効' }))).text;
  assert.ok(!certificateText.includes('お客様控え'));
});

test('rendering is repeatable: the same certificate gives the same text', async () => {
  const signed = signedCertificate();
  const [a, b] = await Promise.all([
    renderCertificatePdf(signed, { statusLabel: '有効' }),
    renderCertificatePdf(signed, { statusLabel: '有効' }),
  ]);
  assert.equal((await pdfText(a)).text, (await pdfText(b)).text);
});
