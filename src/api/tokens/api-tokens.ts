// API tokens of an orderer: random, shown once, stored as SHA-256 only (a copy of the database
// reveals no usable token). A token acts for its orderer (the tenant) on behalf of the
// administrator who created it: it stops working when it is revoked, when that administrator's
// account is stopped, or when the orderer is.
import { createHash, randomBytes } from 'node:crypto';
import type { DbOrTrx } from '../../db/database.ts';

export const TOKEN_PREFIX = 'dhk_';
const TOKEN_PATTERN = /^dhk_[A-Za-z0-9_-]{43}$/;
const TOUCH_AFTER_MS = 60_000; // last_used_at is written at most once a minute

export function newApiToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The part of a token shown in the list, to recognise it: dhk_AbCd1234… */
export function tokenHint(token: string): string {
  return `${token.slice(0, TOKEN_PREFIX.length + 8)}…`;
}

export interface ApiPrincipal {
  tokenId: string;
  tokenName: string;
  ordererId: string;
  ordererCode: string;
  ordererName: string;
  userId: string; // the administrator who created the token
}

/** The principal of a bearer token, or null when it is unknown, revoked or its owner is stopped. */
export async function authenticateApiToken(db: DbOrTrx, token: string, now: Date): Promise<ApiPrincipal | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('organisations as o', 'o.id', 't.orderer_id')
    .innerJoin('users as u', 'u.id', 't.created_by_user_id')
    .select(['t.id', 't.name', 't.last_used_at', 'o.id as orderer_id', 'o.code', 'o.name as orderer_name', 'u.id as user_id'])
    .where('t.token_hash', '=', hashApiToken(token))
    .where('t.revoked_at', 'is', null)
    .where('o.kind', '=', 'orderer')
    .where('o.status', '=', 'active')
    .where('u.status', '=', 'active')
    .whereRef('u.organisation_id', '=', 't.orderer_id')
    .executeTakeFirst();
  if (!row) return null;
  const lastUsed = row.last_used_at ? new Date(row.last_used_at).getTime() : 0;
  if (now.getTime() - lastUsed > TOUCH_AFTER_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { tokenId: row.id, tokenName: row.name, ordererId: row.orderer_id, ordererCode: row.code, ordererName: row.orderer_name, userId: row.user_id };
}

export interface ApiTokenRow {
  id: string;
  name: string;
  hint: string;
  createdAt: Date;
  createdByName: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The orderer's tokens, newest first. */
export async function listApiTokens(db: DbOrTrx, ordererId: string): Promise<ApiTokenRow[]> {
  const rows = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.created_by_user_id')
    .select(['t.id', 't.name', 't.token_hint', 't.created_at', 'u.display_name', 't.last_used_at', 't.revoked_at'])
    .where('t.orderer_id', '=', ordererId)
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id')
    .limit(200)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    hint: row.token_hint,
    createdAt: new Date(row.created_at),
    createdByName: row.display_name,
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
  }));
}
