// The documents library: A4 PDFs with the embedded Japanese font (Noto Serif JP).
// Each function takes plain data and returns the PDF's bytes.
export {
  renderCertificatePdf,
  renderCustomerCopyPdf,
  certificateTitle,
  versionLabel,
  type CertificatePdfOptions,
} from './certificate.ts';
export {
  renderAuthenticationKeyNoticePdf,
  submissionInstruction,
  NOTICE_TITLE,
  type AuthenticationKeyNoticeData,
} from './notice.ts';
export { renderFeeStatementPdf, type FeeStatementData, type FeeStatementKind } from './fee-statement.ts';
/** Reads and parses the document font now (about 150–250 ms) instead of during the first render; call at server start. */
export { documentFont as preloadDocumentFont } from './font.ts';
