// Use case: the person opens the activation link and sets a password. The link is used up
// in the same transaction that activates the user, so two submissions activate once.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import { hashPassword } from '../../auth/passwords.ts';
import type { Db } from '../../db/database.ts';
import { consumeActivationToken } from './activation-tokens.ts';

export type ActivationResult = { ok: true; loginId: string } | { ok: false; reason: 'link_unusable' };

export async function activateAccount(db: Db, input: { token: string; password: string }, meta: { ip: string; now: Date }): Promise<ActivationResult> {
  const passwordHash = await hashPassword(input.password); // ~80 ms: outside the transaction
  return db.transaction().execute(async (trx) => {
    const userId = await consumeActivationToken(trx, input.token, meta.now);
    if (!userId) return { ok: false as const, reason: 'link_unusable' as const };
    const user = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, status: 'active', updated_at: meta.now })
      .where('id', '=', userId)
      .where('status', '=', 'pending')
      .where((eb) => eb.exists(eb.selectFrom('organisations').select('organisations.id').whereRef('organisations.id', '=', 'users.organisation_id').where('organisations.status', '=', 'active')))
      .returning(['id', 'login_id', 'organisation_id'])
      .executeTakeFirst();
    if (!user) {
      // The user was disabled (or the company not yet approved) after the link was sent: nothing changes.
      throw new LinkUnusable();
    }
    await trx
      .updateTable('activation_tokens')
      .set({ revoked_at: meta.now })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
    await appendAuditEvent(trx, { userId: user.id, organisationId: user.organisation_id, ip: meta.ip }, { action: 'user.activated', subjectType: 'user', subjectId: user.id }, meta.now);
    return { ok: true as const, loginId: user.login_id };
  }).catch((error: unknown) => {
    if (error instanceof LinkUnusable) return { ok: false as const, reason: 'link_unusable' as const };
    throw error;
  });
}

class LinkUnusable extends Error {}
