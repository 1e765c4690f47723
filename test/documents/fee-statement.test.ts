import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderFeeStatementPdf } from '../../src/documents/index.ts';
import { feeStatementData } from './fixtures.ts';
import { pdfText, renderFirstPage } from './helpers.ts';

test('the fee statement lists the breakdown line by line with the total, 非課税', async () => {
  const data = feeStatementData();
  const pdf = await renderFeeStatementPdf(data);
  renderFirstPage(pdf, 'fee-statement');
  const { text, pages } = await pdfText(pdf);
  assert.equal(pages.length, 1);
  for (const line of [
    '保証料計算書',
    '株式会社三隈建設 御中',
    `保証契約番号 ${data.guaranteeContractNumber}`,
    '保証の種類 前払金保証',
    '保証金額 金12,300,000円',
    '保証期間 自 令和6年10月15日 至 令和7年3月25日',
    '令和6年10月21日',
    '金14,085円',
    '電子交付による減額 金△500円 電子証書',
    '保証料合計 金13,585円 非課税',
    '※ 保証料は消費税の非課税取引です（非課税）。',
    '※ 計算に用いた料率表: 例示用の料率表（実際の料率ではありません）',
    '※ △は差し引く金額を表します。',
  ]) {
    assert.ok(text.includes(line), `missing: ${line}\n---\n${text}`);
  }
  assert.ok(text.replace(/\s/g, '').includes('基本保証料（保証金額×年0.258%×162日/365日）'));
});

test('additional fee and refund statements have their own titles and totals', async () => {
  const additional = await pdfText(await renderFeeStatementPdf(feeStatementData({
    kind: '追加保証料計算書',
    breakdown: { lines: [{ label: '増額分の保証料', amount: 2100 }], total: 2100, taxable: false, tariffName: '標準料率表' },
  })));
  assert.ok(additional.text.includes('追加保証料計算書'));
  assert.ok(additional.text.includes('追加保証料合計 金2,100円 非課税'));
  assert.ok(!additional.text.includes('△'));

  const refundPdf = await renderFeeStatementPdf(feeStatementData({
    kind: '保証料返還計算書',
    issueDate: '2025-01-10',
    breakdown: { lines: [{ label: '未経過期間の保証料（74日分）', amount: 6400 }, { label: '返還手数料', amount: -1000 }], total: 5400, taxable: false, tariffName: '標準料率表' },
  }));
  renderFirstPage(refundPdf, 'fee-refund-statement');
  const refund = await pdfText(refundPdf);
  assert.ok(refund.text.includes('保証料返還計算書'));
  assert.ok(refund.text.includes('返還保証料合計 金5,400円 非課税'));
  assert.ok(refund.text.includes('返還手数料 金△1,000円'));
  assert.ok(refund.text.includes('令和7年1月10日'));
});

test('a taxable fee is not called 非課税', async () => {
  const { text } = await pdfText(await renderFeeStatementPdf(feeStatementData({
    guaranteeType: 'contract_reservation',
    breakdown: { lines: [{ label: '契約保証予約手数料', amount: 3000 }, { label: '消費税等（10%）', amount: 300 }], total: 3300, taxable: true, tariffName: '標準料率表' },
  })));
  assert.ok(text.includes('保証料合計 金3,300円 課税'));
  assert.ok(text.includes('※ この料金は消費税の課税対象です（課税）。'));
  assert.ok(!text.includes('非課税'));
});
