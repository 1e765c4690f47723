// Use case: add a municipality (発注者): the orderer organisation and its e-guarantee policy.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { Trx } from '../../db/database.ts';
import type { OrdererPolicy } from '../../domain/index.ts';
import type { StaffActor } from '../../issuance/conclude-guarantee.ts';

export type CreateOrdererResult = { ok: true; ordererId: string } | { ok: false; field: 'ordererCode'; message: string };

export async function createOrderer(trx: Trx, actor: StaffActor, policy: OrdererPolicy, now: Date): Promise<CreateOrdererResult> {
  const organisation = await trx
    .insertInto('organisations')
    .values({ kind: 'orderer', code: policy.ordererCode, name: policy.ordererName, corporate_number: null, address: null, representative: null, phone: null, email: null, created_at: now })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!organisation) return { ok: false, field: 'ordererCode', message: `発注者コード「${policy.ordererCode}」は既に登録されています。` };
  await trx.insertInto('orderer_policies').values({ orderer_id: organisation.id, policy: JSON.stringify(policy), updated_at: now }).execute();
  await appendAuditEvent(
    trx,
    { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip },
    { action: 'orderer.created', subjectType: 'organisation', subjectId: organisation.id, data: { ordererCode: policy.ordererCode, ordererName: policy.ordererName, policy } },
    now,
  );
  return { ok: true, ordererId: organisation.id };
}
