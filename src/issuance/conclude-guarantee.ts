// Use case: 保証契約締結 — the moment the guarantee exists. Run it inside ONE transaction:
// the conditional update of the application (status in statusesAllowing('conclude')) decides
// the single winner among double clicks and concurrent approvals; the winner then allocates
// the 保証契約番号, signs certificate version 1, creates the 認証キー (HMAC + sealed copy),
// has D-Sure check the deposit (its door in dsure/intake.ts), then records the guarantee, the
// certificate, the fee statement, the customer copy, the notice email, D-Sure's deposit and the
// audit events in one statement. Five statements in all, BEGIN and COMMIT included (each is a
// round trip). Any failure rolls everything back.
import { randomUUID } from 'node:crypto';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { auditLogRow, type AuditActor, type AuditEvent } from '../audit/audit-log.ts';
import { applicationEventRow } from '../audit/application-history.ts';
import { columnNames, compiledOnceFor, rowsAsUnnest } from '../db/batch.ts';
import type { Role } from '../db/schema.ts';
import type { DbOrTrx, Trx } from '../db/database.ts';
import { statusesAllowing, type ApplicationStatus } from '../domain/application-status.ts';
import { generateAuthenticationKey, parseAuthenticationKey } from '../domain/index.ts';
import { checkDeposit, checkFirstDeposit, depositWritten, refusalOfConcurrentFirstVersion, withDepositWrites } from '../dsure/intake.ts';
import { issuerKeysJson } from '../dsure/issuer-keys.ts';
import { OUTBOX_COLUMNS, outboxRow } from '../mail/outbox.ts';
import type { Secrets } from '../secrets.ts';
import { signCertificate } from '../signing/index.ts';
import { authenticationKeyHmac, sealAuthenticationKey } from './authentication-keys.ts';
import { buildCertificateContent } from './certificate-content.ts';
import { examineApplication } from './examination.ts';
import { allocateGuaranteeContractNumber, issuerCodeOf, nextSerialExpression, serialSequenceOf } from './guarantee-number.ts';
import { conclusionMail } from './notice-mail.ts';
import { storedPolicyOf } from './orderer-policy.ts';
import { activeSigningKey } from './signing-keys.ts';
import { fourEyesVerdict } from './four-eyes.ts';
import { storedTariffOf } from './tariff.ts';

export interface StaffActor {
  userId: string;
  organisationId: string; // the surety company (tenant)
  role: Role;
  ip: string | null;
}


export type ConcludeResult =
  | { ok: true; guaranteeId: string; guaranteeContractNumber: string; delivery: 'electronic' | 'paper' }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'already_concluded'; guaranteeId: string; guaranteeContractNumber: string }
  | { ok: false; reason: 'wrong_status'; status: ApplicationStatus }
  | { ok: false; reason: 'stale' }
  | { ok: false; reason: 'blocked'; problems: string[] }
  | { ok: false; reason: 'four_eyes'; message: string };

const auditActor = (actor: StaffActor): AuditActor => ({ userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip });

async function alreadyConcluded(trx: Trx, applicationId: string, suretyId: string): Promise<ConcludeResult | null> {
  const guarantee = await trx
    .selectFrom('guarantees')
    .select(['id', 'guarantee_contract_number'])
    .where('application_id', '=', applicationId)
    .where('surety_id', '=', suretyId)
    .executeTakeFirst();
  return guarantee ? { ok: false, reason: 'already_concluded', guaranteeId: guarantee.id, guaranteeContractNumber: guarantee.guarantee_contract_number } : null;
}

