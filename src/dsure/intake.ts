// D-Sure's one door for certificates. An issuer (a surety company today, an insurer
// tomorrow) registers its public keys and deposits signed certificates here, inside its own
// transaction; D-Sure never reads the issuer's tables and trusts only what verifies against
// the keys registered with it.
//
//   registerIssuerKey(trx, { issuerCode, issuerName, publicJwk }, now)   — idempotent
//   depositCertificate(trx, secrets, { signed, authenticationKey }, now) — throws DsureIntakeError when refused
//   checkDeposit / checkFirstDeposit + withDepositWrites + depositWritten — the same door for an
//     issuer that writes the deposit within its own statement (the conclusion)
//
// Every version of a 保証契約番号 is its own deposit and is kept; nothing is overwritten.
// The 認証キー is kept only as an HMAC (see key-hmac.ts).
import type { Insertable, QueryCreator } from 'kysely';
import { enqueueCertificateWebhooks } from '../api/webhooks/enqueue-certificate-webhooks.ts';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import { appendAuditEvent, auditLogRow } from '../audit/audit-log.ts';
import type { DbOrTrx } from '../db/database.ts';
import type { Database, DsureCertificatesTable, DsureGuaranteesTable } from '../db/schema.ts';
import { parseAuthenticationKey, parseGuaranteeContractNumber, type CertificateContent } from '../domain/index.ts';
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
 * deposited. Depositing the very same version again does nothing (except at the very moment
 * another transaction deposits a first version of the number: see refusalOfConcurrentFirstVersion).
 */
export async function depositCertificate(
  trx: DbOrTrx,
  secrets: Secrets,
  deposit: { signed: SignedCertificate; authenticationKey: string },
  now: Date,
): Promise<void> {
  const checked = await checkDeposit(trx, secrets, deposit, now);
  if (!checked) return;
  try {
    await withDepositWrites(trx, checked).insertInto('audit_log').values(checked.auditRow).execute();
  } catch (error) {
    throw refusalOfConcurrentFirstVersion(error, checked) ?? error;
  }
  await depositWritten(trx, checked, now);
}

/** A deposit that passed every check of depositCertificate: what it writes. */
export interface CheckedDeposit {
  readonly guaranteeContractNumber: string;
  readonly content: CertificateContent;
  readonly certificateRow: Insertable<DsureCertificatesTable>;
  readonly summary: Omit<Insertable<DsureGuaranteesTable>, 'guarantee_contract_number'>;
  /** the guarantee's summary exists (version 2 and later): it is updated, not inserted */
  readonly summaryExists: boolean;
  /** dsure.certificate_deposited, for the audit_log insert of the statement that writes the deposit */
  readonly auditRow: ReturnType<typeof auditLogRow>;
}

/**
 * The checks of depositCertificate, without its writes: the certificate as D-Sure will store
 * it, or null when this very version is deposited already (nothing to write). For an issuer
 * that writes the deposit within its own statement (withDepositWrites, with auditRow in its
 * audit_log insert, then depositWritten), saving the round trips of a statement of its own.
 *
 * One deposit per 保証契約番号 at a time, so that two versions cannot race: the guarantee's
 * summary is read FOR UPDATE, with the issuer's keys, in one round trip, named by the number
 * the certificate claims before its signature is checked (nothing else of the content is used
 * until it verifies, and the refusals keep their order). A deposit waiting for that lock reads
 * the summary as the other deposit left it. The first version has no summary to lock: two first
 * versions of one number at once meet at the summary's primary key, and the second is refused
 * (refusalOfConcurrentFirstVersion). A claimed number that is not one is refused after the
 * signature (its keys are then read alone).
 */
