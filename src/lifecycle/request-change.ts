// Use case: the contractor asks for a change of its guarantee (増額・減額・保証期限の変更) or its
// cancellation (解約), from the certificate screen. ONE transaction: the guarantee's row lock
// makes two requests for one guarantee happen one after the other (the second finds the first
// open and is refused); the request is checked with the domain's rules; it becomes an
// application of kind 'change' in the surety's work queue (申込済), with its history, the
// audit event and the receipt mail.
import { appendAuditEvent } from '../audit/audit-log.ts';
import { recordApplicationEvents } from '../audit/application-history.ts';
import type { Trx } from '../db/database.ts';
import { changeEffectiveDate, changeKindLabel, paidFee, todayInJapan, type CertificateChangeKind, type CertificateChangeRequest } from '../domain/index.ts';
import { loadOrdererPolicy } from '../issuance/orderer-policy.ts';
import { suretyTariff } from '../issuance/tariff.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { changeDetailsJson } from './change-details.ts';
import { checkChange, formErrorsOf } from './check-change.ts';
import { changeRequestReceivedMail } from './mails.ts';
import { findChangeTarget } from './queries.ts';

export interface ContractorActor {
  userId: string;
  organisationId: string; // the contractor company (tenant)
  organisationName: string;
  ip: string | null;
}

export type RequestChangeResult =
  | { ok: true; applicationId: string; kind: CertificateChangeKind }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'cancelled' }
  | { ok: false; reason: 'pending'; applicationId: string }
  | { ok: false; reason: 'invalid'; errors: Record<string, string> };

export async function requestCertificateChange(
  trx: Trx,
  actor: ContractorActor,
  input: { guaranteeContractNumber: string; request: CertificateChangeRequest },
  deps: { baseUrl: string },
  now: Date,
): Promise<RequestChangeResult> {
  const target = await findChangeTarget(trx, { contractorId: actor.organisationId }, { number: input.guaranteeContractNumber }, { lock: true });
  if (!target) return { ok: false, reason: 'not_found' };
  const current = target.current.content;
  if (target.status === 'cancelled' || current.cancelled) return { ok: false, reason: 'cancelled' };
  if (target.openChange) return { ok: false, reason: 'pending', applicationId: target.openChange.id };

  const check = checkChange({
    current,
    currentHash: target.current.contentHash,
    request: input.request,
    policy: await loadOrdererPolicy(trx, target.ordererId),
    tariff: await suretyTariff(trx, target.suretyId),
    previousAdvanceAmount: target.previousAdvanceAmount,
    paid: paidFee(target.feeStatements),
    today: todayInJapan(now),
  });
  if (check.errors.length > 0 || !check.amended || !check.kind) {
    return { ok: false, reason: 'invalid', errors: check.errors.length > 0 ? formErrorsOf(check.errors) : { _form: '申込みの内容を確認できません。' } };
  }
  const amended = check.amended;
  const kind = check.kind;
  const request = input.request;

  const application = await trx
    .insertInto('applications')
    .values({
      contractor_id: actor.organisationId,
      surety_id: target.suretyId,
      orderer_id: target.ordererId,
      applicant_user_id: actor.userId,
      status: 'submitted',
      kind: 'change',
      guarantee_type: amended.guaranteeType,
      category: amended.work.category,
      initial_contract_date: amended.work.initialContractDate,
      work_name: amended.work.name,
      work_site: amended.work.site,
      contract_price: amended.work.contractPrice,
      contract_date: amended.work.contractDate,
      period_start: amended.work.periodStart,
      period_end: amended.work.periodEnd,
      guaranteed_amount: amended.guaranteedAmount,
      previous_advance_amount: target.previousAdvanceAmount,
      guarantee_period_start: amended.guaranteePeriodStart,
      guarantee_period_end: amended.guaranteePeriodEnd,
      low_bid: amended.work.lowBid,
      delivery: target.delivery,
      contact_notes: `【${changeKindLabel(kind)}】${request.reason}`,
      clauses_confirmed: true,
      details: changeDetailsJson({
        guaranteeId: target.guaranteeId,
        guaranteeContractNumber: target.guaranteeContractNumber,
        baseVersion: target.currentVersion,
        type: request.type,
        reason: request.reason,
        cancellationDate: request.type === 'cancellation' ? request.cancellationDate : null,
      }),
      created_at: now,
      updated_at: now,
      submitted_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();

  const summary = `${changeKindLabel(kind)}の申込み（保証契約番号 ${target.guaranteeContractNumber}、第${target.currentVersion}版に対して）`;
  await recordApplicationEvents(trx, [
    { applicationId: application.id, kind: 'created', at: now, actorUserId: actor.userId },
    { applicationId: application.id, kind: 'submitted', at: now, actorUserId: actor.userId, message: `${summary}　理由：${request.reason}`, snapshot: JSON.stringify(application) },
  ]);
  await appendAuditEvent(
    trx,
    { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip },
    {
      action: 'application.change_requested',
      subjectType: 'application',
      subjectId: application.id,
      data: { guaranteeId: target.guaranteeId, guaranteeContractNumber: target.guaranteeContractNumber, baseVersion: target.currentVersion, kind, effectiveDate: changeEffectiveDate(request), changed: check.differences.map((d) => d.field) },
    },
    now,
  );

  const applicant = await trx.selectFrom('users').select(['email', 'display_name']).where('id', '=', actor.userId).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
  if (applicant?.email) {
    const surety = await trx.selectFrom('organisations').select('name').where('id', '=', target.suretyId).where('kind', '=', 'surety').executeTakeFirst();
    await enqueueMail(
      trx,
      changeRequestReceivedMail({
        to: applicant.email,
        recipientName: applicant.display_name,
        companyName: actor.organisationName,
        content: current,
        kind,
        effectiveDate: changeEffectiveDate(request),
        reason: request.reason,
        differences: check.differences,
        suretyName: surety?.name ?? null,
        applicationUrl: `${deps.baseUrl}/enet/applications/${application.id}`,
      }),
      now,
    );
  }
  return { ok: true, applicationId: application.id, kind };
}
