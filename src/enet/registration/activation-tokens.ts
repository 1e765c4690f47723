// Activation links: a random token in the email, only its SHA-256 in the database.
// Single use (consumed by a conditional update) and expiring (72 hours).
import { createHash, randomBytes } from 'node:crypto';
import type { DbOrTrx } from '../../db/database.ts';

export const ACTIVATION_VALID_HOURS = 72;

export function hashActivationToken(token: string): string {
  return createHash('sha256').update(`activation:${token}`).digest('hex');
}

/** A new link for the user; earlier unused links of the user stop working. Returns the token (for the email only). */
export async function issueActivationToken(trx: DbOrTrx, userId: string, createdByUserId: string | null, now: Date): Promise<{ token: string; expiresAt: Date }> {
  await trx
    .updateTable('activation_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ACTIVATION_VALID_HOURS * 3600 * 1000);
  await trx
    .insertInto('activation_tokens')
    .values({ token_hash: hashActivationToken(token), user_id: userId, created_at: now, expires_at: expiresAt, used_at: null, revoked_at: null, created_by_user_id: createdByUserId })
    .execute();
  return { token, expiresAt };
}

export type ActivationLink =
  | { state: 'valid'; userId: string; loginId: string; displayName: string; organisationName: string; expiresAt: Date }
  | { state: 'used' }
  | { state: 'expired'; expiresAt: Date }
  | { state: 'unknown' };

/** What a link is now: usable (and for whom), already used, expired, or unknown/withdrawn. */
export async function inspectActivationToken(db: DbOrTrx, token: string, now: Date): Promise<ActivationLink> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { state: 'unknown' };
  const row = await db
    .selectFrom('activation_tokens')
    .innerJoin('users', 'users.id', 'activation_tokens.user_id')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'activation_tokens.expires_at',
      'activation_tokens.used_at',
      'activation_tokens.revoked_at',
      'users.id as user_id',
      'users.login_id',
      'users.display_name',
      'users.status as user_status',
      'organisations.name as organisation_name',
      'organisations.status as organisation_status',
    ])
    .where('activation_tokens.token_hash', '=', hashActivationToken(token))
    .executeTakeFirst();
  if (!row || row.revoked_at) return { state: 'unknown' };
  if (row.used_at) return { state: 'used' };
  const expiresAt = new Date(row.expires_at);
  if (expiresAt <= now) return { state: 'expired', expiresAt };
  if (row.user_status !== 'pending' || row.organisation_status !== 'active') return { state: 'unknown' };
  return { state: 'valid', userId: row.user_id, loginId: row.login_id, displayName: row.display_name, organisationName: row.organisation_name, expiresAt };
}

/** Marks the link used, once: the user it was for, or null when it was already used, withdrawn or expired. */
export async function consumeActivationToken(trx: DbOrTrx, token: string, now: Date): Promise<string | null> {
  const row = await trx
    .updateTable('activation_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', hashActivationToken(token))
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id ?? null;
}
