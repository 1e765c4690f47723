// Reading the PDFs back: text through pdf-parse (pdf.js), page 1 as PNG through pdftoppm
// (kept under test-results/documents/ for people to look at), QR codes through jsQR.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { PDFParse } from 'pdf-parse';
import { PNG } from 'pngjs';
import { TEST_RESULTS_DIR } from '../support/paths.ts';

export const DOCUMENT_RESULTS_DIR = join(TEST_RESULTS_DIR, 'documents');

export interface PdfText {
  text: string;
  pages: string[];
}

export async function pdfText(pdf: Buffer): Promise<PdfText> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.pages.map((page) => page.text) };
  } finally {
    await parser.destroy();
  }
}

export async function pdfPageSizes(pdf: Buffer): Promise<{ width: number; height: number }[]> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const info = await parser.getInfo({ parsePageInfo: true });
    return (info.pages ?? []).map((page) => ({ width: page.width, height: page.height }));
  } finally {
    await parser.destroy();
  }
}

/** Renders page 1 at 150 dpi, saves it as test-results/documents/<name>.png and returns the PNG. */
export function renderFirstPage(pdf: Buffer, name: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'denshi-hosho-pdf-'));
  try {
    writeFileSync(join(dir, 'document.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', join(dir, 'document.pdf'), join(dir, 'page')]);
    const png = readFileSync(join(dir, 'page.png'));
    mkdirSync(DOCUMENT_RESULTS_DIR, { recursive: true });
    writeFileSync(join(DOCUMENT_RESULTS_DIR, `${name}.png`), png);
    writeFileSync(join(DOCUMENT_RESULTS_DIR, `${name}.pdf`), pdf);
    return png;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the QR code in a PNG image, or null when none is found. */
export function decodeQrCode(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  // jsqr is CommonJS with an ES-style default: under NodeNext it is the module's .default.
  return jsQRModule.default(pixels, image.width, image.height)?.data ?? null;
}

/** The number of characters of `needle` in `haystack` (non-overlapping). */
export function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}
