// The users of one orderer organisation (scoped by its id).
import type { DbOrTrx } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';

export const ORDERER_ROLES = ['orderer_viewer', 'orderer_admin'] as const satisfies readonly Role[];
export type OrdererRole = (typeof ORDERER_ROLES)[number];

export interface OrdererUser {
  id: string;
  loginId: string;
  displayName: string;
  email: string | null;
  role: Role;
  status: 'pending' | 'active' | 'disabled';
  createdAt: Date;
}

export async function listOrdererUsers(db: DbOrTrx, ordererId: string): Promise<OrdererUser[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'login_id', 'display_name', 'email', 'role', 'status', 'created_at'])
    .where('organisation_id', '=', ordererId)
    .orderBy('created_at')
    .orderBy('login_id')
    .execute();
  return rows.map((r) => ({ id: r.id, loginId: r.login_id, displayName: r.display_name, email: r.email, role: r.role, status: r.status, createdAt: new Date(r.created_at) }));
}

export async function findOrdererUser(db: DbOrTrx, ordererId: string, userId: string): Promise<OrdererUser | null> {
  const users = await db
    .selectFrom('users')
    .select(['id', 'login_id', 'display_name', 'email', 'role', 'status', 'created_at'])
    .where('organisation_id', '=', ordererId)
    .where('id', '=', userId)
    .execute();
  const r = users[0];
  return r ? { id: r.id, loginId: r.login_id, displayName: r.display_name, email: r.email, role: r.role, status: r.status, createdAt: new Date(r.created_at) } : null;
}
