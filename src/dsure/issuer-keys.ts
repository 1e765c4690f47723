// The issuers' public keys as D-Sure registered them: the only keys a deposit or a
// certificate on screen is ever verified against.
import type { DbOrTrx } from '../db/database.ts';
import type { Jwk, Jwks } from '../signing/index.ts';

/** The JWKS of one issuer (empty when the issuer is unknown). */
export async function issuerJwks(db: DbOrTrx, issuerCode: string): Promise<Jwks> {
  const rows = await db.selectFrom('dsure_issuer_keys').select('public_jwk').where('issuer_code', '=', issuerCode).orderBy('registered_at').execute();
  return { keys: rows.map((row) => row.public_jwk as Jwk) };
}

/** The issuer's name as registered, or null. */
export async function issuerName(db: DbOrTrx, issuerCode: string): Promise<string | null> {
  const row = await db.selectFrom('dsure_issuers').select('name').where('code', '=', issuerCode).executeTakeFirst();
  return row?.name ?? null;
}
