// Lockouts shared by every instance through the database: a key (an account, an
// address, a certificate) collects failures in a window; at the limit it is
// locked for a while. Used for logins and for 認証キー entry.
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.ts';

export interface ThrottleRule {
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export const LOGIN_ACCOUNT_RULE: ThrottleRule = { maxFailures: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
export const LOGIN_ADDRESS_RULE: ThrottleRule = { maxFailures: 30, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

/** The time until which the key is locked, or null. */
export async function lockedUntil(db: DbOrTrx, key: string, now: Date): Promise<Date | null> {
  const row = await db.selectFrom('throttles').select('locked_until').where('key', '=', key).executeTakeFirst();
  const until = row?.locked_until ? new Date(row.locked_until) : null;
  return until && until > now ? until : null;
}

/** Counts one failure (atomically, safe under concurrency) and returns the lock it caused, if any. */
export async function recordFailure(db: DbOrTrx, key: string, rule: ThrottleRule, now: Date): Promise<Date | null> {
  const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000);
  const lockEnd = new Date(now.getTime() + rule.lockSeconds * 1000);
  const row = await db
    .insertInto('throttles')
    .values({ key, failures: 1, window_started_at: now, locked_until: rule.maxFailures <= 1 ? lockEnd : null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`case when throttles.window_started_at < ${windowStart} then 1 else throttles.failures + 1 end`,
        window_started_at: sql`case when throttles.window_started_at < ${windowStart} then ${now} else throttles.window_started_at end`,
        locked_until: sql`case
          when throttles.locked_until is not null and throttles.locked_until > ${now} then throttles.locked_until
          when (case when throttles.window_started_at < ${windowStart} then 1 else throttles.failures + 1 end) >= ${rule.maxFailures} then ${lockEnd}
          else null end`,
      }),
    )
    .returning(['locked_until'])
    .executeTakeFirstOrThrow();
  const until = row.locked_until ? new Date(row.locked_until) : null;
  return until && until > now ? until : null;
}

export async function clearFailures(db: DbOrTrx, key: string): Promise<void> {
  await db.deleteFrom('throttles').where('key', '=', key).execute();
}

/** Clears the failures of several keys in one statement (nothing to do for an empty list). */
export async function clearFailuresOf(db: DbOrTrx, keys: string[]): Promise<void> {
  if (keys.length > 0) await db.deleteFrom('throttles').where('key', 'in', keys).execute();
}
