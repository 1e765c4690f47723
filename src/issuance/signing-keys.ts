// Each surety company signs with one active Ed25519 key, generated on first use; its private
// part is sealed at rest (AES-256-GCM under the 'signing-key-encryption' secret). Rotation makes
// a new active key; retired keys stay published, so earlier certificates keep verifying.
// Every new key is registered with D-Sure (registerIssuerKey) in the same transaction.
import { sql } from 'kysely';
import { appendAuditEvent, type AuditActor } from '../audit/audit-log.ts';
import type { Db, DbOrTrx } from '../db/database.ts';
import { registerIssuerKey } from '../dsure/intake.ts';
import type { Secrets } from '../secrets.ts';
import { issuerCodeOf } from './guarantee-number.ts';
import {
  decryptPrivateKey,
  encryptPrivateKey,
  generateSigningKey,
  signingKeyFromPrivateKey,
  type Ed25519PublicJwk,
  type Jwks,
  type SigningKey,
} from '../signing/index.ts';

const KEY_LOCK_NAMESPACE = 727_205; // advisory lock: one key change per surety at a time

export interface Issuer {
  id: string; // organisations.id of the surety company
  code: string; // issuer code (保証事業会社コード)
  name: string;
}

async function lockIssuerKeys(trx: DbOrTrx, suretyId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${KEY_LOCK_NAMESPACE}, hashtext(${suretyId}))`.execute(trx);
}

// Decrypted keys, by their sealed form: decrypting (AES-GCM + parsing the PKCS#8) once per
// process instead of once per conclusion. A rotated key has another sealed form.
const unsealedKeys = new Map<string, SigningKey>();

/** The stored form of the active key, for a use case that reads it within its own query. */
export interface StoredActiveKey {
  key_id: string;
  sealed_private_key: string;
}

async function loadActive(trx: DbOrTrx, secrets: Secrets, suretyId: string, stored?: StoredActiveKey): Promise<SigningKey | null> {
  const row =
    stored ??
    (await trx
      .selectFrom('signing_keys')
      .select(['key_id', 'sealed_private_key'])
      .where('surety_id', '=', suretyId)
      .where('status', '=', 'active')
      .executeTakeFirst());
  if (!row) return null;
  const cached = unsealedKeys.get(row.sealed_private_key);
  if (cached) return cached;
  const key = signingKeyFromPrivateKey(decryptPrivateKey(row.sealed_private_key, secrets.key('signing-key-encryption')));
  if (key.keyId !== row.key_id) throw new Error(`署名鍵の鍵IDが一致しません / signing key id mismatch: ${row.key_id}`);
  unsealedKeys.set(row.sealed_private_key, key);
  return key;
}

async function insertKey(trx: DbOrTrx, secrets: Secrets, issuer: Issuer, now: Date, actor: AuditActor | null, action: string, data: Record<string, unknown> = {}): Promise<SigningKey> {
  const key = generateSigningKey();
  await trx
    .insertInto('signing_keys')
    .values({
      surety_id: issuer.id,
      key_id: key.keyId,
      public_jwk: JSON.stringify(key.publicJwk),
      sealed_private_key: encryptPrivateKey(key.privateKey, secrets.key('signing-key-encryption')),
      status: 'active',
      created_at: now,
    })
    .execute();
  await registerIssuerKey(trx, { issuerCode: issuer.code, issuerName: issuer.name, publicJwk: key.publicJwk }, now);
  await appendAuditEvent(trx, actor, { action, subjectType: 'signing_key', subjectId: key.keyId, data: { suretyId: issuer.id, ...data } }, now);
  return key;
}

/**
 * The surety's active signing key; generated (and registered with D-Sure) on first use.
 * `stored`: the active key's row when the caller has read it already (null: it read none).
 */
export async function activeSigningKey(
  trx: DbOrTrx,
  secrets: Secrets,
  issuer: Issuer,
  now: Date,
  actor: AuditActor | null = null,
  stored?: StoredActiveKey | null,
): Promise<SigningKey> {
  const existing = stored === null ? null : await loadActive(trx, secrets, issuer.id, stored);
  if (existing) return existing;
  await lockIssuerKeys(trx, issuer.id);
  return (await loadActive(trx, secrets, issuer.id)) ?? insertKey(trx, secrets, issuer, now, actor, 'signing_key.created');
}

/** Retires the active key (it stays published) and makes a new active one. */
export async function rotateSigningKey(trx: DbOrTrx, secrets: Secrets, issuer: Issuer, actor: AuditActor, now: Date): Promise<{ retiredKeyId: string | null; keyId: string }> {
  await lockIssuerKeys(trx, issuer.id);
  const retired = await trx
    .updateTable('signing_keys')
    .set({ status: 'retired', retired_at: now })
    .where('surety_id', '=', issuer.id)
    .where('status', '=', 'active')
    .returning('key_id')
    .executeTakeFirst();
  const key = await insertKey(trx, secrets, issuer, now, actor, 'signing_key.rotated', { retiredKeyId: retired?.key_id ?? null });
  return { retiredKeyId: retired?.key_id ?? null, keyId: key.keyId };
}

export interface SigningKeyListItem {
  keyId: string;
  status: 'active' | 'retired';
  createdAt: Date;
  retiredAt: Date | null;
  certificates: number;
}

/** The surety's own keys, newest first, with how many certificate versions each signed. */
export async function listSigningKeys(db: DbOrTrx, suretyId: string): Promise<SigningKeyListItem[]> {
  const rows = await db
    .selectFrom('signing_keys')
    .leftJoin('certificates', 'certificates.key_id', 'signing_keys.key_id')
    .select((eb) => [
      'signing_keys.key_id',
      'signing_keys.status',
      'signing_keys.created_at',
      'signing_keys.retired_at',
      eb.fn.count<number>('certificates.id').as('certificates'),
    ])
    .where('signing_keys.surety_id', '=', suretyId)
    .groupBy(['signing_keys.key_id', 'signing_keys.status', 'signing_keys.created_at', 'signing_keys.retired_at'])
    .orderBy('signing_keys.created_at', 'desc')
    .execute();
  return rows.map((r) => ({ keyId: r.key_id, status: r.status, createdAt: new Date(r.created_at), retiredAt: r.retired_at ? new Date(r.retired_at) : null, certificates: Number(r.certificates) }));
}

/** The public keys of one issuer (active and retired) as a JWKS. */
export async function issuerPublicJwks(db: DbOrTrx, suretyId: string): Promise<Jwks> {
  const rows = await db.selectFrom('signing_keys').select('public_jwk').where('surety_id', '=', suretyId).orderBy('created_at').execute();
  return { keys: rows.map((r) => r.public_jwk as Ed25519PublicJwk) };
}

/**
 * Every surety's public keys (active and retired), for GET /.well-known/jwks.json.
 * Unscoped on purpose: public keys are published to everyone.
 */
export async function unsafeAllPublicJwks(db: DbOrTrx): Promise<Jwks> {
  const rows = await db.selectFrom('signing_keys').select('public_jwk').orderBy('created_at').orderBy('key_id').execute();
  return { keys: rows.map((r) => r.public_jwk as Ed25519PublicJwk) };
}

/**
 * At start: every active surety company with a usable issuer code has an active key, so the
 * JWKS is published before the first conclusion (each key made in its own transaction).
 */
export async function ensureSigningKeys(db: Db, secrets: Secrets, now: Date): Promise<number> {
  const sureties = await db.selectFrom('organisations').select(['id', 'code', 'name']).where('kind', '=', 'surety').where('status', '=', 'active').execute();
  let created = 0;
  for (const surety of sureties) {
    const code = issuerCodeOf(surety.code);
    if (!code) continue;
    await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('signing_keys').select('key_id').where('surety_id', '=', surety.id).where('status', '=', 'active').executeTakeFirst();
      await activeSigningKey(trx, secrets, { id: surety.id, code, name: surety.name }, now);
      if (!before) created++;
    });
  }
  return created;
}