export async function checkDeposit(
  trx: DbOrTrx,
  secrets: Secrets,
  deposit: { signed: SignedCertificate; authenticationKey: string },
  now: Date,
): Promise<CheckedDeposit | null> {
  const { issuerCode, claimedNumber } = claimsOf(deposit.signed);
  const { jwks, locked } = claimedNumber ? await lockSummaryAndReadIssuerKeys(trx, claimedNumber, issuerCode) : { jwks: await issuerJwks(trx, issuerCode), locked: null };
  const { content, number, verification, canonicalKey } = verifyDeposit(deposit, jwks, claimedNumber);

  if (!locked) {
    // No summary: nothing of this number is deposited (the summary and the certificates are written together).
    if (content.version !== 1 || content.previousVersionHash !== null) {
      throw new DsureIntakeError('version_gap', '最初に登録する証書は第1版（前の版なし）である必要があります');
    }
  } else {
    // Under the lock, a statement of its own sees what the deposit before it committed.
    const hashes = await trx
      .selectNoFrom((eb) => [
        eb.selectFrom('dsure_certificates').select('content_hash').where('guarantee_contract_number', '=', number).where('version', '=', content.version).as('same_hash'),
        eb.selectFrom('dsure_certificates').select('content_hash').where('guarantee_contract_number', '=', number).where('version', '=', locked.latest_version).as('latest_hash'),
      ])
      .executeTakeFirstOrThrow();
    if (hashes.same_hash !== null) {
      if (hashes.same_hash === verification.contentHash) return null;
      throw new DsureIntakeError('version_conflict', `保証契約番号 ${number} の第${content.version}版は別の内容で登録済みです`);
    }
    if (content.version !== locked.latest_version + 1) {
      throw new DsureIntakeError('version_gap', `保証契約番号 ${number} の次の版は第${locked.latest_version + 1}版です`);
    }
    if (content.previousVersionHash !== hashes.latest_hash) {
      throw new DsureIntakeError('chain_broken', '前の版の内容ハッシュが登録済みの証書と一致しません');
    }
    if (locked.issuer_code !== issuerCode || locked.orderer_code !== content.orderer.code) {
      throw new DsureIntakeError('parties_changed', '発行者または発注者が前の版と異なります');
    }
  }

  return checkedDeposit(secrets, deposit.signed, verification, canonicalKey, locked !== null, now);
}

/**
 * The checks of depositCertificate for the first version of a number the issuer has just drawn,
 * with the issuer's keys as D-Sure registered them, read by the issuer's own statement through
 * issuerKeysJson (so the deposit costs no round trip of its own). No summary is read: if one
 * exists after all, the summary's primary key refuses the write (refusalOfConcurrentFirstVersion).
 */
export function checkFirstDeposit(
  secrets: Secrets,
  deposit: { signed: SignedCertificate; authenticationKey: string },
  registered: { issuerCode: string; keys: Jwk[] },
  now: Date,
): CheckedDeposit {
  const { issuerCode, claimedNumber } = claimsOf(deposit.signed);
  if (registered.issuerCode !== issuerCode) throw new Error(`the keys given are ${registered.issuerCode}'s, the certificate claims issuer ${issuerCode}`);
  const { content, verification, canonicalKey } = verifyDeposit(deposit, { keys: registered.keys }, claimedNumber);
  if (content.version !== 1 || content.previousVersionHash !== null) {
    throw new DsureIntakeError('version_gap', '最初に登録する証書は第1版（前の版なし）である必要があります');
  }
  return checkedDeposit(secrets, deposit.signed, verification, canonicalKey, false, now);
}

/** The issuer and the number a certificate claims, read before its signature is checked. */
function claimsOf(signed: unknown): { issuerCode: string; claimedNumber: string | null } {
  const issuerCode = unverifiedContentText(signed, 'issuer', 'code');
  if (!issuerCode) throw new DsureIntakeError('malformed', '証書データの形式が正しくありません');
  return { issuerCode, claimedNumber: parseGuaranteeContractNumber(unverifiedContentText(signed, 'guaranteeContractNumber') ?? '')?.canonical ?? null };
}

/** The refusals that need no stored version, in their order: signature, content, kind, number, key. */
function verifyDeposit(deposit: { signed: SignedCertificate; authenticationKey: string }, jwks: Jwks, claimedNumber: string | null) {
  const verification = verifyCertificate(deposit.signed, jwks);
  if (!verification.valid) {
    throw new DsureIntakeError('signature_invalid', `署名を検証できない証書は受け付けません（${verification.reason}）`);
  }
  const content: unknown = deposit.signed.content;
  if (!isUsableCertificateContent(content)) throw new DsureIntakeError('content_invalid', '証書の記載事項に不備があります');
  if (content.guaranteeType === 'contract_reservation') {
    throw new DsureIntakeError('not_electronic', '契約保証予約は電子証書の対象外です');
  }
  if (!claimedNumber || claimedNumber !== content.guaranteeContractNumber) {
    throw new DsureIntakeError('number_invalid', '保証契約番号が正しくありません');
  }
  const canonicalKey = parseAuthenticationKey(deposit.authenticationKey);
  if (!canonicalKey) throw new DsureIntakeError('key_invalid', '認証キーの形式が正しくありません');
  return { content, number: claimedNumber, verification, canonicalKey };
}

