// D-Sure's one door for certificates. An issuer (a surety company today, an insurer
// tomorrow) registers its public keys and deposits signed certificates here, inside its own
// transaction; D-Sure never reads the issuer's tables and trusts only what verifies against
// the keys registered with it.
//
//   registerIssuerKey(trx, { issuerCode, issuerName, publicJwk }, now)   — idempotent
//   depositCertificate(trx, secrets, { signed, authenticationKey }, now) — throws DsureIntakeError when refused
//
// Every version of a 保証契約番号 is its own deposit and is kept; nothing is overwritten.
// The 認証キー is kept only as an HMAC (see key-hmac.ts).
import { sql } from 'kysely';
import { enqueueCertificateWebhooks } from '../api/webhooks/enqueue-certificate-webhooks.ts';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import { appendAuditEvent, auditLogRow } from '../audit/audit-log.ts';
import type { DbOrTrx } from '../db/database.ts';
import { parseAuthenticationKey, parseGuaranteeContractNumber } from '../domain/index.ts';
import type { Secrets } from '../secrets.ts';
import { publicKeyFromJwk, verifyCertificate, type Ed25519PublicJwk, type Jwk, type Jwks, type SignedCertificate } from '../signing/index.ts';
import { isUsableCertificateContent } from './certificate-shape.ts';
import { issuerJwks, issuerKeysJson } from './issuer-keys.ts';
import { authenticationKeyHmac } from './key-hmac.ts';
import { notifyOrderersOfNewVersion } from './notify-orderers.ts';

/** Why D-Sure refused a key or a deposit. The message is Japanese; `code` is for programs. */
export class DsureIntakeError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'DsureIntakeError';
    this.code = code;
  }
}

const LOCK_NAMESPACE = 727_105; // advisory lock namespace for one 保証契約番号's deposits

/**
 * Registers an issuer's Ed25519 public key (and the issuer's name). Registering the same key
 * again does nothing; a key already registered for another issuer is refused.
 */
export async function registerIssuerKey(
  trx: DbOrTrx,
  issuer: { issuerCode: string; issuerName: string; publicJwk: Ed25519PublicJwk },
  now: Date,
): Promise<void> {
  const issuerCode = issuer.issuerCode.trim();
  const issuerName = issuer.issuerName.trim();
  if (!issuerCode || !issuerName) throw new DsureIntakeError('issuer_invalid', '発行者のコードと名称が必要です');
  const jwk = issuer.publicJwk;
  if (!jwk || typeof jwk.kid !== 'string' || !jwk.kid || publicKeyFromJwk(jwk) === null) {
    throw new DsureIntakeError('key_invalid', '公開鍵が Ed25519 の署名用公開鍵（鍵ID付き）ではありません');
  }
  const publicJwk: Ed25519PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: jwk.kid, alg: 'EdDSA', use: 'sig' };

  const existingKey = await trx.selectFrom('dsure_issuer_keys').select(['issuer_code', 'public_jwk']).where('kid', '=', publicJwk.kid).executeTakeFirst();
  if (existingKey) {
    const stored = existingKey.public_jwk as { x?: unknown };
    if (existingKey.issuer_code !== issuerCode || stored.x !== publicJwk.x) {
      throw new DsureIntakeError('key_conflict', `鍵ID ${publicJwk.kid} は別の発行者または別の鍵として登録済みです`);
    }
    return;
  }
  const existingIssuer = await trx.selectFrom('dsure_issuers').select('name').where('code', '=', issuerCode).executeTakeFirst();
  if (!existingIssuer) {
    await trx.insertInto('dsure_issuers').values({ code: issuerCode, name: issuerName, registered_at: now, updated_at: now }).onConflict((oc) => oc.column('code').doNothing()).execute();
  } else if (existingIssuer.name !== issuerName) {
    await trx.updateTable('dsure_issuers').set({ name: issuerName, updated_at: now }).where('code', '=', issuerCode).execute();
  }

  // Two transactions registering the same new key at once: the second waits and does nothing.
  const inserted = await trx
    .insertInto('dsure_issuer_keys')
    .values({ kid: publicJwk.kid, issuer_code: issuerCode, public_jwk: JSON.stringify(publicJwk), registered_at: now })
    .onConflict((oc) => oc.column('kid').doNothing())
    .returning('kid')
    .executeTakeFirst();
  if (!inserted) return;
  await appendAuditEvent(
    trx,
    null,
    { action: 'dsure.issuer_key_registered', subjectType: 'dsure_issuer', subjectId: issuerCode, data: { kid: publicJwk.kid, issuerName } },
    now,
  );
}

