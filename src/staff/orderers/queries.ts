// Orderers (発注者) and their e-guarantee policies. These are reference data shared by every
// surety company (a municipality's policy is the same whoever guarantees its works), so these
// reads are deliberately not scoped to the actor's organisation: hence `unsafe…`.
import type { DbOrTrx } from '../../db/database.ts';
import { parseOrdererPolicy, type OrdererPolicy } from '../../domain/index.ts';

export async function unsafeListOrderers(db: DbOrTrx) {
  const rows = await db
    .selectFrom('organisations')
    .leftJoin('orderer_policies', 'orderer_policies.orderer_id', 'organisations.id')
    .select(['organisations.id', 'organisations.code', 'organisations.name', 'orderer_policies.policy', 'orderer_policies.updated_at'])
    .where('organisations.kind', '=', 'orderer')
    .orderBy('organisations.code')
    .execute();
  return rows.map((r) => {
    const parsed = r.policy === null ? null : parseOrdererPolicy(r.policy);
    return { id: r.id, code: r.code, name: r.name, policy: parsed?.ok ? parsed.policy : null, invalid: parsed !== null && !parsed.ok, updatedAt: r.updated_at };
  });
}

export async function unsafeFindOrderer(db: DbOrTrx, ordererId: string): Promise<{ id: string; code: string; name: string; policy: OrdererPolicy | null; storedPolicy: unknown } | null> {
  const row = await db
    .selectFrom('organisations')
    .leftJoin('orderer_policies', 'orderer_policies.orderer_id', 'organisations.id')
    .select(['organisations.id', 'organisations.code', 'organisations.name', 'orderer_policies.policy'])
    .where('organisations.id', '=', ordererId)
    .where('organisations.kind', '=', 'orderer')
    .executeTakeFirst();
  if (!row) return null;
  const parsed = row.policy === null ? null : parseOrdererPolicy(row.policy);
  return { id: row.id, code: row.code, name: row.name, policy: parsed?.ok ? parsed.policy : null, storedPolicy: row.policy };
}
