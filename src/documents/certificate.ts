// 保証証書 (電子証書) and お客様控え: the certificate content as a paper certificate shows it,
// with the version and the content hash in the footer of every page.
import type { CertificateContent, GuaranteeType, Party } from '../domain/certificate.ts';
import { formatWareki, formatYen } from '../domain/format.ts';
import { changeKindLabel, guaranteeTypeLabel } from '../domain/labels.ts';
import type { SignedCertificate } from '../signing/certificate.ts';
import { createDocument, finish, type Doc } from './pdf.ts';
import {
  ACCENT,
  addFooters,
  contentWidth,
  fieldTable,
  left,
  MUTED,
  noteBox,
  paragraph,
  sectionHeading,
  stamp,
  title,
  type FieldRow,
} from './layout.ts';

export interface CertificatePdfOptions {
  /** The certificate's status as shown to people: 有効, 解約, 変更済（旧版） ... */
  statusLabel: string;
}

type Variant = 'certificate' | 'customerCopy';

/** The 保証証書 (電子証書) as a PDF. */
export function renderCertificatePdf(signed: SignedCertificate, options: CertificatePdfOptions): Promise<Buffer> {
  return renderCertificate(signed, options, 'certificate');
}

/** The お客様控え: the same content, marked as the customer's copy and not for submission. */
export function renderCustomerCopyPdf(signed: SignedCertificate, options: CertificatePdfOptions): Promise<Buffer> {
  return renderCertificate(signed, options, 'customerCopy');
}

/** 保証証書（前払金保証） */
export function certificateTitle(type: GuaranteeType): string {
  return `保証証書（${guaranteeTypeLabel(type)}）`;
}

/** 第3版 */
export function versionLabel(version: number): string {
  return `第${version}版`;
}

function renderCertificate(signed: SignedCertificate, options: CertificatePdfOptions, variant: Variant): Promise<Buffer> {
  const { content, signature } = signed;
  const documentTitle = certificateTitle(content.guaranteeType) + (variant === 'customerCopy' ? ' お客様控え' : '');
  const doc = createDocument({
    title: documentTitle,
    author: content.issuer.name,
    subject: `保証契約番号 ${content.guaranteeContractNumber} ${versionLabel(content.version)}`,
  });
  header(doc, content, options, variant);
  fieldTable(doc, certificateRows(content));
  statement(doc, content);
  issuerBlock(doc, content);
  termsSection(doc, content);
  closingNote(doc, signed, variant);
  addFooters(doc, (page, pages) => [
    `版: ${versionLabel(content.version)}　内容ハッシュ(SHA-256): ${signature.contentHash}`,
    `署名鍵ID: ${signature.keyId}　保証契約番号: ${content.guaranteeContractNumber}　${page} / ${pages} ページ`,
  ]);
  return finish(doc);
}

function header(doc: Doc, content: CertificateContent, options: CertificatePdfOptions, variant: Variant): void {
  const top = doc.page.margins.top;
  const right = left(doc) + contentWidth(doc);
  if (variant === 'customerCopy') stamp(doc, 'お客様控え', left(doc), top - 8, { size: 12 });
  else stamp(doc, '電子証書', left(doc), top - 8, { color: MUTED, size: 9 });
  stamp(doc, `状態: ${options.statusLabel}`, right, top - 8, { color: statusColor(content), size: 9, align: 'right' });
  doc.y = top + 24;
  title(doc, certificateTitle(content.guaranteeType));
  doc.moveDown(0.2);
  if (variant === 'customerCopy') {
    paragraph(doc, 'この書面はお客様の控えです。発注者へ提出する書類ではありません。', { color: ACCENT, size: 9 });
    doc.moveDown(0.5);
  }
}

function statusColor(content: CertificateContent): string {
  return content.cancelled ? ACCENT : MUTED;
}

function certificateRows(content: CertificateContent): FieldRow[] {
  const { work } = content;
  const rows: FieldRow[] = [
    { label: '種類', value: guaranteeTypeLabel(content.guaranteeType) },
    { label: '保証契約番号', value: content.guaranteeContractNumber, emphasis: true },
    { label: '保証事業会社', value: content.issuer.name },
    { label: '保証契約者（受注者）', value: partyLines(content.contractor) },
    { label: '被保証者（発注者）', value: partyLines(content.orderer, content.orderer.section) },
    { label: '工事名', value: work.name },
    { label: '工事場所', value: work.site },
    { label: '請負代金額', value: formatYen(work.contractPrice) },
    { label: '保証金額', value: formatYen(content.guaranteedAmount), emphasis: true },
    { label: '保証期間', value: period(content.guaranteePeriodStart, content.guaranteePeriodEnd) },
    { label: '工期', value: period(work.periodStart, work.periodEnd) },
    { label: '契約日', value: contractDates(content) },
    { label: '発行日', value: formatWareki(content.issueDate) },
    { label: '版', value: versionLabel(content.version) },
  ];
  if (content.previousVersionHash) rows.push({ label: '前版の内容ハッシュ', value: content.previousVersionHash, size: 8 });
  if (content.change) rows.push({ label: '変更の内容', value: changeLines(content.change) });
  rows.push({ label: '約款', value: content.terms.length <= 120 ? content.terms : '下記「約款」のとおり' });
  return rows;
}

