// The surety's own users (scoped by organisation).
import type { DbOrTrx } from '../../db/database.ts';

export async function listStaffUsers(db: DbOrTrx, suretyId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'login_id', 'display_name', 'email', 'role', 'status', 'created_at'])
    .where('organisation_id', '=', suretyId)
    .orderBy('status')
    .orderBy('created_at')
    .execute();
}