/** What a checked deposit writes: the certificate, the guarantee's summary and the audit event. */
function checkedDeposit(
  secrets: Secrets,
  signed: SignedCertificate,
  verification: { keyId: string; contentHash: string },
  canonicalKey: string,
  summaryExists: boolean,
  now: Date,
): CheckedDeposit {
  const { content, signature } = signed;
  const number = content.guaranteeContractNumber;
  const issuerCode = content.issuer.code;
  return {
    guaranteeContractNumber: number,
    content,
    certificateRow: {
      guarantee_contract_number: number,
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
    },
    summary: {
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
    },
    summaryExists,
    auditRow: auditLogRow(
      null,
      {
        action: 'dsure.certificate_deposited',
        subjectType: 'certificate',
        subjectId: number,
        data: { version: content.version, issuerCode, ordererCode: content.orderer.code, keyId: verification.keyId, contentHash: verification.contentHash },
      },
      now,
    ),
  };
}

/**
 * The deposit's certificate and the guarantee's summary as two CTEs of the statement built on
 * the result: the caller ends it with an audit_log insert that holds checked.auditRow. The
 * result is typed as the caller's query creator: nothing after it refers to the two CTEs.
 */
export function withDepositWrites(db: QueryCreator<Database>, checked: CheckedDeposit): QueryCreator<Database> {
  const withWrites = db
    .with('dsure_certificate', (q) => q.insertInto('dsure_certificates').values(checked.certificateRow).returning('version'))
    .with('dsure_guarantee', (q) =>
      checked.summaryExists
        ? q.updateTable('dsure_guarantees').set(checked.summary).where('guarantee_contract_number', '=', checked.guaranteeContractNumber).returning('latest_version')
        : q.insertInto('dsure_guarantees').values({ guarantee_contract_number: checked.guaranteeContractNumber, ...checked.summary }).returning('latest_version'),
    );
  return withWrites as unknown as QueryCreator<Database>;
}

/** After the deposit's statement: a new version (2 and later) is told to the orderers that registered the certificate. */
export async function depositWritten(trx: DbOrTrx, checked: CheckedDeposit, now: Date): Promise<void> {
  await notifyOrderersOfNewVersion(trx, checked.content, now); // email the orderers that registered it
  await enqueueCertificateWebhooks(trx, checked.content, now); // queue the registered orderers' webhooks
}

/**
 * The refusal for a first version whose number another deposit already holds: one committed
 * while this one was checked (or before, for checkFirstDeposit, which reads no summary), so the
 * summary's primary key or the version's unique key refused the write. Null for any other
 * error. The transaction can no longer go on, so even the very same certificate is refused.
 */
export function refusalOfConcurrentFirstVersion(error: unknown, checked: CheckedDeposit): DsureIntakeError | null {
  const constraint = (error as { code?: unknown; constraint?: unknown } | null)?.constraint;
  if ((error as { code?: unknown } | null)?.code !== '23505' || checked.summaryExists) return null;
  if (constraint !== 'dsure_guarantees_pkey' && constraint !== 'dsure_certificates_number_version_key') return null;
  return new DsureIntakeError('version_conflict', `保証契約番号 ${checked.guaranteeContractNumber} の第1版はすでに登録されています`);
}

/**
 * Reads the issuer's keys and locks the guarantee's summary (until the transaction ends), in
 * one statement: the summary as the last deposit committed it, or null when there is none.
 */
async function lockSummaryAndReadIssuerKeys(trx: DbOrTrx, guaranteeContractNumber: string, issuerCode: string) {
  const row = await trx
    .selectNoFrom((eb) => [
      issuerKeysJson(issuerCode).as('keys'),
      jsonObjectFrom(
        eb.selectFrom('dsure_guarantees').select(['latest_version', 'issuer_code', 'orderer_code']).where('guarantee_contract_number', '=', guaranteeContractNumber).forUpdate(),
      ).as('locked'),
    ])
    .executeTakeFirstOrThrow();
  const jwks: Jwks = { keys: row.keys ?? [] };
  return { jwks, locked: row.locked ? { ...row.locked, latest_version: Number(row.locked.latest_version) } : null };
}

/** A non-empty text at `path` in the certificate's content, read before its signature is checked; or null. */
function unverifiedContentText(signed: unknown, ...path: string[]): string | null {
  let value: unknown = typeof signed === 'object' && signed !== null ? (signed as { content?: unknown }).content : undefined;
  for (const name of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value.length > 0 ? value : null;
}
