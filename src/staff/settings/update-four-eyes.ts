// Use case: turn the four-eyes rule (締結の二者確認) on or off for this surety company.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { Trx } from '../../db/database.ts';
import type { StaffActor } from '../../issuance/conclude-guarantee.ts';

export async function updateFourEyes(trx: Trx, actor: StaffActor, fourEyes: boolean, now: Date): Promise<void> {
  await trx
    .insertInto('surety_settings')
    .values({ surety_id: actor.organisationId, four_eyes: fourEyes, updated_at: now })
    .onConflict((oc) => oc.column('surety_id').doUpdateSet({ four_eyes: fourEyes, updated_at: now }))
    .execute();
  await appendAuditEvent(
    trx,
    { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip },
    { action: 'surety_settings.four_eyes_changed', subjectType: 'organisation', subjectId: actor.organisationId, data: { fourEyes } },
    now,
  );
}
