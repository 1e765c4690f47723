// The API's JSON shapes (described in openapi.ts): what D-Sure holds, as data. Amounts are
// integers in yen, dates ISO (YYYY-MM-DD), times ISO 8601 in UTC; labels are Japanese.
import { certificateStatusLabel, guaranteeTypeLabel, type CertificateStatus } from '../../domain/index.ts';
import type { CertificateListRow } from '../../dsure/certificates/list-certificates.ts';
import type { OpenedCertificate } from '../../dsure/certificates/open-certificate.ts';
import type { Jwks, SignedCertificate } from '../../signing/index.ts';
import { verifyCertificate } from '../../signing/index.ts';

export function jwksUrlOf(baseUrl: string): string {
  return `${baseUrl}/.well-known/jwks.json`;
}

function verificationOf(signed: SignedCertificate, jwks: Jwks) {
  const result = verifyCertificate(signed, jwks);
  return result.valid
    ? { valid: true as const, keyId: result.keyId, contentHash: result.contentHash }
    : { valid: false as const, reason: result.reason, reasonEn: result.reasonEn };
}

export function certificateDetail(opened: OpenedCertificate, jwks: Jwks, baseUrl: string) {
  const { certificate, status } = opened;
  const latest = certificate.latest;
  return {
    guaranteeContractNumber: certificate.guaranteeContractNumber,
    status,
    statusLabel: certificateStatusLabel(status),
    latestVersion: latest.version,
    issuer: { code: certificate.issuerCode, name: certificate.issuerName },
    registeredAt: certificate.registeredAt.toISOString(),
    certificate: latest.signed,
    verification: { ...verificationOf(latest.signed, jwks), jwksUrl: jwksUrlOf(baseUrl) },
    versions: certificate.versions.map((v) => ({
      version: v.version,
      issueDate: v.issueDate,
      changeKind: v.changeKind,
      contentHash: v.contentHash,
      keyId: v.keyId,
      depositedAt: v.depositedAt.toISOString(),
      signatureValid: verifyCertificate(v.signed, jwks).valid,
      certificate: v.signed,
    })),
  };
}

export function certificateSummary(row: CertificateListRow) {
  return {
    guaranteeContractNumber: row.guaranteeContractNumber,
    guaranteeType: row.guaranteeType,
    guaranteeTypeLabel: guaranteeTypeLabel(row.guaranteeType),
    workName: row.workName,
    contractorName: row.contractorName,
    guaranteedAmount: row.guaranteedAmount,
    guaranteePeriodEnd: row.guaranteePeriodEnd,
    latestVersion: row.latestVersion,
    issuerName: row.issuerName,
    registeredAt: row.registeredAt.toISOString(),
    status: row.status as CertificateStatus,
    statusLabel: certificateStatusLabel(row.status),
  };
}
