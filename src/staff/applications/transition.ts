// A status change by the surety on one application: the conditional update (`where status in
// statusesAllowing(action)`) decides whether it happens, so a concurrent change is never
// overwritten; the history (application_events) and the audit event go in the same transaction.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import { recordApplicationEvents } from '../../audit/application-history.ts';
import type { Trx } from '../../db/database.ts';
import type { Application } from '../../db/schema.ts';
import { nextStatus, statusesAllowing, type ApplicationAction, type ApplicationEventKind, type ApplicationStatus } from '../../domain/application-status.ts';
import type { StaffActor } from '../../issuance/conclude-guarantee.ts';

export type TransitionResult =
  | { ok: true; application: Application; previousStatus: ApplicationStatus }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'wrong_status'; status: ApplicationStatus };

export async function transitionApplication(
  trx: Trx,
  actor: StaffActor,
  input: { applicationId: string; action: ApplicationAction; eventKind: ApplicationEventKind; message: string | null; auditAction: string },
  now: Date,
): Promise<TransitionResult> {
  const current = await trx
    .selectFrom('applications')
    .selectAll()
    .where('id', '=', input.applicationId)
    .where('surety_id', '=', actor.organisationId)
    .executeTakeFirst();
  if (!current) return { ok: false, reason: 'not_found' };
  const to = nextStatus(input.action, current.status);
  if (!to) return { ok: false, reason: 'wrong_status', status: current.status };
  const updated = await trx
    .updateTable('applications')
    .set((eb) => ({ status: to, revision: eb('revision', '+', 1), updated_at: now }))
    .where('id', '=', current.id)
    .where('surety_id', '=', actor.organisationId)
    .where('status', 'in', [...statusesAllowing(input.action)])
    .returningAll()
    .executeTakeFirst();
  if (!updated) {
    const latest = await trx.selectFrom('applications').select('status').where('id', '=', current.id).executeTakeFirstOrThrow();
    return { ok: false, reason: 'wrong_status', status: latest.status };
  }
  await recordApplicationEvents(trx, [{ applicationId: current.id, kind: input.eventKind, at: now, actorUserId: actor.userId, message: input.message, snapshot: JSON.stringify(updated) }]);
  await appendAuditEvent(
    trx,
    { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip },
    { action: input.auditAction, subjectType: 'application', subjectId: current.id, data: { from: current.status, to, ...(input.message ? { message: input.message } : {}) } },
    now,
  );
  return { ok: true, application: updated, previousStatus: current.status };
}

/** Where the applicant is told about the application: the applicant's email, else the company's. */
export async function applicantRecipient(trx: Trx, application: Application): Promise<{ to: string; name: string; companyName: string } | null> {
  const row = await trx
    .selectFrom('organisations')
    .leftJoin('users', (join) => join.on('users.id', '=', application.applicant_user_id).onRef('users.organisation_id', '=', 'organisations.id'))
    .select(['organisations.name as company_name', 'organisations.email as company_email', 'users.email as user_email', 'users.display_name'])
    .where('organisations.id', '=', application.contractor_id)
    .executeTakeFirst();
  const to = row?.user_email ?? row?.company_email ?? null;
  return row && to ? { to, name: row.display_name ?? 'ご担当者', companyName: row.company_name } : null;
}
