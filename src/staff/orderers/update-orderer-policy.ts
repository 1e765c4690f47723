// Use case: edit an orderer's e-guarantee policy (dates, types, channels, sections, ratios).
// The orderer code stays; the organisation's name follows the policy's name.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { Trx } from '../../db/database.ts';
import type { OrdererPolicy } from '../../domain/index.ts';
import type { StaffActor } from '../../issuance/conclude-guarantee.ts';

export async function updateOrdererPolicy(trx: Trx, actor: StaffActor, input: { ordererId: string; policy: OrdererPolicy }, now: Date): Promise<boolean> {
  const orderer = await trx
    .updateTable('organisations')
    .set({ name: input.policy.ordererName })
    .where('id', '=', input.ordererId)
    .where('kind', '=', 'orderer')
    .where('code', '=', input.policy.ordererCode)
    .returning('id')
    .executeTakeFirst();
  if (!orderer) return false;
  const before = await trx.selectFrom('orderer_policies').select('policy').where('orderer_id', '=', orderer.id).forUpdate().executeTakeFirst();
  await trx
    .insertInto('orderer_policies')
    .values({ orderer_id: orderer.id, policy: JSON.stringify(input.policy), updated_at: now })
    .onConflict((oc) => oc.column('orderer_id').doUpdateSet({ policy: JSON.stringify(input.policy), updated_at: now }))
    .execute();
  await appendAuditEvent(
    trx,
    { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip },
    { action: 'orderer.policy_updated', subjectType: 'organisation', subjectId: orderer.id, data: { before: before?.policy ?? null, after: input.policy } },
    now,
  );
  return true;
}
