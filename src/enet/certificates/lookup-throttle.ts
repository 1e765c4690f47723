// 保証契約番号 are guessable (a serial and two check digits). A contractor's user who keeps
// asking for numbers that are not its company's is throttled: the lookups that miss are
// counted per user; at the limit every certificate lookup of that user answers 429 for a while.
// A lookup of another company's certificate is a miss like a number that does not exist (404).
import type { DbOrTrx } from '../../db/database.ts';
import { lockedUntil, recordFailure, type ThrottleRule } from '../../security/throttle.ts';
import { tooManyRequests } from '../../web/errors.ts';
import { formatWarekiDateTime } from '../shared/format.ts';

export const CERTIFICATE_LOOKUP_RULE: ThrottleRule = { maxFailures: 30, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

const keyOf = (userId: string) => `enet-certificate-miss:${userId}`;

function lockedError(until: Date) {
  return tooManyRequests(
    `存在しない保証契約番号の表示が短時間に続いたため、電子証書の表示を一時的に停止しています。${formatWarekiDateTime(until)}以降に、一覧から保証契約番号を選んでください。`,
  );
}

/** Throws 429 while the user's certificate lookups are locked. */
export async function assertLookupAllowed(db: DbOrTrx, userId: string, now: Date): Promise<void> {
  const until = await lockedUntil(db, keyOf(userId), now);
  if (until) throw lockedError(until);
}

/** Counts a lookup that found nothing. */
export async function recordLookupMiss(db: DbOrTrx, userId: string, now: Date): Promise<void> {
  await recordFailure(db, keyOf(userId), CERTIFICATE_LOOKUP_RULE, now);
}
