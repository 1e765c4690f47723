// D-Sure's door for 電子提出 (electronic submission). The contractor's service hands D-Sure
// the 保証契約番号 and its 認証キー; D-Sure keeps the key only as an HMAC (key-hmac.ts), addressed
// to the orderer named in its own copy of the certificate and to the receiving section the
// orderer's policy names for the guarantee type. D-Sure still reads none of the surety's
// tables: the certificate, its orderer and its versions are D-Sure's own (dsure_*), the policy
// is the orderer's.
//
//   submitToOrderer(trx, secrets, submission, now)      — refuses with a reason the caller can show
//   contractorSubmissions(db, contractorId, number)       — the contractor's submissions of one certificate
import { sql } from 'kysely';
import { appendAuditEvent } from '../audit/audit-log.ts';
import type { DbOrTrx } from '../db/database.ts';
import type { DsureSubmissionStatus } from '../db/schema.ts';
import {
  acceptsElectronicSubmission,
  electronicSubmissionSection,
  isGuaranteeType,
  parseAuthenticationKey,
  parseGuaranteeContractNumber,
  parseOrdererPolicy,
  submissionProgress,
  type SubmissionProgress,
} from '../domain/index.ts';
import type { Secrets } from '../secrets.ts';
import { authenticationKeyHmac } from './key-hmac.ts';

const LOCK_NAMESPACE = 727_107; // one submission per certificate and orderer at a time

export interface SubmissionInput {
  guaranteeContractNumber: string;
  authenticationKey: string; // as stored by the issuer (canonical); only its HMAC is kept
  contractor: { organisationId: string; name: string };
  submittedBy: { userId: string; ip: string | null };
  note: string | null;
}

export type SubmitResult =
  | { ok: true; submissionId: string; ordererName: string; receivingSection: string }
  | { ok: false; reason: 'unknown_certificate' | 'not_accepted' | 'already_submitted' | 'already_registered' | 'cancelled'; message: string };

/** The orderer a certificate is addressed to, its policy's answer and the section, from D-Sure's own data. */
export async function electronicSubmissionTarget(
  db: DbOrTrx,
  guaranteeContractNumber: string,
): Promise<{ ordererId: string; ordererName: string; receivingSection: string; accepts: boolean; cancelled: boolean } | null> {
  const row = await db
    .selectFrom('dsure_guarantees as g')
    .innerJoin('organisations as o', (join) => join.onRef('o.code', '=', 'g.orderer_code').on('o.kind', '=', 'orderer'))
    .leftJoin('orderer_policies as p', 'p.orderer_id', 'o.id')
    .select(['o.id', 'o.name', 'o.status', 'g.guarantee_type', 'g.cancelled', 'p.policy'])
    .where('g.guarantee_contract_number', '=', guaranteeContractNumber)
    .executeTakeFirst();
  if (!row || !isGuaranteeType(row.guarantee_type)) return null;
  const parsed = row.policy ? parseOrdererPolicy(row.policy) : null;
  const policy = parsed?.ok ? parsed.policy : null;
  return {
    ordererId: row.id,
    ordererName: row.name,
    receivingSection: policy ? electronicSubmissionSection(policy, row.guarantee_type) : '',
    accepts: row.status === 'active' && policy !== null && acceptsElectronicSubmission(policy, row.guarantee_type),
    cancelled: row.cancelled,
  };
}

/**
 * Stores an electronic submission for the orderer's 受付 inbox. Refuses when D-Sure does not hold
 * the certificate, when its orderer does not accept 電子提出, when one awaits 受付 already, or
 * when the orderer has the certificate in its list already. Call inside the caller's transaction.
 */
