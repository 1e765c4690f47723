// Use case: download the お客様控え (customer copy) of one certificate version as a PDF — for
// electronic and paper deliveries alike, when the surety company issued one for that version.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { Trx } from '../../db/database.ts';
import { renderCustomerCopyPdf } from '../../documents/index.ts';
import { auditActorOf, statusOf, versionOf, type ContractorActor } from './common.ts';
import { findContractorGuarantee } from './queries.ts';

export type DownloadCustomerCopyResult = { ok: true; pdf: Buffer; version: number } | { ok: false; reason: 'not_found' };

export async function downloadCustomerCopy(
  trx: Trx,
  actor: ContractorActor,
  input: { guaranteeContractNumber: string; version: unknown },
  now: Date,
): Promise<DownloadCustomerCopyResult> {
  const guarantee = await findContractorGuarantee(trx, actor.organisationId, input.guaranteeContractNumber);
  if (!guarantee) return { ok: false, reason: 'not_found' };
  const shown = versionOf(guarantee, input.version);
  if (!shown || !shown.hasCustomerCopy) return { ok: false, reason: 'not_found' };
  const pdf = await renderCustomerCopyPdf(shown.signed, { statusLabel: statusOf(guarantee, shown, now).label });
  await appendAuditEvent(
    trx,
    auditActorOf(actor),
    {
      action: 'customer_copy.downloaded',
      subjectType: 'certificate',
      subjectId: shown.certificateId,
      data: { guaranteeContractNumber: guarantee.guaranteeContractNumber, version: shown.version },
    },
    now,
  );
  return { ok: true, pdf, version: shown.version };
}
