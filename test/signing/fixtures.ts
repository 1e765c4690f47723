// A realistic certificate content (前払金保証 for a Hita City works contract) shared by the
// signing and documents tests.
import type { CertificateContent } from '../../src/domain/certificate.ts';
import { formatGuaranteeContractNumber } from '../../src/domain/identifiers.ts';

export function sampleContent(overrides: Partial<CertificateContent> = {}): CertificateContent {
  return {
    schema: 'denshi-hosho/certificate/v1',
    guaranteeContractNumber: formatGuaranteeContractNumber({ issuerCode: 'WJ', fiscalYear: 2024, serial: 123 }),
    version: 1,
    previousVersionHash: null,
    guaranteeType: 'advance_payment',
    issuer: {
      code: 'WJCS',
      name: '西日本建設業保証株式会社',
      address: '大阪府大阪市西区立売堀二丁目1番2号',
      representative: '代表取締役社長 保証太郎',
    },
    contractor: {
      name: '株式会社三隈建設',
      corporateNumber: '1320001012345',
      address: '大分県日田市三本松二丁目6番4号',
      representative: '代表取締役 日田一郎',
    },
    orderer: { code: 'oita-hita', name: '日田市', section: '契約検査室', representative: '日田市長 日田花子' },
    work: {
      name: '市道三隈川右岸線道路改良工事（第2工区）',
      site: '日田市大字友田 地内',
      category: 'works',
      contractPrice: 30850000,
      contractDate: '2024-10-15',
      initialContractDate: '2024-10-15',
      periodStart: '2024-10-16',
      periodEnd: '2025-03-25',
      lowBid: false,
    },
    guaranteedAmount: 12300000,
    guaranteePeriodStart: '2024-10-15',
    guaranteePeriodEnd: '2025-03-25',
    terms: '公共工事の前払金保証事業に関する法律に基づく前払金保証約款',
    issueDate: '2024-10-21',
    change: null,
    cancelled: false,
    ...overrides,
  };
}
