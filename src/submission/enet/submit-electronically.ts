// Use case: 電子提出 — the contractor submits its electronic guarantee to the orderer's
// receiving section instead of bringing the printed key notice. In ONE transaction: the
// contractor's own guarantee (scoped), the orderer's policy (it must take 電子提出), the sealed
// 認証キー opened for this moment only and handed to D-Sure's door (which keeps its HMAC only),
// and the audit event of the key leaving e-Net保証.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { Trx } from '../../db/database.ts';
import { acceptsElectronicSubmission } from '../../domain/index.ts';
import { submitToOrderer } from '../../dsure/submissions.ts';
import { auditActorOf, currentContent, type ContractorActor } from '../../enet/certificates/common.ts';
import { findContractorGuarantee, findSealedAuthenticationKey } from '../../enet/certificates/queries.ts';
import { openAuthenticationKey } from '../../issuance/authentication-keys.ts';
import { loadOrdererPolicy } from '../../issuance/orderer-policy.ts';
import type { Secrets } from '../../secrets.ts';

export type SubmitElectronicallyResult =
  | { ok: true; submissionId: string; ordererName: string; receivingSection: string }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'refused'; message: string };

export async function submitElectronically(
  trx: Trx,
  secrets: Secrets,
  actor: ContractorActor,
  input: { guaranteeContractNumber: string; note: string | null },
  now: Date,
): Promise<SubmitElectronicallyResult> {
  const guarantee = await findContractorGuarantee(trx, actor.organisationId, input.guaranteeContractNumber);
  if (!guarantee) return { ok: false, reason: 'not_found' };
  if (guarantee.delivery !== 'electronic') {
    return { ok: false, reason: 'refused', message: '書面で交付する保証契約のため、電子提出はできません。書面の保証証書を発注者へご提出ください。' };
  }
  if (guarantee.status === 'cancelled') return { ok: false, reason: 'refused', message: '解約された保証契約は提出できません。' };
  const content = currentContent(guarantee);
  const policy = await loadOrdererPolicy(trx, guarantee.ordererId);
  if (policy.status !== 'ok' || !acceptsElectronicSubmission(policy.policy, guarantee.guaranteeType)) {
    return {
      ok: false,
      reason: 'refused',
      message: `${content.orderer.name}は電子提出を受け付けていません。「認証キー等のお知らせ」（PDF）を印刷し、発注者の定める方法で提出してください。`,
    };
  }
  const sealed = await findSealedAuthenticationKey(trx, actor.organisationId, guarantee.id);
  if (!sealed) return { ok: false, reason: 'refused', message: '書面で交付する保証契約のため、電子提出はできません。' };
  const authenticationKey = openAuthenticationKey(secrets, sealed, guarantee.guaranteeContractNumber);

  const result = await submitToOrderer(
    trx,
    secrets,
    {
      guaranteeContractNumber: guarantee.guaranteeContractNumber,
      authenticationKey,
      contractor: { organisationId: actor.organisationId, name: content.contractor.name },
      submittedBy: { userId: actor.userId, ip: actor.ip },
      note: input.note,
    },
    now,
  );
  if (!result.ok) return { ok: false, reason: 'refused', message: result.message };
  await appendAuditEvent(
    trx,
    auditActorOf(actor),
    {
      action: 'authentication_key.submitted_electronically',
      subjectType: 'guarantee',
      subjectId: guarantee.id,
      data: { guaranteeContractNumber: guarantee.guaranteeContractNumber, submissionId: result.submissionId, receivingSection: result.receivingSection },
    },
    now,
  );
  return result;
}
