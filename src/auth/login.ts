// Use case: a person logs in with login ID and password.
// Throttled per account and per address; the message never tells which part was wrong.
import type { DbOrTrx } from '../db/database.ts';
import { clearFailures, lockedUntil, LOGIN_ACCOUNT_RULE, LOGIN_ADDRESS_RULE, recordFailure } from '../security/throttle.ts';
import { verifyPassword } from './passwords.ts';
import { createSession } from './sessions.ts';

export type LoginResult =
  | { ok: true; sessionToken: string; userId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; until: Date };

export const LOGIN_MESSAGES = {
  invalid: 'ログインIDまたはパスワードが正しくありません。',
  locked: (minutes: number) =>
    `ログインの失敗が続いたため、一時的にログインを制限しています。約${minutes}分後に再度お試しください。パスワードがご不明な場合は管理者にお問い合わせください。`,
};

/** Login IDs are compared as people type them: NFKC, trimmed, lower case. */
export function normalizeLoginId(loginId: string): string {
  return loginId.normalize('NFKC').trim().toLowerCase();
}

export async function logIn(
  db: DbOrTrx,
  input: { loginId: string; password: string; ip: string; userAgent: string | null; now: Date },
): Promise<LoginResult> {
  const loginId = normalizeLoginId(input.loginId);
  const accountKey = `login:${loginId}`;
  const addressKey = `login-ip:${input.ip}`;
  const locked = (await lockedUntil(db, accountKey, input.now)) ?? (await lockedUntil(db, addressKey, input.now));
  if (locked) return { ok: false, reason: 'locked', until: locked };

  const user = await db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(['users.id', 'users.password_hash', 'users.status', 'organisations.status as organisation_status'])
    .where('users.login_id', '=', loginId)
    .executeTakeFirst();
  const passwordOk = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !passwordOk || user.status !== 'active' || user.organisation_status !== 'active') {
    const accountLock = await recordFailure(db, accountKey, LOGIN_ACCOUNT_RULE, input.now);
    const addressLock = await recordFailure(db, addressKey, LOGIN_ADDRESS_RULE, input.now);
    const lock = accountLock ?? addressLock;
    return lock ? { ok: false, reason: 'locked', until: lock } : { ok: false, reason: 'invalid' };
  }
  await clearFailures(db, accountKey);
  const sessionToken = await createSession(db, user.id, { ip: input.ip, userAgent: input.userAgent, now: input.now });
  return { ok: true, sessionToken, userId: user.id };
}