// Everything the decision needs, in ONE read (each statement is a round trip; this was five):
// the application, four eyes, the three parties, the orderer's policy, the company's tariff,
// the applicant's address and the company's active signing key. Built once per process.
const conclusionFacts = compiledOnceFor((db: DbOrTrx, v: { applicationId: string; suretyId: string }) =>
  db
    .selectFrom('applications as a')
    .selectAll('a')
    .select((eb) => [
      jsonObjectFrom(eb.selectFrom('surety_settings as s').select(['s.four_eyes', 's.fee_tariff']).where('s.surety_id', '=', v.suretyId)).as('facts_settings'),
      eb.selectFrom('conclusion_proposals as p').select('p.proposed_by_user_id').whereRef('p.application_id', '=', 'a.id').where('p.surety_id', '=', v.suretyId).as('facts_proposed_by'),
      jsonArrayFrom(
        eb
          .selectFrom('organisations as o')
          .selectAll('o')
          .where((o) => o.or([o('o.id', '=', v.suretyId), o('o.id', '=', o.ref('a.contractor_id')), o('o.id', '=', o.ref('a.orderer_id'))])),
      ).as('facts_parties'),
      eb.selectFrom('orderer_policies as op').select('op.policy').whereRef('op.orderer_id', '=', 'a.orderer_id').as('facts_policy'),
      jsonObjectFrom(eb.selectFrom('users as u').select(['u.email', 'u.display_name']).whereRef('u.id', '=', 'a.applicant_user_id').whereRef('u.organisation_id', '=', 'a.contractor_id')).as(
        'facts_recipient',
      ),
      jsonObjectFrom(eb.selectFrom('signing_keys as k').select(['k.key_id', 'k.sealed_private_key']).where('k.surety_id', '=', v.suretyId).where('k.status', '=', 'active')).as('facts_signing_key'),
    ])
    .where('a.id', '=', v.applicationId)
    .where('a.surety_id', '=', v.suretyId),
);

// The single winner: only one transaction moves the application out of submitted / 審査中. The
// winner draws its serial in the same statement, and reads its keys as D-Sure registered them
// (for the deposit). Built once per process.
const winningUpdate = compiledOnceFor(
  (db: DbOrTrx, v: { applicationId: string; suretyId: string; revision: number; now: Date; serialSequence: string; issuerCode: string }) =>
    db
      .updateTable('applications')
      .set((eb) => ({ status: 'concluded', revision: eb('revision', '+', 1), updated_at: v.now }))
      .where('id', '=', v.applicationId)
      .where('surety_id', '=', v.suretyId)
      .where('revision', '=', v.revision)
      .where('status', 'in', [...statusesAllowing('conclude')])
      .returning([nextSerialExpression(v.serialSequence).as('serial'), issuerKeysJson(v.issuerCode).as('dsure_issuer_keys')]),
);

