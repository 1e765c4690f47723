// An orderer's e-guarantee policy as stored (jsonb), read back through the domain's parser.
import type { DbOrTrx } from '../db/database.ts';
import { parseOrdererPolicy, type OrdererPolicy } from '../domain/index.ts';

export type StoredPolicy = { status: 'ok'; policy: OrdererPolicy } | { status: 'missing' } | { status: 'invalid'; messages: string[] };

/** The policy of an orderer. Orderer policies are reference data shared by every surety company. */
export async function loadOrdererPolicy(db: DbOrTrx, ordererId: string | null): Promise<StoredPolicy> {
  if (!ordererId) return { status: 'missing' };
  const row = await db.selectFrom('orderer_policies').select('policy').where('orderer_id', '=', ordererId).executeTakeFirst();
  return storedPolicyOf(row?.policy ?? null);
}

/** A policy as read from orderer_policies.policy (null: no row), through the domain's parser. */
export function storedPolicyOf(stored: unknown): StoredPolicy {
  if (stored === null || stored === undefined) return { status: 'missing' };
  const parsed = parseOrdererPolicy(stored);
  return parsed.ok ? { status: 'ok', policy: parsed.policy } : { status: 'invalid', messages: parsed.errors.map((e) => e.message) };
}
