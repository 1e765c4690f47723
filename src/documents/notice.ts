// 『電子証書閲覧用「認証キー」等のお知らせ』: what the contractor prints and hands to the
// orderer so that the orderer can open the electronic certificate in D-Sure.
import QRCode from 'qrcode';
import type { GuaranteeType } from '../domain/certificate.ts';
import { formatWareki, formatYen } from '../domain/format.ts';
import { guaranteeTypeLabel } from '../domain/labels.ts';
import { createDocument, finish, type Doc } from './pdf.ts';
import {
  addFooters,
  boldText,
  contentWidth,
  fieldTable,
  INK,
  left,
  LABEL_FILL,
  MUTED,
  noteBox,
  paragraph,
  RULE,
  sectionHeading,
  title,
} from './layout.ts';

export const NOTICE_TITLE = '電子証書閲覧用「認証キー」等のお知らせ';

export interface AuthenticationKeyNoticeData {
  guaranteeContractNumber: string;
  /** The key as it is written, e.g. K7QX-MP3C-9HWD-TAN4-E6RJ. */
  authenticationKey: string;
  guaranteeType: GuaranteeType;
  orderer: { name: string; section?: string };
  workName: string;
  contractorName: string;
  guaranteedAmount: number;
  /** 発行日 of the certificate (YYYY-MM-DD). */
  issueDate: string;
  /** The surety company that issued the certificate. */
  issuerName: string;
  /** The certificate version current when the notice is printed (the key opens every version). */
  certificate?: { version: number; contentHash: string };
  dsure: {
    /** Where the orderer signs in, printed as text: https://…/dsure */
    serviceUrl: string;
    /** The D-Sure form with the number filled in; the QR code encodes exactly this. */
    viewUrl: string;
  };
  submission: {
    /** Labels of the channels the orderer's policy accepts, e.g. ['持参', 'FAX']. */
    channels: readonly string[];
    /** Who receives it, as it should be printed, e.g. 日田市 契約検査室. */
    receivingSection: string;
    /** Anything the orderer adds (a FAX number, 事前に電話連絡 ...). */
    note?: string;
  };
  /** The date printed on the notice (YYYY-MM-DD); the issue date when not given. */
  noticeDate?: string;
}

/** 『電子証書閲覧用「認証キー」等のお知らせ』 as a PDF. */
export async function renderAuthenticationKeyNoticePdf(data: AuthenticationKeyNoticeData): Promise<Buffer> {
  // The QR code is drawn as vector squares: sharp at any print size, and no PNG to encode per document.
  const qrCode = QRCode.create(data.dsure.viewUrl, { errorCorrectionLevel: 'M' }).modules;
  const doc = createDocument({
    title: NOTICE_TITLE,
    author: data.issuerName,
    subject: `保証契約番号 ${data.guaranteeContractNumber}`,
  });
  letterhead(doc, data);
  title(doc, NOTICE_TITLE, 17);
  doc.moveDown(0.3);
  paragraph(doc, '下記の保証契約について、電子証書を発行しました。発注者様は、D-Sure（発注者用保証確認サービス）に保証契約番号と認証キーを入力して、電子証書を閲覧してください。');
  doc.moveDown(0.6);
  keyPanel(doc, data);
  doc.moveDown(0.6);
  fieldTable(doc, [
    { label: '保証の種類', value: guaranteeTypeLabel(data.guaranteeType) },
    { label: '発注者', value: data.orderer.section ? `${data.orderer.name}（${data.orderer.section}）` : data.orderer.name },
    { label: '工事名', value: data.workName },
    { label: '受注者', value: data.contractorName },
    { label: '保証金額', value: formatYen(data.guaranteedAmount) },
    { label: '発行日', value: formatWareki(data.issueDate) },
  ], { labelWidth: 110 });
  viewingSection(doc, data, qrCode);
  submissionSection(doc, data);
  addFooters(doc, (page, pages) => [
    ...(data.certificate ? [`版: 第${data.certificate.version}版　内容ハッシュ(SHA-256): ${data.certificate.contentHash}`] : []),
    `${NOTICE_TITLE}　保証契約番号: ${data.guaranteeContractNumber}　${data.issuerName}　${page} / ${pages} ページ`,
  ]);
  return finish(doc);
}

/** 日田市 契約検査室へ持参またはFAXで提出してください */
export function submissionInstruction(submission: AuthenticationKeyNoticeData['submission']): string {
  const channels = submission.channels.filter((channel) => channel.trim() !== '');
  if (channels.length === 0) return `${submission.receivingSection}へ提出してください。`;
  if (channels.length === 1 && channels[0] === '持参') return `${submission.receivingSection}へ持参してください。`;
  const joined = channels.length === 1 ? channels[0] : `${channels.slice(0, -1).join('、')}または${channels.at(-1)}`;
  return `${submission.receivingSection}へ${joined}で提出してください。`;
}

function letterhead(doc: Doc, data: AuthenticationKeyNoticeData): void {
  const x = left(doc);
  const width = contentWidth(doc);
  const top = doc.page.margins.top;
  doc.fontSize(10).fillColor(INK);
  doc.text(formatWareki(data.noticeDate ?? data.issueDate), x, top, { width, align: 'right' });
  doc.text(data.issuerName, x, doc.y, { width, align: 'right' });
  boldText(doc, `${data.orderer.name}　御中`, x, top + 8, 12, { width: width * 0.6 });
  doc.y = top + 44;
}

