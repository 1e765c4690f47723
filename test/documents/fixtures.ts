// Signed certificates and document data for the documents tests.
import type { CertificateContent } from '../../src/domain/certificate.ts';
import { generateAuthenticationKey } from '../../src/domain/identifiers.ts';
import type { AuthenticationKeyNoticeData, FeeStatementData } from '../../src/documents/index.ts';
import { generateSigningKey, signCertificate, type SignedCertificate } from '../../src/signing/index.ts';
import { sampleContent } from '../signing/fixtures.ts';

export const signingKey = generateSigningKey();

export function signedCertificate(overrides: Partial<CertificateContent> = {}): SignedCertificate {
  return signCertificate(sampleContent(overrides), signingKey, new Date('2024-10-21T01:23:45.000Z'));
}

/** A fixed, valid 認証キー (the domain's generator fed with fixed bytes). */
export const AUTHENTICATION_KEY = generateAuthenticationKey((count) => Uint8Array.from({ length: count }, (_, i) => (i * 37 + 11) % 253));

export function noticeData(overrides: Partial<AuthenticationKeyNoticeData> = {}): AuthenticationKeyNoticeData {
  const content = sampleContent();
  return {
    guaranteeContractNumber: content.guaranteeContractNumber,
    authenticationKey: AUTHENTICATION_KEY,
    guaranteeType: content.guaranteeType,
    orderer: { name: '日田市', section: '契約検査室' },
    workName: content.work.name,
    contractorName: content.contractor.name,
    guaranteedAmount: content.guaranteedAmount,
    issueDate: content.issueDate,
    issuerName: content.issuer.name,
    dsure: {
      serviceUrl: 'https://dsure.example.jp/dsure',
      viewUrl: `https://dsure.example.jp/dsure/view?number=${encodeURIComponent(content.guaranteeContractNumber)}`,
    },
    submission: { channels: ['持参', 'FAX'], receivingSection: '日田市 契約検査室', note: '詳しくは日田市 契約検査室（0973-00-0000）にお問い合わせください。' },
    ...overrides,
  };
}

export function feeStatementData(overrides: Partial<FeeStatementData> = {}): FeeStatementData {
  const content = sampleContent();
  return {
    kind: '保証料計算書',
    guaranteeContractNumber: content.guaranteeContractNumber,
    guaranteeType: content.guaranteeType,
    contractor: content.contractor,
    issuer: content.issuer,
    ordererName: content.orderer.name,
    workName: content.work.name,
    guaranteedAmount: content.guaranteedAmount,
    guaranteePeriodStart: content.guaranteePeriodStart,
    guaranteePeriodEnd: content.guaranteePeriodEnd,
    issueDate: content.issueDate,
    certificateVersion: 1,
    breakdown: {
      lines: [
        { label: '基本保証料（保証金額 × 年0.258% × 162日 / 365日）', amount: 14085, note: '162日' },
        { label: '電子交付による減額', amount: -500, note: '電子証書' },
      ],
      total: 13585,
      taxable: false,
      tariffName: '例示用の料率表（実際の料率ではありません）',
    },
    ...overrides,
  };
}
