// Use case: an orderer admin creates a user of its own organisation with an initial password
// (handed over by the admin; the user logs in with it).
import { appendAuditEvent } from '../../audit/audit-log.ts';
import { hashPassword } from '../../auth/passwords.ts';
import type { DbOrTrx } from '../../db/database.ts';
import type { OrdererRole } from './orderer-users.ts';

export type CreateOrdererUserResult = { ok: true; userId: string } | { ok: false; field: 'loginId'; message: string };

export async function createOrdererUser(
  trx: DbOrTrx,
  admin: { userId: string; organisationId: string; ip: string },
  input: { loginId: string; displayName: string; email: string | null; role: OrdererRole; passwordHash: string },
  now: Date,
): Promise<CreateOrdererUserResult> {
  const taken = await trx.selectFrom('users').select('id').where('login_id', '=', input.loginId).executeTakeFirst();
  if (taken) return { ok: false, field: 'loginId', message: 'このログインIDは既に使われています。別のログインIDを入力してください。' };
  const user = await trx
    .insertInto('users')
    .values({
      organisation_id: admin.organisationId,
      login_id: input.loginId,
      display_name: input.displayName,
      email: input.email,
      role: input.role,
      password_hash: input.passwordHash,
      status: 'active',
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('login_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!user) return { ok: false, field: 'loginId', message: 'このログインIDは既に使われています。別のログインIDを入力してください。' };
  await appendAuditEvent(
    trx,
    { userId: admin.userId, organisationId: admin.organisationId, ip: admin.ip },
    { action: 'dsure.user_created', subjectType: 'user', subjectId: user.id, data: { loginId: input.loginId, role: input.role } },
    now,
  );
  return { ok: true, userId: user.id };
}

/** Hashing is slow (argon2id): done before the transaction opens. */
export const hashInitialPassword = hashPassword;
