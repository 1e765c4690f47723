// Small drawing helpers shared by the documents: headings, bordered label/value tables,
// paragraphs that flow across pages, boxed stamps and a footer on every page.
// All positions are in PDF points (1/72 inch); A4 is 595.28 × 841.89.
import type { Doc } from './pdf.ts';

export const INK = '#111111';
export const MUTED = '#4a4a4a';
export const RULE = '#333333';
export const LABEL_FILL = '#eeeeee';
export const ACCENT = '#a4161a';

export const BODY_SIZE = 10;
const LINE_GAP = 2;
const CELL_PADDING_X = 7;
const CELL_PADDING_Y = 3.5;

export function left(doc: Doc): number {
  return doc.page.margins.left;
}

export function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function bottomLimit(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page unless `height` points still fit below the current position. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottomLimit(doc)) {
    doc.addPage();
    doc.y = doc.page.margins.top;
  }
}

/** Text drawn in a heavier weight: the single Regular font, filled and stroked (no second font to embed). */
export function boldText(doc: Doc, text: string, x: number, y: number, size: number, options: PDFKit.Mixins.TextOptions = {}): void {
  doc.save().fontSize(size).lineWidth(size * 0.035).strokeColor(INK).fillColor(INK);
  doc.text(text, x, y, { ...options, fill: true, stroke: true });
  doc.restore();
}

/** A centred title, then moves below it. */
export function title(doc: Doc, text: string, size = 19): void {
  boldText(doc, text, left(doc), doc.y, size, { width: contentWidth(doc), align: 'center', characterSpacing: 1.5 });
  doc.fontSize(BODY_SIZE);
  doc.moveDown(0.4);
}

/** A centred line in the muted colour. */
export function subtitle(doc: Doc, text: string, size = 10): void {
  doc.fontSize(size).fillColor(MUTED).text(text, left(doc), doc.y, { width: contentWidth(doc), align: 'center' });
  doc.fillColor(INK).fontSize(BODY_SIZE).moveDown(0.6);
}

/** A section heading with a rule under it. */
export function sectionHeading(doc: Doc, text: string): void {
  ensureSpace(doc, 40);
  doc.moveDown(0.5);
  boldText(doc, text, left(doc), doc.y, 11, { width: contentWidth(doc) });
  const ruleY = doc.y + 1;
  doc.moveTo(left(doc), ruleY).lineTo(left(doc) + contentWidth(doc), ruleY).lineWidth(0.6).strokeColor(RULE).stroke();
  doc.y = ruleY + 5;
  doc.fontSize(BODY_SIZE);
}

/** A paragraph across the content width; it flows onto new pages when long. */
export function paragraph(doc: Doc, text: string, options: { size?: number; color?: string; indent?: number } = {}): void {
  const indent = options.indent ?? 0;
  doc.fontSize(options.size ?? BODY_SIZE).fillColor(options.color ?? INK);
  doc.text(text, left(doc) + indent, doc.y, { width: contentWidth(doc) - indent, lineGap: LINE_GAP, align: 'left' });
  doc.fillColor(INK).fontSize(BODY_SIZE);
}

export interface FieldRow {
  label: string;
  /** One string, or several lines. */
  value: string | readonly string[];
  /** Printed larger and heavier (amounts, the contract number). */
  emphasis?: boolean;
  /** A smaller size for long unbreakable values such as hashes. */
  size?: number;
}

/** A bordered two-column table of label and value; a row never splits across pages. */
export function fieldTable(doc: Doc, rows: readonly FieldRow[], options: { labelWidth?: number } = {}): void {
  const x = left(doc);
  const width = contentWidth(doc);
  const labelWidth = options.labelWidth ?? 128;
  for (const row of rows) {
    const value = typeof row.value === 'string' ? row.value : row.value.join('\n');
    const valueSize = row.size ?? (row.emphasis ? 12 : BODY_SIZE);
    const labelHeight = textHeight(doc.fontSize(BODY_SIZE), row.label, labelWidth - 2 * CELL_PADDING_X);
    const valueHeight = textHeight(doc.fontSize(valueSize), value, width - labelWidth - 2 * CELL_PADDING_X);
    const height = Math.max(labelHeight, valueHeight) + 2 * CELL_PADDING_Y;
    ensureSpace(doc, height);
    const y = doc.y;
    doc.rect(x, y, labelWidth, height).fill(LABEL_FILL);
    doc.rect(x, y, width, height).moveTo(x + labelWidth, y).lineTo(x + labelWidth, y + height).lineWidth(0.6).strokeColor(RULE).stroke();
    doc.fillColor(INK).fontSize(BODY_SIZE).text(row.label, x + CELL_PADDING_X, y + CELL_PADDING_Y + (valueSize - BODY_SIZE) / 2, { width: labelWidth - 2 * CELL_PADDING_X, lineGap: LINE_GAP });
    const valueOptions = { width: width - labelWidth - 2 * CELL_PADDING_X, lineGap: LINE_GAP };
    if (row.emphasis) boldText(doc, value, x + labelWidth + CELL_PADDING_X, y + CELL_PADDING_Y, valueSize, valueOptions);
    else doc.fontSize(valueSize).text(value, x + labelWidth + CELL_PADDING_X, y + CELL_PADDING_Y + (BODY_SIZE - valueSize) / 2, valueOptions);
    doc.fontSize(BODY_SIZE);
    doc.x = x;
    doc.y = y + height;
  }
}

