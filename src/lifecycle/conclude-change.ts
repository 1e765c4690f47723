// Use case: the surety concludes a change request (変更・解約の締結). ONE transaction:
//  1. the application row lock and its conditional update (status in statusesAllowing('conclude'),
//     same revision) decide the single winner among double clicks and concurrent approvals;
//  2. the guarantee's row lock and its conditional update (current_version = N, status active)
//     move it to version N+1 once — and to 'cancelled' for a 解約;
//  3. version N+1 is built from version N and the change (domain amendCertificate), linked to it
//     by previousVersionHash = contentHash(vN), signed with the surety's active key, stored
//     beside version N (never over it);
//  4. the 追加保証料計算書 or 保証料返還計算書, the お客様控え of the new version;
//  5. D-Sure receives the new version with the SAME 認証キー (opened from its sealed copy), so
//     the orderer's key and registration carry over, and D-Sure tells the registered orderers;
//  6. the contractor's mail, the history and the audit events.
// Any failure rolls everything back: no half-written change.
import { appendAuditEvent, type AuditActor } from '../audit/audit-log.ts';
import { recordApplicationEvents } from '../audit/application-history.ts';
import type { Trx } from '../db/database.ts';
import { statusesAllowing, type ApplicationStatus } from '../domain/application-status.ts';
import { changeKindLabel, type CertificateChangeKind } from '../domain/index.ts';
import { depositCertificate } from '../dsure/intake.ts';
import { openAuthenticationKey } from '../issuance/authentication-keys.ts';
import type { StaffActor } from '../issuance/conclude-guarantee.ts';
import { checkFourEyes } from '../issuance/four-eyes.ts';
import { issuerCodeOf } from '../issuance/guarantee-number.ts';
import { activeSigningKey } from '../issuance/signing-keys.ts';
import { enqueueMail } from '../mail/outbox.ts';
import type { Secrets } from '../secrets.ts';
import { contentHash, signCertificate } from '../signing/index.ts';
import { changeDetailsOf } from './change-details.ts';
import { examineChange } from './examine-change.ts';
import { changeConcludedMail } from './mails.ts';

export type ConcludeChangeResult =
  | { ok: true; guaranteeId: string; guaranteeContractNumber: string; version: number; kind: CertificateChangeKind; feeStatement: 'additional' | 'refund' | null }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'already_concluded'; guaranteeContractNumber: string | null }
  | { ok: false; reason: 'wrong_status'; status: ApplicationStatus }
  | { ok: false; reason: 'stale' }
  | { ok: false; reason: 'blocked'; problems: string[] }
  | { ok: false; reason: 'four_eyes'; message: string };

/** The words of the fee statements a change issues. */
export const CHANGE_FEE_LABELS = { additional: '追加保証料', refund: '返還する保証料' } as const;