/** The number and the key, large, in a shaded panel; the key with wide, even spacing for reading aloud and typing. */
function keyPanel(doc: Doc, data: AuthenticationKeyNoticeData): void {
  const x = left(doc);
  const width = contentWidth(doc);
  const y = doc.y;
  const height = 96;
  doc.save().rect(x, y, width, height).fill(LABEL_FILL).restore();
  doc.save().rect(x, y, width, height).lineWidth(1.2).strokeColor(RULE).stroke().restore();
  const labelX = x + 16;
  const valueX = x + 130;
  doc.fillColor(INK).fontSize(10);
  doc.text('保証契約番号', labelX, y + 19, { lineBreak: false });
  boldText(doc, data.guaranteeContractNumber, valueX, y + 13, 17, { lineBreak: false, characterSpacing: 1 });
  doc.fontSize(10).text('認証キー', labelX, y + 61, { lineBreak: false });
  const keySize = fittingSize(doc, data.authenticationKey, x + width - 16 - valueX, 19, KEY_SPACING_EM);
  const keySpacing = KEY_SPACING_EM * keySize;
  boldText(doc, data.authenticationKey, valueX, y + 54 + (19 - keySize) / 2, keySize, { lineBreak: false, characterSpacing: keySpacing });
  doc.fontSize(10);
  doc.x = x;
  doc.y = y + height;
}

// Extra space between the key's characters, in em. Text extractors (pdf.js) read a gap wider
// than about 0.1 em as a space, and a key copied from the PDF must come out exactly.
const KEY_SPACING_EM = 0.07;

/** The largest size up to `preferred` at which the text, spaced by `spacingEm`, fits in `width`. */
function fittingSize(doc: Doc, text: string, width: number, preferred: number, spacingEm: number): number {
  const widthAtPreferred = doc.fontSize(preferred).widthOfString(text) + spacingEm * preferred * text.length;
  if (widthAtPreferred <= width) return preferred;
  return Math.floor(((preferred * width) / widthAtPreferred) * 10) / 10;
}

function viewingSection(doc: Doc, data: AuthenticationKeyNoticeData, qrCode: QrModules): void {
  sectionHeading(doc, '電子証書の閲覧方法（発注者様）');
  const x = left(doc);
  const qrSize = 104;
  const textWidth = contentWidth(doc) - qrSize - 16;
  const y = doc.y;
  const steps = [
    `1. D-Sure（発注者用保証確認サービス）を開きます。\n　 ${data.dsure.serviceUrl}`,
    '2. 上記の保証契約番号と認証キーを入力します。',
    '3. 表示された電子証書の内容（保証金額・保証期間など）をご確認ください。',
  ];
  doc.fontSize(10).fillColor(INK).text(steps.join('\n'), x, y, { width: textWidth, lineGap: 3 });
  doc.fontSize(8.5).fillColor(MUTED).moveDown(0.4);
  doc.text('右のQRコードを読み取ると、保証契約番号を入力済みの閲覧画面が開きます（認証キーは入力してください）。', x, doc.y, { width: textWidth, lineGap: 2 });
  doc.fillColor(INK).fontSize(10);
  drawQrCode(doc, qrCode, x + contentWidth(doc) - qrSize, y, qrSize);
  doc.x = x;
  doc.y = Math.max(doc.y, y + qrSize);
}

type QrModules = ReturnType<typeof QRCode.create>['modules'];

/** The dark modules as one filled path, with the standard quiet zone of 4 modules inside `size`. */
function drawQrCode(doc: Doc, modules: QrModules, x: number, y: number, size: number): void {
  const quietZone = 4;
  const unit = size / (modules.size + 2 * quietZone);
  doc.save();
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (!modules.get(row, column)) continue;
      let end = column; // a run of dark modules is one rectangle: fewer seams, smaller page
      while (end + 1 < modules.size && modules.get(row, end + 1)) end++;
      doc.rect(x + (column + quietZone) * unit, y + (row + quietZone) * unit, (end - column + 1) * unit, unit);
      column = end;
    }
  }
  doc.fill('#000000');
  doc.restore();
}

function submissionSection(doc: Doc, data: AuthenticationKeyNoticeData): void {
  sectionHeading(doc, 'ご提出について（受注者様）');
  doc.fontSize(10);
  boldText(doc, `このお知らせを印刷し、\n${submissionInstruction(data.submission)}`, left(doc), doc.y, 10.5, { width: contentWidth(doc), lineGap: 3 });
  if (data.submission.note) {
    doc.moveDown(0.2);
    paragraph(doc, data.submission.note);
  }
  doc.moveDown(0.6);
  noteBox(doc, [
    '・認証キーは、発注者様が電子証書を閲覧するための大切な情報です。発注者様へのご提出以外の目的で、第三者に知らせないでください。',
    '・このお知らせには保証契約の内容の一部のみを記載しています。内容はD-Sureでご確認ください。',
    '・受注者様は、e-Net保証の「電子証書の確認」から認証キーを再度表示できます。',
  ]);
}