/** The height of wrapped text at the current font size; one line needs no line breaking. */
function textHeight(doc: Doc, text: string, width: number): number {
  if (!text.includes('\n') && doc.widthOfString(text) <= width) return doc.currentLineHeight(true) + LINE_GAP;
  return doc.heightOfString(text, { width, lineGap: LINE_GAP });
}

/** A boxed word such as お客様控え or the status, drawn at (x, y) without moving the text position. */
export function stamp(doc: Doc, text: string, x: number, y: number, options: { color?: string; size?: number; align?: 'left' | 'right' } = {}): { width: number; height: number } {
  const color = options.color ?? ACCENT;
  const size = options.size ?? 11;
  const [savedX, savedY] = [doc.x, doc.y];
  doc.fontSize(size);
  const width = doc.widthOfString(text) + 16;
  const height = size + 10;
  const boxX = options.align === 'right' ? x - width : x;
  doc.save().rect(boxX, y, width, height).lineWidth(1.2).strokeColor(color).stroke().restore();
  doc.fillColor(color).text(text, boxX + 8, y + 4.5, { lineBreak: false });
  doc.fillColor(INK).fontSize(BODY_SIZE);
  doc.x = savedX;
  doc.y = savedY;
  return { width, height };
}

/** A framed box of small text (notes, instructions), as wide as the content. */
export function noteBox(doc: Doc, lines: readonly string[], options: { size?: number; color?: string } = {}): void {
  const size = options.size ?? 8.5;
  const x = left(doc);
  const width = contentWidth(doc);
  const text = lines.join('\n');
  doc.fontSize(size);
  const height = doc.heightOfString(text, { width: width - 2 * CELL_PADDING_X, lineGap: 2 }) + 2 * CELL_PADDING_Y;
  ensureSpace(doc, height);
  const y = doc.y;
  doc.save().rect(x, y, width, height).lineWidth(0.6).strokeColor(options.color ?? RULE).stroke().restore();
  doc.fillColor(INK).text(text, x + CELL_PADDING_X, y + CELL_PADDING_Y, { width: width - 2 * CELL_PADDING_X, lineGap: 2 });
  doc.fontSize(BODY_SIZE);
  doc.x = x;
  doc.y = y + height;
}

/**
 * Writes footer lines in the bottom margin of every buffered page. The bottom margin is
 * lifted while writing, otherwise pdfkit would start a new page for text below it.
 */
export function addFooters(doc: Doc, linesFor: (pageNumber: number, pageCount: number) => readonly string[]): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const lines = linesFor(index - range.start + 1, range.count);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const x = left(doc);
    const width = contentWidth(doc);
    const top = doc.page.height - bottomMargin + 14;
    doc.moveTo(x, top - 5).lineTo(x + width, top - 5).lineWidth(0.4).strokeColor(MUTED).stroke();
    doc.fontSize(7.5).fillColor(MUTED);
    lines.forEach((line, i) => doc.text(line, x, top + i * 11, { width, lineBreak: false }));
    doc.fillColor(INK).fontSize(BODY_SIZE);
    doc.page.margins.bottom = bottomMargin;
  }
}

export interface GridColumn {
  header: string;
  /** A share of the content width; the shares of all columns add up to 1. */
  share: number;
  align?: 'left' | 'right' | 'center';
}

/** A bordered table with a header row; the last row can be set heavier (a total). Rows never split across pages. */
export function gridTable(doc: Doc, columns: readonly GridColumn[], rows: readonly (readonly string[])[], options: { totalRow?: boolean } = {}): void {
  const x = left(doc);
  const widths = columns.map((column) => column.share * contentWidth(doc));
  const drawRow = (cells: readonly string[], kind: 'header' | 'body' | 'total'): void => {
    const size = kind === 'total' ? 11 : BODY_SIZE;
    doc.fontSize(size);
    const height = Math.max(...cells.map((cell, i) => textHeight(doc, cell, (widths[i] ?? 0) - 2 * CELL_PADDING_X))) + 2 * CELL_PADDING_Y;
    ensureSpace(doc, height);
    const y = doc.y;
    let cellX = x;
    cells.forEach((cell, i) => {
      const width = widths[i] ?? 0;
      if (kind !== 'body') doc.rect(cellX, y, width, height).fill(LABEL_FILL);
      doc.rect(cellX, y, width, height).lineWidth(0.6).strokeColor(RULE).stroke();
      const textOptions = { width: width - 2 * CELL_PADDING_X, lineGap: LINE_GAP, align: kind === 'header' ? 'center' : columns[i]?.align ?? 'left' } as const;
      if (kind === 'total') boldText(doc, cell, cellX + CELL_PADDING_X, y + CELL_PADDING_Y, size, textOptions);
      else doc.fillColor(INK).fontSize(size).text(cell, cellX + CELL_PADDING_X, y + CELL_PADDING_Y, textOptions);
      cellX += width;
    });
    doc.fontSize(BODY_SIZE);
    doc.x = x;
    doc.y = y + height;
  };
  drawRow(columns.map((column) => column.header), 'header');
  rows.forEach((row, i) => drawRow(row, options.totalRow && i === rows.length - 1 ? 'total' : 'body'));
}
