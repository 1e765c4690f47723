// The issuers' public keys as D-Sure registered them: the only keys a deposit or a
// certificate on screen is ever verified against.
import { sql, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../db/database.ts';
import type { Jwk, Jwks } from '../signing/index.ts';

/** The JWKS of one issuer (empty when the issuer is unknown). */
export async function issuerJwks(db: DbOrTrx, issuerCode: string): Promise<Jwks> {
  const { rows } = await sql<{ keys: Jwk[] }>`select ${issuerKeysJson(issuerCode)} as keys`.execute(db);
  return { keys: rows[0]?.keys ?? [] };
}

/** The issuer's public keys, oldest first, as a JSON array: for a statement that reads them with something else. */
export function issuerKeysJson(issuerCode: string): RawBuilder<Jwk[]> {
  return sql<Jwk[]>`coalesce((select json_agg(public_jwk order by registered_at) from dsure_issuer_keys where issuer_code = ${issuerCode}), '[]')`;
}

/** The issuer's name as registered, or null. */
export async function issuerName(db: DbOrTrx, issuerCode: string): Promise<string | null> {
  const row = await db.selectFrom('dsure_issuers').select('name').where('code', '=', issuerCode).executeTakeFirst();
  return row?.name ?? null;
}
