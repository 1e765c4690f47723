// What an electronic certificate (電子証書) says: the content that is signed,
// stored as canonical JSON (RFC 8785) and shown on every screen and PDF.
// Amounts are integers in yen; dates are ISO strings (YYYY-MM-DD) in Japan time.

export type GuaranteeType =
  | 'advance_payment' // 前払金保証
  | 'intermediate_advance_payment' // 中間前払金保証
  | 'contract_performance' // 契約保証
  | 'contract_reservation'; // 契約保証予約 (never electronic)

/** A contract category code. Built-in: 'works' (工事), 'consulting' (建設コンサルタント等業務委託); orderers may add others. */
export type ContractCategory = string;

export type CertificateChangeKind =
  | 'increase' // 増額
  | 'decrease' // 減額
  | 'period_change' // 保証期限の変更
  | 'cancellation'; // 解約

export interface Party {
  name: string; // 商号 / 名称
  corporateNumber?: string; // 法人番号 (13 digits)
  address?: string; // 所在地
  representative?: string; // 代表者
}

export interface CertificateContent {
  schema: 'denshi-hosho/certificate/v1';
  guaranteeContractNumber: string; // 保証契約番号
  version: number; // 1, 2, ...
  previousVersionHash: string | null; // sha-256 (hex) of the previous version's canonical content
  guaranteeType: GuaranteeType;
  issuer: Party & { code: string }; // 保証事業会社
  contractor: Party; // 保証契約者 (受注者)
  orderer: Party & { code: string; section?: string }; // 被保証者 (発注者)
  work: {
    name: string; // 工事名
    site: string; // 工事場所
    category: ContractCategory;
    contractPrice: number; // 請負代金額
    contractDate: string; // 契約日
    initialContractDate: string; // 当初契約日
    periodStart: string; // 工期 (自)
    periodEnd: string; // 工期 (至)
    lowBid: boolean; // 低入札
  };
  guaranteedAmount: number; // 保証金額
  guaranteePeriodStart: string; // 保証期間 (自)
  guaranteePeriodEnd: string; // 保証期間 (至) = 保証期限
  terms: string; // the standard terms the guarantee is under (約款)
  issueDate: string; // 発行日 (YYYY-MM-DD, Japan time)
  change: null | { kind: CertificateChangeKind; reason: string; effectiveDate: string };
  cancelled: boolean; // true from the version that records 解約
}

/** One line of a fee statement (保証料計算書 / 保証料返還計算書). */
export interface FeeLine {
  label: string; // e.g. 基本保証料 (0.0xx% × 日数/365)
  amount: number; // yen, may be negative on refunds
  note?: string;
}

export interface FeeBreakdown {
  lines: FeeLine[];
  total: number; // yen
  taxable: boolean; // 保証料 is 非課税; the 契約保証予約 fee is taxed
  tariffName: string; // which tariff produced it (the default one says it is an example)
}
