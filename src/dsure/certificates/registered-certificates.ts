// Reading the certificates an orderer has registered. Every function takes the orderer's
// organisation id and returns nothing that organisation has not registered.
import type { DbOrTrx } from '../../db/database.ts';
import type { CertificateContent } from '../../domain/index.ts';
import type { CertificateSignature, SignedCertificate } from '../../signing/index.ts';

export interface CertificateVersion {
  version: number;
  issueDate: string;
  changeKind: string | null;
  contentHash: string;
  keyId: string;
  depositedAt: Date;
  signed: SignedCertificate;
}

export interface RegisteredCertificate {
  guaranteeContractNumber: string;
  registeredAt: Date;
  lastOpenedVersion: number;
  lastOpenedAt: Date;
  issuerCode: string;
  issuerName: string;
  versions: CertificateVersion[]; // oldest first
  latest: CertificateVersion;
}

/** A certificate registered by this orderer, with every version; null when it is not in the orderer's list. */
export async function findRegisteredCertificate(db: DbOrTrx, ordererId: string, number: string): Promise<RegisteredCertificate | null> {
  const registration = await db
    .selectFrom('dsure_registrations as r')
    .innerJoin('dsure_guarantees as g', 'g.guarantee_contract_number', 'r.guarantee_contract_number')
    .innerJoin('dsure_issuers as i', 'i.code', 'g.issuer_code')
    .select(['r.guarantee_contract_number', 'r.registered_at', 'r.last_opened_version', 'r.last_opened_at', 'g.issuer_code', 'i.name as issuer_name'])
    .where('r.orderer_id', '=', ordererId)
    .where('r.guarantee_contract_number', '=', number)
    .executeTakeFirst();
  if (!registration) return null;
  const rows = await db
    .selectFrom('dsure_certificates as c')
    .innerJoin('dsure_registrations as r', 'r.guarantee_contract_number', 'c.guarantee_contract_number')
    .select(['c.version', 'c.issue_date', 'c.change_kind', 'c.content_hash', 'c.key_id', 'c.deposited_at', 'c.content', 'c.signature'])
    .where('r.orderer_id', '=', ordererId)
    .where('c.guarantee_contract_number', '=', number)
    .orderBy('c.version')
    .execute();
  const versions = rows.map(
    (row): CertificateVersion => ({
      version: row.version,
      issueDate: row.issue_date,
      changeKind: row.change_kind,
      contentHash: row.content_hash,
      keyId: row.key_id,
      depositedAt: new Date(row.deposited_at),
      signed: { content: row.content as CertificateContent, signature: row.signature as CertificateSignature },
    }),
  );
  const latest = versions.at(-1);
  if (!latest) return null;
  return {
    guaranteeContractNumber: registration.guarantee_contract_number,
    registeredAt: new Date(registration.registered_at),
    lastOpenedVersion: registration.last_opened_version,
    lastOpenedAt: new Date(registration.last_opened_at),
    issuerCode: registration.issuer_code,
    issuerName: registration.issuer_name,
    versions,
    latest,
  };
}
