// 保証料計算書 / 追加保証料計算書 / 保証料返還計算書: the fee of a guarantee, line by line.
import type { FeeBreakdown, GuaranteeType, Party } from '../domain/certificate.ts';
import { formatWareki, formatYen } from '../domain/format.ts';
import { guaranteeTypeLabel } from '../domain/labels.ts';
import { createDocument, finish, type Doc } from './pdf.ts';
import {
  addFooters,
  boldText,
  contentWidth,
  fieldTable,
  gridTable,
  INK,
  left,
  MUTED,
  paragraph,
  sectionHeading,
  title,
} from './layout.ts';

export type FeeStatementKind = '保証料計算書' | '追加保証料計算書' | '保証料返還計算書';

export interface FeeStatementData {
  kind: FeeStatementKind;
  guaranteeContractNumber: string;
  guaranteeType: GuaranteeType;
  /** The addressee: 保証契約者 (受注者). */
  contractor: Party;
  /** The surety company issuing the statement. */
  issuer: Party;
  ordererName: string;
  workName: string;
  guaranteedAmount: number;
  guaranteePeriodStart: string;
  guaranteePeriodEnd: string;
  breakdown: FeeBreakdown;
  /** The date of the statement (YYYY-MM-DD). */
  issueDate: string;
  /** Which version of the certificate the fee belongs to (changes make new versions). */
  certificateVersion?: number;
  /** The content hash (SHA-256) of that version, printed in the footer with the version. */
  certificateContentHash?: string;
}

const WORDING: Record<FeeStatementKind, { intro: string; total: string }> = {
  保証料計算書: { intro: '下記の保証契約の保証料を、次のとおり計算しましたのでお知らせします。', total: '保証料合計' },
  追加保証料計算書: { intro: '下記の保証契約の変更に伴う追加保証料を、次のとおり計算しましたのでお知らせします。', total: '追加保証料合計' },
  保証料返還計算書: { intro: '下記の保証契約の変更または解約に伴い返還する保証料を、次のとおり計算しましたのでお知らせします。', total: '返還保証料合計' },
};

/** A fee statement as a PDF. */
export function renderFeeStatementPdf(data: FeeStatementData): Promise<Buffer> {
  const doc = createDocument({ title: data.kind, author: data.issuer.name, subject: `保証契約番号 ${data.guaranteeContractNumber}` });
  letterhead(doc, data);
  title(doc, data.kind);
  doc.moveDown(0.3);
  paragraph(doc, WORDING[data.kind].intro);
  doc.moveDown(0.6);
  fieldTable(doc, [
    { label: '保証契約番号', value: data.guaranteeContractNumber },
    { label: '保証の種類', value: guaranteeTypeLabel(data.guaranteeType) },
    { label: '被保証者（発注者）', value: data.ordererName },
    { label: '工事名', value: data.workName },
    { label: '保証金額', value: formatYen(data.guaranteedAmount) },
    { label: '保証期間', value: `自　${formatWareki(data.guaranteePeriodStart)}　　至　${formatWareki(data.guaranteePeriodEnd)}` },
    ...(data.certificateVersion ? [{ label: '対象の証書', value: `第${data.certificateVersion}版` }] : []),
  ]);
  breakdownSection(doc, data);
  addFooters(doc, (page, pages) => [
    ...(data.certificateVersion && data.certificateContentHash ? [`版: 第${data.certificateVersion}版　内容ハッシュ(SHA-256): ${data.certificateContentHash}`] : []),
    `${data.kind}　保証契約番号: ${data.guaranteeContractNumber}　${data.issuer.name}　${page} / ${pages} ページ`,
  ]);
  return finish(doc);
}

function letterhead(doc: Doc, data: FeeStatementData): void {
  const x = left(doc);
  const width = contentWidth(doc);
  const top = doc.page.margins.top;
  const issuerLines = [formatWareki(data.issueDate), data.issuer.name];
  if (data.issuer.address) issuerLines.push(data.issuer.address);
  doc.fontSize(10).fillColor(INK).text(issuerLines.join('\n'), x + width * 0.5, top, { width: width * 0.5, align: 'right', lineGap: 1.5 });
  const bottomOfIssuer = doc.y;
  boldText(doc, `${data.contractor.name}　御中`, x, top + 8, 12, { width: width * 0.5 });
  if (data.contractor.address) {
    doc.fontSize(9).fillColor(MUTED).text(data.contractor.address, x, doc.y + 2, { width: width * 0.5 });
    doc.fillColor(INK).fontSize(10);
  }
  doc.y = Math.max(doc.y, bottomOfIssuer) + 16;
}

function breakdownSection(doc: Doc, data: FeeStatementData): void {
  const { breakdown } = data;
  sectionHeading(doc, '計算の内訳');
  gridTable(
    doc,
    [
      { header: '項目', share: 0.5 },
      { header: '金額', share: 0.22, align: 'right' },
      { header: '備考', share: 0.28 },
    ],
    [
      ...breakdown.lines.map((line) => [line.label, formatYen(line.amount), line.note ?? '']),
      [WORDING[data.kind].total, formatYen(breakdown.total), breakdown.taxable ? '課税' : '非課税'],
    ],
    { totalRow: true },
  );
  doc.moveDown(0.6);
  const notes = [
    breakdown.taxable ? '※ この料金は消費税の課税対象です（課税）。' : '※ 保証料は消費税の非課税取引です（非課税）。',
    `※ 計算に用いた料率表: ${breakdown.tariffName}`,
  ];
  if (breakdown.lines.some((line) => line.amount < 0)) notes.push('※ △は差し引く金額を表します。');
  paragraph(doc, notes.join('\n'), { size: 9, color: MUTED });
}
