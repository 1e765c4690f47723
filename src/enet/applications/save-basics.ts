// Use case: the contractor saves 手順1 of its draft (or of an application returned for
// correction). A change of orderer or category asks again for the confirmation of the
// orderer's notes; a 電子交付 choice that is no longer possible is cleared.
import { appendAuditEvent, auditActorOf } from '../../audit/audit-log.ts';
import type { Actor } from '../../auth/sessions.ts';
import type { Db } from '../../db/database.ts';
import { basicsColumns, type ApplicationBasics } from './content.ts';
import { lockEditable, updateEditable, type EditOutcome } from './editable.ts';
import type { OrdererChoice } from './queries.ts';
import { eligibilityOf } from './rules.ts';

export async function saveApplicationBasics(
  db: Db,
  actor: Actor,
  applicationId: string,
  revision: number,
  input: ApplicationBasics & { suretyId: string | null },
  orderer: OrdererChoice | null,
  meta: { ip: string; now: Date },
): Promise<EditOutcome> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockEditable(trx, actor.organisationId, applicationId, revision);
    if (!locked.ok) return locked;
    const row = locked.row;
    const ordererOrCategoryChanged = row.orderer_id !== input.ordererId || row.category !== input.category;
    const result = eligibilityOf(input, orderer);
    const electronicStillPossible = result === null || result.allowed;
    const updated = await updateEditable(
      trx,
      row,
      {
        ...basicsColumns(input),
        // The surety is chosen once, while the application is a draft.
        ...(input.suretyId && row.status === 'draft' ? { surety_id: input.suretyId } : {}),
        ...(ordererOrCategoryChanged ? { clauses_confirmed: false } : {}),
        ...(row.delivery === 'electronic' && !electronicStillPossible ? { delivery: null } : {}),
      },
      meta.now,
    );
    await appendAuditEvent(trx, auditActorOf(actor, meta.ip), { action: 'application.basics_saved', subjectType: 'application', subjectId: row.id, data: { ...input, revision: updated.revision } }, meta.now);
    return { ok: true as const, row: updated };
  });
}
