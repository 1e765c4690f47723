// Use case: a contractor administrator enables a disabled user of its own company again.
// A user who never set a password goes back to pending (a new activation email is needed).
import { appendAuditEvent, auditActorOf } from '../../audit/audit-log.ts';
import type { Actor } from '../../auth/sessions.ts';
import type { Db } from '../../db/database.ts';

export type EnableResult = { ok: true; displayName: string; status: 'active' | 'pending' } | { ok: false; reason: 'not_found' | 'not_disabled' };

export async function enableCompanyUser(db: Db, actor: Actor, userId: string, meta: { ip: string; now: Date }): Promise<EnableResult> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'display_name', 'status', 'password_hash'])
      .where('id', '=', userId)
      .where('organisation_id', '=', actor.organisationId)
      .forUpdate()
      .executeTakeFirst();
    if (!user) return { ok: false as const, reason: 'not_found' as const };
    if (user.status !== 'disabled') return { ok: false as const, reason: 'not_disabled' as const };
    const status = user.password_hash ? ('active' as const) : ('pending' as const);
    await trx.updateTable('users').set({ status, updated_at: meta.now }).where('id', '=', user.id).where('organisation_id', '=', actor.organisationId).execute();
    await appendAuditEvent(trx, auditActorOf(actor, meta.ip), { action: 'user.enabled', subjectType: 'user', subjectId: user.id, data: { status } }, meta.now);
    return { ok: true as const, displayName: user.display_name, status };
  });
}
