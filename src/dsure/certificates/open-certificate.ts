// Use case: an orderer opens a certificate in its list. The status is computed against the
// version it had opened before (so 変更あり shows on the visit that reveals the change); the
// opening is then remembered, logged in the view log (the contractor's 閲覧履歴) and audited.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { certificateStatus, todayInJapan, type CertificateStatus } from '../../domain/index.ts';
import { recordViewLog } from '../view-log.ts';
import { findRegisteredCertificate, type RegisteredCertificate } from './registered-certificates.ts';

export interface OpenedCertificate {
  certificate: RegisteredCertificate;
  status: CertificateStatus;
  previouslyOpenedVersion: number;
}

/** Null when the certificate is not in this orderer's list (the route answers 404). */
export async function openCertificate(
  trx: DbOrTrx,
  actor: { userId: string; organisationId: string; ip: string },
  number: string,
  now: Date,
): Promise<OpenedCertificate | null> {
  const certificate = await findRegisteredCertificate(trx, actor.organisationId, number);
  if (!certificate) return null;
  const latest = certificate.latest.signed.content;
  const status = certificateStatus({
    latestVersion: latest.version,
    cancelled: latest.cancelled,
    guaranteePeriodEnd: latest.guaranteePeriodEnd,
    lastOpenedVersion: certificate.lastOpenedVersion,
    today: todayInJapan(now),
  });
  await trx
    .updateTable('dsure_registrations')
    .set({ last_opened_version: latest.version, last_opened_at: now })
    .where('orderer_id', '=', actor.organisationId)
    .where('guarantee_contract_number', '=', number)
    .execute();
  await recordViewLog(trx, { ordererId: actor.organisationId, userId: actor.userId, ip: actor.ip, guaranteeContractNumber: number, outcome: 'opened', version: latest.version }, now);
  await appendAuditEvent(
    trx,
    { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip },
    { action: 'dsure.certificate_opened', subjectType: 'certificate', subjectId: number, data: { version: latest.version, status } },
    now,
  );
  return { certificate, status, previouslyOpenedVersion: certificate.lastOpenedVersion };
}
