// Use case: 受付 — the orderer accepts an electronic submission. D-Sure checks the submitted
// key's HMAC against the certificate it holds (any version's key: the key never changes
// between versions, but the check does not assume it) and that the certificate is addressed
// to this orderer, then registers it in the orderer's 電子証書一覧 without anyone typing the key.
// In one transaction: the conditional update (a double click accepts once), the registration,
// the view log (閲覧履歴: 認証キーの確認) and the audit event.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { sameHmac } from '../../dsure/key-hmac.ts';
import { recordViewLog } from '../../dsure/view-log.ts';

export interface OrdererActor {
  userId: string;
  organisationId: string;
  organisationCode: string;
  ip: string | null;
}

export type AcceptResult =
  | { ok: true; guaranteeContractNumber: string }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'already_decided' | 'key_mismatch'; message: string };

export async function acceptSubmission(trx: DbOrTrx, actor: OrdererActor, submissionId: string, now: Date): Promise<AcceptResult> {
  const submission = await trx
    .selectFrom('dsure_submissions')
    .select(['id', 'guarantee_contract_number', 'status', 'key_hmac'])
    .where('id', '=', submissionId)
    .where('orderer_id', '=', actor.organisationId)
    .forUpdate()
    .executeTakeFirst();
  if (!submission) return { ok: false, reason: 'not_found' };
  const number = submission.guarantee_contract_number;
  if (submission.status !== 'submitted') {
    return { ok: false, reason: 'already_decided', message: 'この提出はすでに受付または返戻されています。' };
  }
  const audit = { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip };

  const guarantee = await trx.selectFrom('dsure_guarantees').select(['orderer_code', 'latest_version']).where('guarantee_contract_number', '=', number).executeTakeFirstOrThrow();
  const versions = await trx.selectFrom('dsure_certificates').select('key_hmac').where('guarantee_contract_number', '=', number).execute();
  const keyMatches = versions.some((v) => sameHmac(v.key_hmac, submission.key_hmac));
  if (!keyMatches || guarantee.orderer_code !== actor.organisationCode) {
    await appendAuditEvent(
      trx,
      audit,
      { action: 'dsure.submission_check_failed', subjectType: 'certificate', subjectId: number, data: { submissionId, reason: keyMatches ? 'other_orderer' : 'wrong_key' } },
      now,
    );
    return { ok: false, reason: 'key_mismatch', message: '提出された認証キーを電子証書と照合できませんでした。理由を添えて返戻し、受注者に再提出を依頼してください。' };
  }

  await trx
    .insertInto('dsure_registrations')
    .values({
      orderer_id: actor.organisationId,
      guarantee_contract_number: number,
      registered_at: now,
      registered_by_user_id: actor.userId,
      last_opened_version: guarantee.latest_version,
      last_opened_at: now,
    })
    .onConflict((oc) => oc.columns(['orderer_id', 'guarantee_contract_number']).doNothing())
    .execute();
  await trx
    .updateTable('dsure_submissions')
    .set({ status: 'accepted', decided_at: now, decided_by_user_id: actor.userId })
    .where('id', '=', submission.id)
    .where('status', '=', 'submitted')
    .execute();
  await recordViewLog(trx, { ordererId: actor.organisationId, userId: actor.userId, ip: actor.ip, guaranteeContractNumber: number, outcome: 'registered', version: guarantee.latest_version }, now);
  await appendAuditEvent(
    trx,
    audit,
    { action: 'dsure.submission_accepted', subjectType: 'certificate', subjectId: number, data: { submissionId, version: guarantee.latest_version } },
    now,
  );
  return { ok: true, guaranteeContractNumber: number };
}