export async function submitToOrderer(trx: DbOrTrx, secrets: Secrets, input: SubmissionInput, now: Date): Promise<SubmitResult> {
  const number = parseGuaranteeContractNumber(input.guaranteeContractNumber)?.canonical;
  const key = parseAuthenticationKey(input.authenticationKey);
  const target = number ? await electronicSubmissionTarget(trx, number) : null;
  if (!number || !key || !target) {
    return { ok: false, reason: 'unknown_certificate', message: 'この保証契約の電子証書は、まだ D-Sure に登録されていません。時間をおいて再度お試しください。' };
  }
  if (!target.accepts) {
    return { ok: false, reason: 'not_accepted', message: `${target.ordererName}は電子提出を受け付けていません。「認証キー等のお知らせ」（PDF）を印刷し、発注者の定める方法で提出してください。` };
  }
  if (target.cancelled) {
    return { ok: false, reason: 'cancelled', message: '解約された保証契約は提出できません。' };
  }

  await sql`select pg_advisory_xact_lock(${LOCK_NAMESPACE}, hashtext(${`${target.ordererId}:${number}`}))`.execute(trx);
  const registered = await trx
    .selectFrom('dsure_registrations')
    .select('registered_at')
    .where('orderer_id', '=', target.ordererId)
    .where('guarantee_contract_number', '=', number)
    .executeTakeFirst();
  if (registered) {
    return { ok: false, reason: 'already_registered', message: `${target.ordererName}は、この電子証書をすでに受け付けています（D-Sure の電子証書一覧に登録済み）。` };
  }
  const pending = await trx
    .selectFrom('dsure_submissions')
    .select('id')
    .where('orderer_id', '=', target.ordererId)
    .where('guarantee_contract_number', '=', number)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
  if (pending) {
    return { ok: false, reason: 'already_submitted', message: 'この電子証書は提出済みで、発注者の受付を待っています。' };
  }

  const latest = await trx.selectFrom('dsure_guarantees').select('latest_version').where('guarantee_contract_number', '=', number).executeTakeFirstOrThrow();
  const row = await trx
    .insertInto('dsure_submissions')
    .values({
      guarantee_contract_number: number,
      version: latest.latest_version,
      orderer_id: target.ordererId,
      receiving_section: target.receivingSection,
      key_hmac: authenticationKeyHmac(secrets, key),
      contractor_id: input.contractor.organisationId,
      contractor_name: input.contractor.name,
      submitted_by_user_id: input.submittedBy.userId,
      note: input.note,
      submitted_at: now,
      status: 'submitted',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendAuditEvent(
    trx,
    { userId: input.submittedBy.userId, organisationId: input.contractor.organisationId, ip: input.submittedBy.ip },
    {
      action: 'dsure.submission_received',
      subjectType: 'certificate',
      subjectId: number,
      data: { submissionId: row.id, ordererId: target.ordererId, receivingSection: target.receivingSection, version: latest.latest_version },
    },
    now,
  );
  return { ok: true, submissionId: row.id, ordererName: target.ordererName, receivingSection: target.receivingSection };
}

export interface ContractorSubmission {
  id: string;
  ordererName: string;
  receivingSection: string;
  version: number;
  note: string | null;
  submittedAt: Date;
  status: DsureSubmissionStatus;
  decidedAt: Date | null;
  returnReason: string | null;
  firstOpenedAt: Date | null; // the orderer's first opening after 受付
  progress: SubmissionProgress;
}

/** The contractor's submissions of one certificate, newest first (scoped to the contractor). */
export async function contractorSubmissions(db: DbOrTrx, contractorId: string, guaranteeContractNumber: string): Promise<ContractorSubmission[]> {
  const rows = await db
    .selectFrom('dsure_submissions as s')
    .innerJoin('organisations as o', 'o.id', 's.orderer_id')
    .select((eb) => [
      's.id',
      'o.name as orderer_name',
      's.receiving_section',
      's.version',
      's.note',
      's.submitted_at',
      's.status',
      's.decided_at',
      's.return_reason',
      eb
        .selectFrom('dsure_view_log as v')
        .select((inner) => inner.fn.min('v.at').as('at'))
        .whereRef('v.orderer_id', '=', 's.orderer_id')
        .whereRef('v.guarantee_contract_number', '=', 's.guarantee_contract_number')
        .where('v.outcome', '=', 'opened')
        .whereRef('v.at', '>=', 's.decided_at')
        .as('first_opened_at'),
    ])
    .where('s.contractor_id', '=', contractorId)
    .where('s.guarantee_contract_number', '=', guaranteeContractNumber)
    .orderBy('s.submitted_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(100)
    .execute();
  return rows.map((row) => {
    const firstOpenedAt = row.status === 'accepted' && row.first_opened_at ? new Date(row.first_opened_at as Date | string) : null;
    return {
      id: row.id,
      ordererName: row.orderer_name,
      receivingSection: row.receiving_section,
      version: row.version,
      note: row.note,
      submittedAt: new Date(row.submitted_at),
      status: row.status,
      decidedAt: row.decided_at ? new Date(row.decided_at) : null,
      returnReason: row.return_reason,
      firstOpenedAt,
      progress: submissionProgress({ decision: row.status, openedAfterAcceptance: firstOpenedAt !== null }),
    };
  });
}
