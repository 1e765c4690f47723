// Use case: download the 保証証書 (電子証書) of one version as a PDF. Electronic guarantees only:
// a paper-delivery certificate is the printed paper the surety company sends. The download is
// an audit event in the same transaction as the read.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { Trx } from '../../db/database.ts';
import { renderCertificatePdf } from '../../documents/index.ts';
import { auditActorOf, statusOf, versionOf, type ContractorActor } from './common.ts';
import { findContractorGuarantee } from './queries.ts';

export type DownloadCertificateResult = { ok: true; pdf: Buffer; version: number } | { ok: false; reason: 'not_found' | 'paper' };

export async function downloadCertificatePdf(
  trx: Trx,
  actor: ContractorActor,
  input: { guaranteeContractNumber: string; version: unknown },
  now: Date,
): Promise<DownloadCertificateResult> {
  const guarantee = await findContractorGuarantee(trx, actor.organisationId, input.guaranteeContractNumber);
  if (!guarantee) return { ok: false, reason: 'not_found' };
  const shown = versionOf(guarantee, input.version);
  if (!shown) return { ok: false, reason: 'not_found' };
  if (guarantee.delivery !== 'electronic' || shown.medium !== 'electronic') return { ok: false, reason: 'paper' };
  const pdf = await renderCertificatePdf(shown.signed, { statusLabel: statusOf(guarantee, shown, now).label });
  await appendAuditEvent(
    trx,
    auditActorOf(actor),
    {
      action: 'certificate.pdf_downloaded',
      subjectType: 'certificate',
      subjectId: shown.certificateId,
      data: { guaranteeContractNumber: guarantee.guaranteeContractNumber, version: shown.version, contentHash: shown.signed.signature.contentHash },
    },
    now,
  );
  return { ok: true, pdf, version: shown.version };
}
