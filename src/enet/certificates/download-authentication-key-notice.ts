// Use case: download 『電子証書閲覧用「認証キー」等のお知らせ』 (PDF) — the paper the contractor
// prints and hands to the orderer: the number, the key, where to view it in D-Sure (with a QR
// code of the D-Sure form, number filled in) and how the orderer's policy wants it submitted.
// Read, rendered and recorded in one transaction: no audit event without the document, and no
// document without its audit event.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { Trx } from '../../db/database.ts';
import { renderAuthenticationKeyNoticePdf } from '../../documents/index.ts';
import { openAuthenticationKey } from '../../issuance/authentication-keys.ts';
import { loadOrdererPolicy } from '../../issuance/orderer-policy.ts';
import type { Secrets } from '../../secrets.ts';
import { auditActorOf, versionOf, submissionOf, type ContractorActor } from './common.ts';
import { noticeDataOf } from './notice-data.ts';
import { findContractorGuarantee, findSealedAuthenticationKey } from './queries.ts';

export type DownloadNoticeResult = { ok: true; pdf: Buffer; version: number } | { ok: false; reason: 'not_found' | 'paper' };

export async function downloadAuthenticationKeyNotice(
  trx: Trx,
  deps: { secrets: Secrets; baseUrl: string },
  actor: ContractorActor,
  guaranteeContractNumber: string,
  now: Date,
): Promise<DownloadNoticeResult> {
  const guarantee = await findContractorGuarantee(trx, actor.organisationId, guaranteeContractNumber);
  if (!guarantee) return { ok: false, reason: 'not_found' };
  const sealed = guarantee.delivery === 'electronic' ? await findSealedAuthenticationKey(trx, actor.organisationId, guarantee.id) : null;
  if (!sealed) return { ok: false, reason: 'paper' };
  const authenticationKey = openAuthenticationKey(deps.secrets, sealed, guarantee.guaranteeContractNumber);
  const current = versionOf(guarantee, undefined);
  if (!current) throw new Error(`guarantee ${guarantee.guaranteeContractNumber} has no certificate version`);
  const content = current.signed.content;
  const submission = submissionOf(await loadOrdererPolicy(trx, guarantee.ordererId), content);
  const pdf = await renderAuthenticationKeyNoticePdf(noticeDataOf(current.signed, authenticationKey, submission, deps.baseUrl));
  await appendAuditEvent(
    trx,
    auditActorOf(actor),
    {
      action: 'authentication_key_notice.downloaded',
      subjectType: 'guarantee',
      subjectId: guarantee.id,
      data: { guaranteeContractNumber, version: content.version },
    },
    now,
  );
  return { ok: true, pdf, version: content.version };
}
