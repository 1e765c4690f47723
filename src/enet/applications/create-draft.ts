// Use case: a contractor starts a guarantee application (手順1 saved as a draft). The new form
// carries a random key: sending it twice (a double click, a reload) opens the same draft.
import { sql } from 'kysely';
import { appendAuditEvent, auditActorOf } from '../../audit/audit-log.ts';
import { recordApplicationEvents } from '../../audit/application-history.ts';
import type { Actor } from '../../auth/sessions.ts';
import type { Db } from '../../db/database.ts';
import { basicsColumns, type ApplicationBasics } from './content.ts';

export async function createApplicationDraft(
  db: Db,
  actor: Actor,
  input: ApplicationBasics & { suretyId: string; draftKey: string | null },
  meta: { ip: string; now: Date },
): Promise<string> {
  const { draftKey, ...basics } = input;
  return db.transaction().execute(async (trx) => {
    if (draftKey) {
      await sql`select pg_advisory_xact_lock(hashtext(${`draft:${actor.organisationId}:${draftKey}`}))`.execute(trx);
      const existing = await trx
        .selectFrom('applications')
        .select('id')
        .where('contractor_id', '=', actor.organisationId)
        .where(sql<string>`details->>'draftKey'`, '=', draftKey)
        .executeTakeFirst();
      if (existing) return existing.id;
    }
    const row = await trx
      .insertInto('applications')
      .values({
        contractor_id: actor.organisationId,
        surety_id: basics.suretyId,
        applicant_user_id: actor.userId,
        status: 'draft',
        ...basicsColumns(basics),
        details: JSON.stringify(draftKey ? { draftKey } : {}),
        created_at: meta.now,
        updated_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordApplicationEvents(trx, [{ applicationId: row.id, kind: 'created', at: meta.now, actorUserId: actor.userId }]);
    await appendAuditEvent(trx, auditActorOf(actor, meta.ip), { action: 'application.created', subjectType: 'application', subjectId: row.id, data: { suretyId: basics.suretyId, ordererId: basics.ordererId, category: basics.category, initialContractDate: basics.initialContractDate, guaranteeType: basics.guaranteeType } }, meta.now);
    return row.id;
  });
}