function partyLines(party: Party, section?: string): string[] {
  const lines = [section ? `${party.name}（${section}）` : party.name];
  if (party.address) lines.push(`所在地　${party.address}`);
  if (party.representative) lines.push(`代表者　${party.representative}`);
  if (party.corporateNumber) lines.push(`法人番号　${party.corporateNumber}`);
  return lines;
}

function period(start: string, end: string): string {
  return `自　${formatWareki(start)}　　至　${formatWareki(end)}`;
}

function contractDates(content: CertificateContent): string {
  const { contractDate, initialContractDate } = content.work;
  const date = formatWareki(contractDate);
  return initialContractDate === contractDate ? date : `${date}（当初契約日　${formatWareki(initialContractDate)}）`;
}

function changeLines(change: NonNullable<CertificateContent['change']>): string[] {
  return [`${changeKindLabel(change.kind)}（効力発生日　${formatWareki(change.effectiveDate)}）`, `理由　${change.reason}`];
}

const STATEMENTS: Record<GuaranteeType, string> = {
  advance_payment: '上記の工事に関し、保証契約者が被保証者から支払を受ける前払金について、保証事業会社は上記の約款に基づき保証したことを証します。',
  intermediate_advance_payment: '上記の工事に関し、保証契約者が被保証者から支払を受ける中間前払金について、保証事業会社は上記の約款に基づき保証したことを証します。',
  contract_performance: '上記の工事の請負契約に基づく保証契約者の債務の履行について、保証事業会社は上記の約款に基づき保証したことを証します。',
  contract_reservation: '上記の工事の請負契約が締結されたときは契約保証を行うことを、保証事業会社は上記の約款に基づき予約したことを証します。',
};

function statement(doc: Doc, content: CertificateContent): void {
  doc.moveDown(0.6);
  paragraph(doc, STATEMENTS[content.guaranteeType]);
  if (content.cancelled) {
    doc.moveDown(0.3);
    paragraph(doc, 'この保証契約は解約されています。', { color: ACCENT });
  }
}

function issuerBlock(doc: Doc, content: CertificateContent): void {
  const { issuer } = content;
  const lines = [formatWareki(content.issueDate), `保証事業会社　${issuer.name}`];
  if (issuer.address) lines.push(issuer.address);
  if (issuer.representative) lines.push(issuer.representative);
  doc.moveDown(0.4).fontSize(10);
  const x = left(doc) + contentWidth(doc) * 0.45;
  doc.text(lines.join('\n'), x, doc.y, { width: contentWidth(doc) * 0.55, lineGap: 1.5 });
  doc.x = left(doc);
}

function termsSection(doc: Doc, content: CertificateContent): void {
  if (content.terms.length <= 120) return;
  sectionHeading(doc, '約款');
  paragraph(doc, content.terms, { size: 8.5 });
}

function closingNote(doc: Doc, signed: SignedCertificate, variant: Variant): void {
  const { signature } = signed;
  const lines = [
    'この保証証書は、電子証書の内容を表示したものです。電子証書には保証事業会社の電子署名（Ed25519）が付されており、' +
      'ページ下部の内容ハッシュと署名により、記載内容が改ざんされていないことを確認できます。',
    variant === 'customerCopy'
      ? 'この書面はお客様控えです。発注者への提出には、『電子証書閲覧用「認証キー」等のお知らせ』をご利用ください。'
      : '発注者は、D-Sure（発注者用保証確認サービス）で保証契約番号と認証キーを入力し、電子証書を閲覧できます。',
    `署名日時　${signedAtLabel(signature.signedAt)}`,
  ];
  doc.moveDown(0.5);
  noteBox(doc, lines);
}

/** The signing time in Japan time: 令和6年10月21日 10時23分. */
function signedAtLabel(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const japan = new Date(date.getTime() + 9 * 3600_000).toISOString();
  return `${formatWareki(japan.slice(0, 10))} ${Number(japan.slice(11, 13))}時${japan.slice(14, 16)}分（日本時間）`;
}