/**
 * Deposits one version of a signed certificate with its 認証キー. Refuses (throws
 * DsureIntakeError) a certificate that does not verify against the issuer's registered keys,
 * a content D-Sure cannot show, a malformed key, a version that does not follow the previous
 * one (number, hash chain, issuer, orderer), or a different certificate under a version already
 * deposited. Depositing the very same version again does nothing.
 */
export async function depositCertificate(
  trx: DbOrTrx,
  secrets: Secrets,
  deposit: { signed: SignedCertificate; authenticationKey: string },
  now: Date,
): Promise<void> {
  const signed: unknown = deposit.signed;
  const issuerCode = unverifiedContentText(signed, 'issuer', 'code');
  if (!issuerCode) throw new DsureIntakeError('malformed', '証書データの形式が正しくありません');

  // One deposit per 保証契約番号 at a time, so that two versions cannot race. The lock is taken
  // with the issuer's keys in one round trip, named by the number the certificate claims before
  // its signature is checked: nothing else of the content is used until it verifies, and the
  // refusals below keep their order. A claimed number that is not one is refused further down,
  // after the signature (its keys are then read alone).
  const claimedNumber = parseGuaranteeContractNumber(unverifiedContentText(signed, 'guaranteeContractNumber') ?? '');
  const jwks = claimedNumber ? await lockNumberAndReadIssuerKeys(trx, claimedNumber.canonical, issuerCode) : await issuerJwks(trx, issuerCode);
  const verification = verifyCertificate(signed, jwks);
  if (!verification.valid) {
    throw new DsureIntakeError('signature_invalid', `署名を検証できない証書は受け付けません（${verification.reason}）`);
  }
  const { content, signature } = deposit.signed;
  if (!isUsableCertificateContent(content)) throw new DsureIntakeError('content_invalid', '証書の記載事項に不備があります');
  if (content.guaranteeType === 'contract_reservation') {
    throw new DsureIntakeError('not_electronic', '契約保証予約は電子証書の対象外です');
  }
  const number = claimedNumber;
  if (!number || number.canonical !== content.guaranteeContractNumber) {
    throw new DsureIntakeError('number_invalid', '保証契約番号が正しくありません');
  }
  const canonicalKey = parseAuthenticationKey(deposit.authenticationKey);
  if (!canonicalKey) throw new DsureIntakeError('key_invalid', '認証キーの形式が正しくありません');

  // The version being deposited (if already there) and the guarantee's latest version with its hash: one read.
  const known = await trx
    .selectNoFrom((eb) => [
      eb
        .selectFrom('dsure_certificates')
        .select('content_hash')
        .where('guarantee_contract_number', '=', number.canonical)
        .where('version', '=', content.version)
        .as('same_hash'),
      jsonObjectFrom(
        eb
          .selectFrom('dsure_guarantees as g')
          .select((g) => [
            'g.latest_version',
            'g.issuer_code',
            'g.orderer_code',
            g
              .selectFrom('dsure_certificates as c')
              .select('c.content_hash')
              .whereRef('c.guarantee_contract_number', '=', 'g.guarantee_contract_number')
              .whereRef('c.version', '=', 'g.latest_version')
              .as('content_hash'),
          ])
          .where('g.guarantee_contract_number', '=', number.canonical),
      ).as('latest'),
    ])
    .executeTakeFirstOrThrow();
  if (known.same_hash !== null) {
    if (known.same_hash === verification.contentHash) return;
    throw new DsureIntakeError('version_conflict', `保証契約番号 ${number.canonical} の第${content.version}版は別の内容で登録済みです`);
  }

  const latest = known.latest ? { ...known.latest, latest_version: Number(known.latest.latest_version) } : null;
  if (!latest) {
    if (content.version !== 1 || content.previousVersionHash !== null) {
      throw new DsureIntakeError('version_gap', '最初に登録する証書は第1版（前の版なし）である必要があります');
    }
  } else {
    if (content.version !== latest.latest_version + 1) {
      throw new DsureIntakeError('version_gap', `保証契約番号 ${number.canonical} の次の版は第${latest.latest_version + 1}版です`);
    }
    if (content.previousVersionHash !== latest.content_hash) {
      throw new DsureIntakeError('chain_broken', '前の版の内容ハッシュが登録済みの証書と一致しません');
    }
    if (latest.issuer_code !== issuerCode || latest.orderer_code !== content.orderer.code) {
      throw new DsureIntakeError('parties_changed', '発行者または発注者が前の版と異なります');
    }
  }

  const summary = {
    latest_version: content.version,
    issuer_code: issuerCode,
    orderer_code: content.orderer.code,
    guarantee_type: content.guaranteeType,
    work_name: content.work.name,
    contractor_name: content.contractor.name,
    guaranteed_amount: content.guaranteedAmount,
    guarantee_period_end: content.guaranteePeriodEnd,
    cancelled: content.cancelled,
    updated_at: now,
  };
  // The certificate, the guarantee's summary and the audit event: one statement.
  const depositedEvent = auditLogRow(
    null,
    {
      action: 'dsure.certificate_deposited',
      subjectType: 'certificate',
      subjectId: number.canonical,
      data: { version: content.version, issuerCode, ordererCode: content.orderer.code, keyId: verification.keyId, contentHash: verification.contentHash },
    },
    now,
  );
  await trx
    .with('certificate', (db) =>
      db
        .insertInto('dsure_certificates')
        .values({
          guarantee_contract_number: number.canonical,
          version: content.version,
          issuer_code: issuerCode,
          orderer_code: content.orderer.code,
          key_id: verification.keyId,
          content_hash: verification.contentHash,
          content: JSON.stringify(content),
          signature: JSON.stringify(signature),
          key_hmac: authenticationKeyHmac(secrets, canonicalKey),
          issue_date: content.issueDate,
          change_kind: content.change?.kind ?? null,
          deposited_at: now,
        })
        .returning('version'),
    )
    .with('guarantee', (db) =>
      latest
        ? db.updateTable('dsure_guarantees').set(summary).where('guarantee_contract_number', '=', number.canonical).returning('latest_version')
        : db.insertInto('dsure_guarantees').values({ guarantee_contract_number: number.canonical, ...summary }).returning('latest_version'),
    )
    .insertInto('audit_log')
    .values(depositedEvent)
    .execute();
  await notifyOrderersOfNewVersion(trx, content, now); // a new version (2 and later): email the orderers that registered it
  await enqueueCertificateWebhooks(trx, content, now); // a new version (2 and later): queue the registered orderers' webhooks
}

/** Takes the deposit lock of a 保証契約番号 (until the transaction ends) and reads the issuer's keys. */
async function lockNumberAndReadIssuerKeys(trx: DbOrTrx, guaranteeContractNumber: string, issuerCode: string): Promise<Jwks> {
  const { rows } = await sql<{ keys: Jwk[] }>`
    select pg_advisory_xact_lock(${LOCK_NAMESPACE}, hashtext(${guaranteeContractNumber})) as locked, ${issuerKeysJson(issuerCode)} as keys`.execute(trx);
  return { keys: rows[0]?.keys ?? [] };
}

/** A non-empty text at `path` in the certificate's content, read before its signature is checked; or null. */
function unverifiedContentText(signed: unknown, ...path: string[]): string | null {
  let value: unknown = typeof signed === 'object' && signed !== null ? (signed as { content?: unknown }).content : undefined;
  for (const name of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value.length > 0 ? value : null;
}
