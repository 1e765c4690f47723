// Server-side sessions in the database. The cookie holds a random token; the
// table holds only its SHA-256. Sessions end on logout (revoked), after 30
// minutes without a request (idle) or 12 hours after login (absolute).
import { createHash, randomBytes } from 'node:crypto';
import { anyOf, compiledOnce, createBatcher, perDatabase } from '../db/batch.ts';
import type { Db, DbOrTrx } from '../db/database.ts';
import type { OrganisationKind, Role } from '../db/schema.ts';

export const SESSION_IDLE_SECONDS = 30 * 60;
export const SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;
const TOUCH_AFTER_SECONDS = 60; // last_seen_at is written at most once a minute

export interface Actor {
  sessionIdHash: string;
  userId: string;
  loginId: string;
  displayName: string;
  role: Role;
  organisationId: string;
  organisationKind: OrganisationKind;
  organisationName: string;
  organisationCode: string;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: DbOrTrx,
  userId: string,
  meta: { ip: string | null; userAgent: string | null; now: Date },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      id_hash: hashSessionToken(token),
      user_id: userId,
      created_at: meta.now,
      last_seen_at: meta.now,
      revoked_at: null,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return token;
}

const sessionRows = compiledOnce((db: DbOrTrx, idHashes: string[]) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'sessions.id_hash',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.revoked_at',
      'users.id as user_id',
      'users.login_id',
      'users.display_name',
      'users.role',
      'users.status as user_status',
      'organisations.id as organisation_id',
      'organisations.kind as organisation_kind',
      'organisations.name as organisation_name',
      'organisations.code as organisation_code',
      'organisations.status as organisation_status',
    ])
    .where('sessions.id_hash', '=', anyOf(idHashes)), // one text for any number of sessions: compiled and prepared once
);

type SessionRow = Awaited<ReturnType<typeof sessionRows>>[number];

// Every request reads its session: concurrent requests share one SELECT (src/db/batch.ts).
const sessionRowBatcher = perDatabase((db: Db) =>
  createBatcher<string, SessionRow | undefined>(
    async (idHashes) => {
      const rows = await sessionRows(db, [...new Set(idHashes)]);
      const byHash = new Map(rows.map((row) => [row.id_hash, row]));
      return idHashes.map((idHash) => byHash.get(idHash));
    },
    { maxBatchSize: 100, maxInFlight: 1 },
  ),
);

/** The signed-in actor for a cookie token, or null when the session is unknown, revoked, idle or too old. */
export async function loadSession(db: DbOrTrx, token: string, now: Date): Promise<Actor | null> {
  const idHash = hashSessionToken(token);
  const row = db.isTransaction ? (await sessionRows(db, [idHash]))[0] : await sessionRowBatcher(db as Db)(idHash);
  if (!row || row.revoked_at) return null;
  if (row.user_status !== 'active' || row.organisation_status !== 'active') return null;
  const created = new Date(row.created_at).getTime();
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (now.getTime() - lastSeen > SESSION_IDLE_SECONDS * 1000) return null;
  if (now.getTime() - created > SESSION_ABSOLUTE_SECONDS * 1000) return null;
  if (now.getTime() - lastSeen > TOUCH_AFTER_SECONDS * 1000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }
  return {
    sessionIdHash: row.id_hash,
    userId: row.user_id,
    loginId: row.login_id,
    displayName: row.display_name,
    role: row.role,
    organisationId: row.organisation_id,
    organisationKind: row.organisation_kind,
    organisationName: row.organisation_name,
    organisationCode: row.organisation_code,
  };
}

export async function revokeSession(db: DbOrTrx, token: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('id_hash', '=', hashSessionToken(token)).execute();
}

/** Ends every session of a user (password change, disabling an account). */
export async function revokeUserSessions(db: DbOrTrx, userId: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}
