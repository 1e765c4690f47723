// Use case: download a 保証料計算書 (or a later 追加保証料計算書 / 保証料返還計算書) as a PDF,
// with its breakdown line by line, for the certificate version it belongs to.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { Trx } from '../../db/database.ts';
import { todayInJapan } from '../../domain/index.ts';
import { renderFeeStatementPdf, type FeeStatementKind } from '../../documents/index.ts';
import { auditActorOf, versionOf, type ContractorActor } from './common.ts';
import { findContractorGuarantee, type FeeStatementView } from './queries.ts';

const KINDS: Record<string, FeeStatementKind> = { initial: '保証料計算書', additional: '追加保証料計算書', refund: '保証料返還計算書' };

/** 保証料計算書 / 追加保証料計算書 / 保証料返還計算書 of a stored kind. */
export function feeStatementKindLabel(kind: string): FeeStatementKind {
  return KINDS[kind] ?? '保証料計算書';
}

export type DownloadFeeStatementResult =
  | { ok: true; pdf: Buffer; kind: FeeStatementKind; feeStatement: FeeStatementView }
  | { ok: false; reason: 'not_found' };

export async function downloadFeeStatement(
  trx: Trx,
  actor: ContractorActor,
  input: { guaranteeContractNumber: string; feeStatementId: string },
  now: Date,
): Promise<DownloadFeeStatementResult> {
  const guarantee = await findContractorGuarantee(trx, actor.organisationId, input.guaranteeContractNumber);
  if (!guarantee) return { ok: false, reason: 'not_found' };
  const feeStatement = guarantee.feeStatements.find((f) => f.id === input.feeStatementId);
  if (!feeStatement) return { ok: false, reason: 'not_found' };
  const version = versionOf(guarantee, feeStatement.certificateVersion === null ? undefined : String(feeStatement.certificateVersion));
  if (!version) return { ok: false, reason: 'not_found' };
  const content = version.signed.content;
  const kind = feeStatementKindLabel(feeStatement.kind);
  const pdf = await renderFeeStatementPdf({
    kind,
    guaranteeContractNumber: guarantee.guaranteeContractNumber,
    guaranteeType: content.guaranteeType,
    contractor: content.contractor,
    issuer: content.issuer,
    ordererName: content.orderer.name,
    workName: content.work.name,
    guaranteedAmount: content.guaranteedAmount,
    guaranteePeriodStart: content.guaranteePeriodStart,
    guaranteePeriodEnd: content.guaranteePeriodEnd,
    breakdown: feeStatement.breakdown,
    issueDate: todayInJapan(feeStatement.createdAt),
    certificateVersion: content.version,
    certificateContentHash: version.signed.signature.contentHash,
  });
  await appendAuditEvent(
    trx,
    auditActorOf(actor),
    {
      action: 'fee_statement.downloaded',
      subjectType: 'fee_statement',
      subjectId: feeStatement.id,
      data: { guaranteeContractNumber: guarantee.guaranteeContractNumber, version: content.version, kind: feeStatement.kind, total: feeStatement.breakdown.total },
    },
    now,
  );
  return { ok: true, pdf, kind, feeStatement };
}
