// Use case: 「認証キー」の表示 — the contractor opens the 認証キー of its own electronic guarantee
// to hand it to the orderer. The key is unsealed for this response only; the display itself is
// an audit event, written in the same transaction as the read.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { Trx } from '../../db/database.ts';
import type { CertificateContent } from '../../domain/index.ts';
import { openAuthenticationKey } from '../../issuance/authentication-keys.ts';
import { loadOrdererPolicy } from '../../issuance/orderer-policy.ts';
import type { Secrets } from '../../secrets.ts';
import { auditActorOf, currentContent, submissionOf, type ContractorActor, type Submission } from './common.ts';
import { findContractorGuarantee, findSealedAuthenticationKey, type ContractorGuarantee } from './queries.ts';

export type DisplayAuthenticationKeyResult =
  | { ok: true; guarantee: ContractorGuarantee; content: CertificateContent; authenticationKey: string; submission: Submission }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'paper'; guarantee: ContractorGuarantee };

export async function displayAuthenticationKey(
  trx: Trx,
  secrets: Secrets,
  actor: ContractorActor,
  guaranteeContractNumber: string,
  now: Date,
): Promise<DisplayAuthenticationKeyResult> {
  const guarantee = await findContractorGuarantee(trx, actor.organisationId, guaranteeContractNumber);
  if (!guarantee) return { ok: false, reason: 'not_found' };
  if (guarantee.delivery !== 'electronic') return { ok: false, reason: 'paper', guarantee };
  const sealed = await findSealedAuthenticationKey(trx, actor.organisationId, guarantee.id);
  if (!sealed) return { ok: false, reason: 'paper', guarantee };
  const authenticationKey = openAuthenticationKey(secrets, sealed, guarantee.guaranteeContractNumber);
  const content = currentContent(guarantee);
  const submission = submissionOf(await loadOrdererPolicy(trx, guarantee.ordererId), content);
  await appendAuditEvent(
    trx,
    auditActorOf(actor),
    { action: 'authentication_key.displayed', subjectType: 'guarantee', subjectId: guarantee.id, data: { guaranteeContractNumber: guarantee.guaranteeContractNumber } },
    now,
  );
  return { ok: true, guarantee, content, authenticationKey, submission };
}
