// The one way a contractor changes the content of its application: only its own, only
// while editable (下書き・差戻し), only from the revision the person saw (optimistic
// concurrency). A stale or forbidden change writes nothing and says why.
import type { Trx } from '../../db/database.ts';
import type { ApplicationsTable } from '../../db/schema.ts';
import { statusesAllowing } from '../../domain/application-status.ts';
import type { Updateable } from 'kysely';
import type { ApplicationRow } from './queries.ts';

export type EditOutcome = { ok: true; row: ApplicationRow } | { ok: false; reason: 'not_found' | 'not_editable' | 'stale'; row?: ApplicationRow };

/** Locks the contractor's application row for this transaction and checks that it may be edited at `revision`. */
export async function lockEditable(trx: Trx, contractorId: string, applicationId: string, revision: number): Promise<EditOutcome> {
  const row = await trx.selectFrom('applications').selectAll().where('id', '=', applicationId).where('contractor_id', '=', contractorId).forUpdate().executeTakeFirst();
  if (!row) return { ok: false, reason: 'not_found' };
  if (!statusesAllowing('save_draft').includes(row.status)) return { ok: false, reason: 'not_editable', row };
  if (row.revision !== revision) return { ok: false, reason: 'stale', row };
  return { ok: true, row };
}

/** Writes the change and moves the revision on (conditional on status and revision, so it applies once). */
export async function updateEditable(trx: Trx, row: ApplicationRow, set: Updateable<ApplicationsTable>, now: Date): Promise<ApplicationRow> {
  return trx
    .updateTable('applications')
    .set({ ...set, revision: row.revision + 1, updated_at: now })
    .where('id', '=', row.id)
    .where('contractor_id', '=', row.contractor_id)
    .where('revision', '=', row.revision)
    .where('status', 'in', [...statusesAllowing('save_draft')])
    .returningAll()
    .executeTakeFirstOrThrow();
}
