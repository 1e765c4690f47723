// What changed between two versions of an electronic certificate, field by field, in the words
// and formats the certificate itself uses (和暦, 金…円). The bookkeeping of a version (版, the
// previous version's hash, 発行日, 変更の内容) is not a change of the guarantee and is left out.

import type { CertificateContent, Party } from './certificate.ts';
import { formatWareki, formatYen } from './format.ts';
import { categoryLabel, guaranteeTypeLabel } from './labels.ts';

export interface CertificateDifference {
  field: string; // where in the content, e.g. 'guaranteedAmount', 'work.contractPrice'
  label: string; // 保証金額
  old: string; // as written on the older version: 金12,300,000円
  new: string; // as written on the newer version
}

const NOT_WRITTEN = '（記載なし）';

type Reader = { field: string; label: string; read: (c: CertificateContent) => string };

const yen = (amount: number) => formatYen(amount);
const date = (iso: string) => formatWareki(iso);
const optional = (value: string | undefined) => (value ? value : NOT_WRITTEN);

function partyReaders(prefix: 'contractor' | 'orderer' | 'issuer', label: string): Reader[] {
  const party = (c: CertificateContent): Party => c[prefix];
  return [
    { field: `${prefix}.name`, label, read: (c) => party(c).name },
    { field: `${prefix}.address`, label: `${label} 所在地`, read: (c) => optional(party(c).address) },
    { field: `${prefix}.representative`, label: `${label} 代表者`, read: (c) => optional(party(c).representative) },
    { field: `${prefix}.corporateNumber`, label: `${label} 法人番号`, read: (c) => optional(party(c).corporateNumber) },
  ];
}

// In the order a certificate lists them: the guarantee first, then the contract, then the parties.
const READERS: Reader[] = [
  { field: 'guaranteeType', label: '保証の種類', read: (c) => guaranteeTypeLabel(c.guaranteeType) },
  { field: 'guaranteedAmount', label: '保証金額', read: (c) => yen(c.guaranteedAmount) },
  { field: 'guaranteePeriodStart', label: '保証期間（自）', read: (c) => date(c.guaranteePeriodStart) },
  { field: 'guaranteePeriodEnd', label: '保証期限（保証期間の至）', read: (c) => date(c.guaranteePeriodEnd) },
  { field: 'cancelled', label: '解約', read: (c) => (c.cancelled ? '解約' : 'なし') },
  { field: 'work.contractPrice', label: '請負代金額', read: (c) => yen(c.work.contractPrice) },
  { field: 'work.contractDate', label: '契約日', read: (c) => date(c.work.contractDate) },
  { field: 'work.initialContractDate', label: '当初契約日', read: (c) => date(c.work.initialContractDate) },
  { field: 'work.periodStart', label: '工期（自）', read: (c) => date(c.work.periodStart) },
  { field: 'work.periodEnd', label: '工期（至）', read: (c) => date(c.work.periodEnd) },
  { field: 'work.name', label: '工事名', read: (c) => c.work.name },
  { field: 'work.site', label: '工事場所', read: (c) => c.work.site },
  { field: 'work.category', label: '契約区分', read: (c) => categoryLabel(c.work.category) },
  { field: 'work.lowBid', label: '低入札価格調査の対象', read: (c) => (c.work.lowBid ? '該当' : '非該当') },
  ...partyReaders('contractor', '保証契約者（受注者）'),
  ...partyReaders('orderer', '被保証者（発注者）'),
  { field: 'orderer.section', label: '被保証者（発注者） 担当課', read: (c) => optional(c.orderer.section) },
  ...partyReaders('issuer', '保証事業会社'),
  { field: 'terms', label: '約款', read: (c) => c.terms },
];

/**
 * The fields whose written value differs from version `a` (older) to version `b` (newer), in
 * the certificate's order: e.g. [{ label: '保証金額', old: '金12,300,000円', new: '金15,000,000円' }].
 * An empty list when the two say the same thing.
 */
export function diffCertificates(a: CertificateContent, b: CertificateContent): CertificateDifference[] {
  const differences: CertificateDifference[] = [];
  for (const reader of READERS) {
    const before = reader.read(a);
    const after = reader.read(b);
    if (before !== after) differences.push({ field: reader.field, label: reader.label, old: before, new: after });
  }
  return differences;
}
