// The orderer's list as CSV for Excel: UTF-8 with a BOM (so Excel detects the encoding),
// Japanese headers, dates in 和暦, amounts as plain integers (so they can be summed).
import { stringify } from 'csv-stringify/sync';
import type { DbOrTrx } from '../../db/database.ts';
import { certificateStatusLabel, formatWareki, guaranteeTypeLabel, todayInJapan } from '../../domain/index.ts';
import { allRegisteredCertificates, type CertificateFilter } from './list-certificates.ts';
import { formatWarekiDateTime } from '../views/format.ts';

export const CSV_HEADERS = ['保証契約番号', '保証の種類', '工事名', '受注者', '保証金額（円）', '保証期限', '状態', '最新の版', '保証事業会社', '登録日時'];

export async function certificatesCsv(db: DbOrTrx, ordererId: string, filter: CertificateFilter, now: Date): Promise<Buffer> {
  const records: string[][] = [CSV_HEADERS];
  for await (const row of allRegisteredCertificates(db, ordererId, filter, now)) {
    records.push([
      row.guaranteeContractNumber,
      guaranteeTypeLabel(row.guaranteeType),
      row.workName,
      row.contractorName,
      String(row.guaranteedAmount),
      formatWareki(row.guaranteePeriodEnd),
      certificateStatusLabel(row.status),
      `第${row.latestVersion}版`,
      row.issuerName,
      formatWarekiDateTime(row.registeredAt),
    ]);
  }
  const text = stringify(records, { record_delimiter: 'windows' });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** 電子証書一覧_20261127.csv, as a Content-Disposition with an ASCII fallback and RFC 5987 filename*. */
export function csvContentDisposition(now: Date): string {
  const date = todayInJapan(now).replaceAll('-', '');
  const name = `電子証書一覧_${date}.csv`;
  return `attachment; filename="dsure-certificates-${date}.csv"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
