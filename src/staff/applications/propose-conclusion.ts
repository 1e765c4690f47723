// Use case: 締結の起案 (four eyes) — an examiner proposes the conclusion; a different
// approver concludes. One open proposal per application.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import { recordApplicationEvents } from '../../audit/application-history.ts';
import type { Trx } from '../../db/database.ts';
import { statusesAllowing, type ApplicationStatus } from '../../domain/application-status.ts';
import type { StaffActor } from '../../issuance/conclude-guarantee.ts';

export type ProposeResult =
  | { ok: true }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'wrong_status'; status: ApplicationStatus }
  | { ok: false; reason: 'already_proposed' };

export async function proposeConclusion(trx: Trx, actor: StaffActor, input: { applicationId: string; note: string | null }, now: Date): Promise<ProposeResult> {
  const application = await trx
    .selectFrom('applications')
    .select(['id', 'status'])
    .where('id', '=', input.applicationId)
    .where('surety_id', '=', actor.organisationId)
    .forUpdate()
    .executeTakeFirst();
  if (!application) return { ok: false, reason: 'not_found' };
  if (!statusesAllowing('conclude').includes(application.status)) return { ok: false, reason: 'wrong_status', status: application.status };
  const inserted = await trx
    .insertInto('conclusion_proposals')
    .values({ application_id: application.id, surety_id: actor.organisationId, proposed_by_user_id: actor.userId, proposed_at: now, note: input.note })
    .onConflict((oc) => oc.column('application_id').doNothing())
    .returning('application_id')
    .executeTakeFirst();
  if (!inserted) return { ok: false, reason: 'already_proposed' };
  await recordApplicationEvents(trx, [{ applicationId: application.id, kind: 'conclusion_proposed', at: now, actorUserId: actor.userId, message: input.note }]);
  await appendAuditEvent(
    trx,
    { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip },
    { action: 'application.conclusion_proposed', subjectType: 'application', subjectId: application.id, data: input.note ? { note: input.note } : {} },
    now,
  );
  return { ok: true };
}
