// Use case: the contractor withdraws its application (取下げ) before the guarantee contract
// is concluded. The conditional update lets it happen once, and never after conclusion.
import { appendAuditEvent, auditActorOf } from '../../audit/audit-log.ts';
import { recordApplicationEvents } from '../../audit/application-history.ts';
import type { Actor } from '../../auth/sessions.ts';
import type { Db } from '../../db/database.ts';
import { statusesAllowing } from '../../domain/application-status.ts';
import type { ApplicationRow } from './queries.ts';

export type WithdrawResult = { ok: true } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'not_withdrawable'; row: ApplicationRow };

export async function withdrawApplication(db: Db, actor: Actor, applicationId: string, reason: string | null, meta: { ip: string; now: Date }): Promise<WithdrawResult> {
  return db.transaction().execute(async (trx): Promise<WithdrawResult> => {
    const withdrawn = await trx
      .updateTable('applications')
      .set((eb) => ({ status: 'withdrawn', updated_at: meta.now, revision: eb('revision', '+', 1) }))
      .where('id', '=', applicationId)
      .where('contractor_id', '=', actor.organisationId)
      .where('status', 'in', [...statusesAllowing('withdraw')])
      .returning(['id', 'revision'])
      .executeTakeFirst();
    if (!withdrawn) {
      const row = await trx.selectFrom('applications').selectAll().where('id', '=', applicationId).where('contractor_id', '=', actor.organisationId).executeTakeFirst();
      return row ? { ok: false, reason: 'not_withdrawable', row } : { ok: false, reason: 'not_found' };
    }
    await recordApplicationEvents(trx, [{ applicationId, kind: 'withdrawn', at: meta.now, actorUserId: actor.userId, message: reason }]);
    await appendAuditEvent(trx, auditActorOf(actor, meta.ip), { action: 'application.withdrawn', subjectType: 'application', subjectId: applicationId, data: { reason } }, meta.now);
    return { ok: true };
  });
}
