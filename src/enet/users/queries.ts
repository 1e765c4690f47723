// The users of one contractor, always scoped to the actor's organisation.
import type { DbOrTrx } from '../../db/database.ts';

export interface CompanyUser {
  id: string;
  loginId: string;
  displayName: string;
  email: string | null;
  role: 'contractor_admin' | 'contractor_member';
  status: 'pending' | 'active' | 'disabled';
  createdAt: Date;
}

export async function listCompanyUsers(db: DbOrTrx, organisationId: string): Promise<CompanyUser[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'login_id', 'display_name', 'email', 'role', 'status', 'created_at'])
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at')
    .orderBy('login_id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    loginId: r.login_id,
    displayName: r.display_name,
    email: r.email,
    role: r.role === 'contractor_admin' ? 'contractor_admin' : 'contractor_member',
    status: r.status,
    createdAt: new Date(r.created_at),
  }));
}
