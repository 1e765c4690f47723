// Use case: the contractor saves 手順2 of its draft (contract, amounts, 連絡事項, 受取方法,
// the confirmation of the orderer's notes). The route has checked the rules before when the
// person asked to go on; a plain 下書き保存 keeps whatever is well-formed.
import { appendAuditEvent, auditActorOf } from '../../audit/audit-log.ts';
import type { Actor } from '../../auth/sessions.ts';
import type { Db } from '../../db/database.ts';
import { contractColumns, type ContractDetails } from './content.ts';
import { lockEditable, updateEditable, type EditOutcome } from './editable.ts';

export async function saveContractDetails(
  db: Db,
  actor: Actor,
  applicationId: string,
  revision: number,
  input: ContractDetails,
  meta: { ip: string; now: Date },
): Promise<EditOutcome> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockEditable(trx, actor.organisationId, applicationId, revision);
    if (!locked.ok) return locked;
    const updated = await updateEditable(trx, locked.row, contractColumns(input), meta.now);
    await appendAuditEvent(
      trx,
      auditActorOf(actor, meta.ip),
      { action: 'application.details_saved', subjectType: 'application', subjectId: applicationId, data: { revision: updated.revision, delivery: input.delivery } },
      meta.now,
    );
    return { ok: true as const, row: updated };
  });
}
