// Creating an A4 document with the embedded Japanese font, and turning it into a Buffer.
import PDFDocument from 'pdfkit';
import { documentFont, shareLayoutCache } from './font.ts';

export type Doc = PDFKit.PDFDocument;

/**
 * Streams are stored without Flate compression. Deflating the embedded font subset was the
 * largest single cost of a certificate (measured: median 4.4 ms compressed, 48 KB, against
 * 2.5 ms uncompressed, 80 KB). A few more kilobytes per download buy the render-time target.
 */
export const COMPRESS_STREAMS = false;

export const A4_MARGINS = { top: 48, bottom: 60, left: 54, right: 54 } as const;

export interface DocumentInfo {
  title: string;
  subject?: string;
  author: string; // the issuing company
  keywords?: string;
}

/** A new A4 document whose only font is Noto Serif JP; pages are buffered so footers can be added at the end. */
export function createDocument(info: DocumentInfo): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { ...A4_MARGINS },
    bufferPages: true,
    pdfVersion: '1.7',
    compress: COMPRESS_STREAMS,
    lang: 'ja-JP',
    displayTitle: true,
    // The default font would be Helvetica; ours is given here so no other font is loaded.
    font: documentFont() as unknown as string,
    info: {
      Title: info.title,
      Author: info.author,
      Subject: info.subject ?? info.title,
      Keywords: info.keywords ?? '',
      Creator: 'denshi-hosho',
    },
  });
  shareLayoutCache((doc as unknown as { _font?: Parameters<typeof shareLayoutCache>[0] })._font);
  return doc;
}

/** Ends the document and resolves with its bytes. */
export function finish(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