export async function concludeChange(
  trx: Trx,
  deps: { secrets: Secrets; baseUrl: string },
  actor: StaffActor,
  input: { applicationId: string; revision: number | null },
  now: Date,
): Promise<ConcludeChangeResult> {
  const suretyId = actor.organisationId;
  // The row lock: a second approval of the same request waits here, then sees it concluded.
  const application = await trx
    .selectFrom('applications')
    .selectAll()
    .where('id', '=', input.applicationId)
    .where('surety_id', '=', suretyId)
    .forUpdate()
    .executeTakeFirst();
  if (!application || application.kind !== 'change') return { ok: false, reason: 'not_found' };
  if (application.status === 'concluded') return { ok: false, reason: 'already_concluded', guaranteeContractNumber: changeDetailsOf(application)?.guaranteeContractNumber ?? null };
  if (!statusesAllowing('conclude').includes(application.status)) return { ok: false, reason: 'wrong_status', status: application.status };
  if (input.revision !== null && input.revision !== application.revision) return { ok: false, reason: 'stale' };

  // Four eyes, as for a new guarantee: a proposal by someone else, concluded by an approver.
  const fourEyes = await checkFourEyes(trx, actor, application.id, '変更・解約');
  if (!fourEyes.ok) return { ok: false, reason: 'four_eyes', message: fourEyes.message };

  // The guarantee's row lock is taken here (two different requests for one guarantee: one at a time).
  const examination = await examineChange(trx, suretyId, application, now, { lock: true });
  const { target, check } = examination;
  const surety = await trx.selectFrom('organisations').select(['name', 'code']).where('id', '=', suretyId).executeTakeFirstOrThrow();
  const issuerCode = issuerCodeOf(surety.code);
  if (target && issuerCode !== target.current.content.issuer.code) {
    examination.blockers.push('保証事業会社コードが電子証書の発行者コードと一致しないため、新しい版に署名できません。管理者にお問い合わせください。');
  }
  if (examination.blockers.length > 0 || !target || !check?.amended || !check.kind || !issuerCode) {
    return { ok: false, reason: 'blocked', problems: examination.blockers.length > 0 ? examination.blockers : ['申込内容を確認できません。'] };
  }
  const kind = check.kind;
  const previous = target.current.content;
  const fromVersion = target.currentVersion;
  const toVersion = fromVersion + 1;

  // The single winner (nothing was written before this point).
  const won = await trx
    .updateTable('applications')
    .set((eb) => ({ status: 'concluded', revision: eb('revision', '+', 1), updated_at: now }))
    .where('id', '=', application.id)
    .where('surety_id', '=', suretyId)
    .where('revision', '=', application.revision)
    .where('status', 'in', [...statusesAllowing('conclude')])
    .executeTakeFirst();
  if (Number(won.numUpdatedRows) !== 1) return { ok: false, reason: 'stale' };

  const moved = await trx
    .updateTable('guarantees')
    .set({ current_version: toVersion, status: kind === 'cancellation' ? 'cancelled' : 'active' })
    .where('id', '=', target.guaranteeId)
    .where('surety_id', '=', suretyId)
    .where('current_version', '=', fromVersion)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw new Error(`guarantee ${target.guaranteeContractNumber} moved while locked`);

  // Version N+1: the chain link is recomputed from version N's content, never taken on trust.
  const previousHash = contentHash(previous);
  if (previousHash !== target.current.contentHash) throw new Error(`stored content hash of ${target.guaranteeContractNumber} v${fromVersion} does not match its content`);
  const content = { ...check.amended, previousVersionHash: previousHash };
  const who: AuditActor = { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip };
  const signingKey = await activeSigningKey(trx, deps.secrets, { id: suretyId, code: issuerCode, name: surety.name }, now, who);
  const signed = signCertificate(content, signingKey, now);
  const electronic = target.delivery === 'electronic';

  const certificate = await trx
    .insertInto('certificates')
    .values({
      guarantee_id: target.guaranteeId,
      version: toVersion,
      content: JSON.stringify(signed.content),
      content_hash: signed.signature.contentHash,
      key_id: signed.signature.keyId,
      signature: signed.signature.value,
      signed_at: now,
      medium: target.delivery,
      deposited_at: electronic ? now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const fee = check.fee;
  let feeStatement: { kind: 'additional' | 'refund'; total: number } | null = null;
  if (fee && fee.statement) {
    await trx
      .insertInto('fee_statements')
      .values({ guarantee_id: target.guaranteeId, certificate_id: certificate.id, kind: fee.statement, breakdown: JSON.stringify(fee.breakdown), total: fee.breakdown.total, created_at: now })
      .execute();
    feeStatement = { kind: fee.statement, total: fee.breakdown.total };
  }
  await trx.insertInto('customer_copies').values({ guarantee_id: target.guaranteeId, certificate_id: certificate.id, created_at: now }).execute();
  await trx.deleteFrom('conclusion_proposals').where('application_id', '=', application.id).execute();
  await recordApplicationEvents(trx, [
    {
      applicationId: application.id,
      kind: 'concluded',
      at: now,
      actorUserId: actor.userId,
      message: `保証契約の${kind === 'cancellation' ? '解約' : `変更（${changeKindLabel(kind)}）`}を締結し、電子証書の第${toVersion}版を発行しました（保証契約番号 ${target.guaranteeContractNumber}）。`,
      snapshot: JSON.stringify({ ...application, status: 'concluded', revision: application.revision + 1 }),
    },
  ]);

  // D-Sure: the new version under the same 認証キー (the orderer's key keeps working).
  if (electronic) {
    if (!target.authenticationKeySealed) throw new Error(`electronic guarantee ${target.guaranteeContractNumber} has no sealed key`);
    const authenticationKey = openAuthenticationKey(deps.secrets, target.authenticationKeySealed, target.guaranteeContractNumber);
    await depositCertificate(trx, deps.secrets, { signed, authenticationKey }, now);
  }

  const recipient = await trx
    .selectFrom('users')
    .select(['email', 'display_name'])
    .where('id', '=', application.applicant_user_id)
    .where('organisation_id', '=', application.contractor_id)
    .executeTakeFirst();
  const company = await trx.selectFrom('organisations').select('email').where('id', '=', application.contractor_id).executeTakeFirst();
  const to = recipient?.email ?? company?.email ?? null;
  if (to) {
    await enqueueMail(
      trx,
      changeConcludedMail({
        to,
        recipientName: recipient?.display_name ?? 'ご担当者',
        content: signed.content,
        differences: check.differences,
        fee: feeStatement ? { label: CHANGE_FEE_LABELS[feeStatement.kind], total: feeStatement.total } : null,
        delivery: target.delivery,
        baseUrl: deps.baseUrl,
      }),
      now,
    );
  }

  const number = target.guaranteeContractNumber;
  await appendAuditEvent(trx, who, { action: 'application.concluded', subjectType: 'application', subjectId: application.id, data: { guaranteeContractNumber: number, kind: 'change' } }, now);
  await appendAuditEvent(
    trx,
    who,
    {
      action: kind === 'cancellation' ? 'guarantee.cancelled' : 'guarantee.changed',
      subjectType: 'guarantee',
      subjectId: target.guaranteeId,
      data: { guaranteeContractNumber: number, applicationId: application.id, kind, fromVersion, toVersion, effectiveDate: content.change?.effectiveDate ?? null, changed: check.differences.map((d) => d.field), feeStatement, proposedBy: fourEyes.proposedBy, mailQueued: Boolean(to) },
    },
    now,
  );
  await appendAuditEvent(
    trx,
    who,
    { action: 'certificate.issued', subjectType: 'certificate', subjectId: certificate.id, data: { guaranteeContractNumber: number, version: toVersion, previousVersionHash: previousHash, keyId: signed.signature.keyId, contentHash: signed.signature.contentHash, medium: target.delivery, depositedWithDsure: electronic } },
    now,
  );
  return { ok: true, guaranteeId: target.guaranteeId, guaranteeContractNumber: number, version: toVersion, kind, feeStatement: feeStatement?.kind ?? null };
}
