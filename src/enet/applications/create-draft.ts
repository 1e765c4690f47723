// Use case: a contractor starts a guarantee application (手順1 saved as a draft).
import { appendAuditEvent, auditActorOf } from '../../audit/audit-log.ts';
import type { Actor } from '../../auth/sessions.ts';
import type { Db } from '../../db/database.ts';
import { basicsColumns, type ApplicationBasics } from './content.ts';

export async function createApplicationDraft(db: Db, actor: Actor, input: ApplicationBasics & { suretyId: string }, meta: { ip: string; now: Date }): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('applications')
      .values({
        contractor_id: actor.organisationId,
        surety_id: input.suretyId,
        applicant_user_id: actor.userId,
        status: 'draft',
        ...basicsColumns(input),
        details: JSON.stringify({}),
        created_at: meta.now,
        updated_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('application_events').values({ application_id: row.id, at: meta.now, actor_user_id: actor.userId, kind: 'created', message: null, snapshot: null }).execute();
    await appendAuditEvent(trx, auditActorOf(actor, meta.ip), { action: 'application.created', subjectType: 'application', subjectId: row.id, data: { ...input } }, meta.now);
    return row.id;
  });
}