export async function concludeGuarantee(
  trx: Trx,
  deps: { secrets: Secrets; baseUrl: string },
  actor: StaffActor,
  input: { applicationId: string; revision: number | null },
  now: Date,
): Promise<ConcludeResult> {
  const suretyId = actor.organisationId;
  const row = (await conclusionFacts(trx, { applicationId: input.applicationId, suretyId }))[0];
  if (!row) return { ok: false, reason: 'not_found' };
  const { facts_settings, facts_proposed_by, facts_parties, facts_policy, facts_recipient: recipient, facts_signing_key, ...application } = row;
  if (application.status === 'concluded') return (await alreadyConcluded(trx, application.id, suretyId)) ?? { ok: false, reason: 'wrong_status', status: 'concluded' };
  if (!statusesAllowing('conclude').includes(application.status)) return { ok: false, reason: 'wrong_status', status: application.status };
  if (input.revision !== null && input.revision !== application.revision) return { ok: false, reason: 'stale' };

  // Four eyes: a proposal by someone else, concluded by an approver.
  const fourEyes = fourEyesVerdict({ fourEyes: facts_settings?.four_eyes ?? null, proposedBy: facts_proposed_by }, actor, '保証契約');
  if (!fourEyes.ok) return { ok: false, reason: 'four_eyes', message: fourEyes.message };

  const parties = facts_parties.map((o) => ({ ...o, created_at: new Date(o.created_at) })); // JSON gives the time as text
  const surety = parties.find((o) => o.id === suretyId && o.kind === 'surety');
  const contractor = parties.find((o) => o.id === application.contractor_id && o.kind === 'contractor');
  const orderer = parties.find((o) => o.id === application.orderer_id && o.kind === 'orderer');
  if (!surety || !contractor) throw new Error(`application ${application.id}: its surety or contractor organisation is missing`);
  const policy = storedPolicyOf(facts_policy);
  const tariff = storedTariffOf(facts_settings?.fee_tariff);
  const issuerCode = issuerCodeOf(surety.code);
  const examination = examineApplication(application, policy, tariff, issuerCode);
  if (examination.blockers.length > 0 || !examination.complete || !examination.fee || policy.status !== 'ok' || !issuerCode || !orderer) {
    return { ok: false, reason: 'blocked', problems: examination.blockers.length > 0 ? examination.blockers : ['申込内容を確認できません。'] };
  }
  const complete = examination.complete;
  const fee = examination.fee;

  const [won] = await winningUpdate(trx, {
    applicationId: application.id,
    suretyId,
    revision: application.revision,
    now,
    serialSequence: serialSequenceOf(suretyId, now),
    issuerCode,
  });
  if (!won) {
    return (await alreadyConcluded(trx, application.id, suretyId)) ?? { ok: false, reason: 'stale' };
  }

  const number = await allocateGuaranteeContractNumber(trx, { id: suretyId, issuerCode }, now, won.serial);
  const content = buildCertificateContent({
    guaranteeContractNumber: number.guaranteeContractNumber,
    application: complete,
    policy: policy.policy,
    issuer: { ...surety, issuerCode },
    contractor,
    orderer,
    now,
  });
  const signingKey = await activeSigningKey(trx, deps.secrets, { id: suretyId, code: issuerCode, name: surety.name }, now, auditActor(actor), facts_signing_key);
  const signed = signCertificate(content, signingKey, now);

  const electronic = complete.delivery === 'electronic';
  const authenticationKey = electronic ? parseAuthenticationKey(generateAuthenticationKey()) : null;
  if (electronic && !authenticationKey) throw new Error('generated authentication key does not parse');

  // D-Sure receives the signed certificate and the key through its one door (electronic only):
  // it checks them here and its rows are written by the statement below. The first version of a
  // number just drawn is checked against the keys the winning update read; a key generated by
  // this very conclusion (the surety's first) was registered after that read, so D-Sure then
  // reads the keys itself.
  const deposit = !authenticationKey
    ? null
    : facts_signing_key
      ? checkFirstDeposit(deps.secrets, { signed, authenticationKey }, { issuerCode, keys: won.dsure_issuer_keys }, now)
      : await checkDeposit(trx, deps.secrets, { signed, authenticationKey }, now);
  if (authenticationKey && !deposit) throw new Error(`${number.guaranteeContractNumber}: a number just drawn is already deposited with D-Sure`);

  const to = recipient?.email ?? contractor.email;
  const mails = to
    ? [outboxRow(conclusionMail({ to, recipientName: recipient?.display_name ?? 'ご担当者', content: signed.content, policy: policy.policy, delivery: complete.delivery, baseUrl: deps.baseUrl }), now)]
    : [];

  // Everything the conclusion records, in ONE statement (each statement is a round trip; this
  // was eleven): the guarantee, certificate version 1, the fee statement, the customer copy, the
  // application's history, the notice mail, D-Sure's deposit and the audit events. Ids are made
  // here so that the rows can refer to each other without waiting for one another.
  const guaranteeId = randomUUID();
  const certificateId = randomUUID();
  const who = auditActor(actor);
  const auditEvents: AuditEvent[] = [
    { action: 'application.concluded', subjectType: 'application', subjectId: application.id, data: { guaranteeContractNumber: number.guaranteeContractNumber } },
    {
      action: 'guarantee.concluded',
      subjectType: 'guarantee',
      subjectId: guaranteeId,
      data: { guaranteeContractNumber: number.guaranteeContractNumber, applicationId: application.id, delivery: complete.delivery, feeTotal: fee.total, proposedBy: fourEyes.proposedBy, mailQueued: Boolean(to) },
    },
    {
      action: 'certificate.issued',
      subjectType: 'certificate',
      subjectId: certificateId,
      data: { guaranteeContractNumber: number.guaranteeContractNumber, version: 1, keyId: signed.signature.keyId, contentHash: signed.signature.contentHash, medium: complete.delivery, depositedWithDsure: electronic },
    },
    ...(authenticationKey
      ? [{ action: 'authentication_key.created', subjectType: 'guarantee', subjectId: guaranteeId, data: { guaranteeContractNumber: number.guaranteeContractNumber } }]
      : []),
  ];
  const records = (deposit ? withDepositWrites(trx, deposit) : trx)
    .with('guarantee', (db) =>
      db
        .insertInto('guarantees')
        .values({
          id: guaranteeId,
          application_id: application.id,
          surety_id: suretyId,
          contractor_id: application.contractor_id,
          orderer_id: orderer.id,
          guarantee_contract_number: number.guaranteeContractNumber,
          fiscal_year: number.fiscalYear,
          serial: number.serial,
          guarantee_type: complete.guaranteeType,
          delivery: complete.delivery,
          authentication_key_hmac: authenticationKey ? authenticationKeyHmac(deps.secrets, authenticationKey) : null,
          authentication_key_sealed: authenticationKey ? sealAuthenticationKey(deps.secrets, authenticationKey, number.guaranteeContractNumber) : null,
          concluded_at: now,
          concluded_by_user_id: actor.userId,
          proposed_by_user_id: fourEyes.proposedBy,
        })
        .returning('id'),
    )
    .with('certificate', (db) =>
      db
        .insertInto('certificates')
        .values({
          id: certificateId,
          guarantee_id: guaranteeId,
          version: 1,
          content: JSON.stringify(signed.content),
          content_hash: signed.signature.contentHash,
          key_id: signed.signature.keyId,
          signature: signed.signature.value,
          signed_at: now,
          medium: complete.delivery,
          deposited_at: electronic ? now : null,
        })
        .returning('id'),
    )
    .with('fee_statement', (db) =>
      db
        .insertInto('fee_statements')
        .values({ guarantee_id: guaranteeId, certificate_id: certificateId, kind: 'initial', breakdown: JSON.stringify(fee), total: fee.total, created_at: now })
        .returning('id'),
    )
    .with('customer_copy', (db) => db.insertInto('customer_copies').values({ guarantee_id: guaranteeId, certificate_id: certificateId, created_at: now }).returning('id'))
    .with('proposal', (db) => db.deleteFrom('conclusion_proposals').where('application_id', '=', application.id).returning('application_id'))
    .with('history', (db) =>
      db
        .insertInto('application_events')
        .values(
          applicationEventRow({
            applicationId: application.id,
            kind: 'concluded',
            at: now,
            actorUserId: actor.userId,
            message: `保証契約を締結しました（保証契約番号 ${number.guaranteeContractNumber}）。`,
            snapshot: JSON.stringify({ ...application, status: 'concluded', revision: application.revision + 1 }),
          }),
        )
        .returning('id'),
    )
    .with('mail', (db) => db.insertInto('mail_outbox').columns(columnNames(OUTBOX_COLUMNS)).expression(rowsAsUnnest(mails, OUTBOX_COLUMNS)).returning('id'))
    .insertInto('audit_log')
    .values([...auditEvents.map((event) => auditLogRow(who, event, now)), ...(deposit ? [deposit.auditRow] : [])]);
  try {
    await records.execute();
  } catch (error) {
    throw (deposit && refusalOfConcurrentFirstVersion(error, deposit)) || error;
  }
  if (deposit) await depositWritten(trx, deposit, now);
  return { ok: true, guaranteeId, guaranteeContractNumber: number.guaranteeContractNumber, delivery: complete.delivery };
}
