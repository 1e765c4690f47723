// Use case: an orderer types a 保証契約番号 and its 認証キー (電子証書の閲覧). A valid pair for a
// certificate addressed to this orderer registers it in the orderer's list. Everything else —
// an unknown number, a wrong key, another orderer's certificate, a lock — gets the same answer,
// so the answer never tells whether a number exists. Every attempt is logged and audited.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { DbOrTrx } from '../../db/database.ts';
import type { Secrets } from '../../secrets.ts';
import { clearFailuresOf, recordFailure, throttleState } from '../../security/throttle.ts';
import { authenticationKeyHmac, sameHmac } from '../key-hmac.ts';
import { KEY_ENTRY_ACCOUNT_RULE, KEY_ENTRY_ADDRESS_RULE, KEY_ENTRY_NUMBER_RULE, keyEntryThrottleKeys } from '../throttle-rules.ts';
import { recordViewLog } from '../view-log.ts';

export interface KeyEntryActor {
  userId: string;
  organisationId: string;
  organisationCode: string;
  ip: string;
}

/** `reason` is for metrics and logs only: the person sees the same message for both. */
export type KeyEntryResult = { ok: true; guaranteeContractNumber: string } | { ok: false; reason: 'refused' | 'locked' };

/** The one answer to every refused key entry (see the use case's comment). */
export const KEY_ENTRY_REFUSED_MESSAGE =
  '保証契約番号または認証キーが正しくないか、貴団体では閲覧できない電子証書です。受注者から提出された「認証キー等のお知らせ」の記載をご確認ください。入力の誤りが続いた場合は、安全のため一定時間（約60分）受け付けを停止します。';

/**
 * Checks the pair inside `trx` (call it in a transaction: the throttle, the log, the audit event
 * and the registration commit together). `number` and `key` are canonical (domain parse functions).
 */
export async function registerCertificateWithKey(
  trx: DbOrTrx,
  secrets: Secrets,
  actor: KeyEntryActor,
  input: { number: string; key: string },
  now: Date,
): Promise<KeyEntryResult> {
  // No lock is taken: attempts run in parallel. Failures are counted by atomic upserts, so the
  // only slack is that attempts already in flight when a lock starts still get their answer —
  // at most one per concurrent request, against a key of about 86 bits.
  const keys = keyEntryThrottleKeys({ number: input.number, userId: actor.userId, ip: actor.ip });
  const audit = { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip };
  const log = (outcome: 'registered' | 'refused' | 'locked', version: number | null) =>
    recordViewLog(trx, { ordererId: actor.organisationId, userId: actor.userId, ip: actor.ip, guaranteeContractNumber: input.number, outcome, version }, now);

  const throttle = await throttleState(trx, [keys.number, keys.account, keys.address], now);
  const lock = throttle.lockedUntil;
  if (lock) {
    await log('locked', null);
    await appendAuditEvent(trx, audit, { action: 'dsure.key_entry_locked', subjectType: 'certificate', subjectId: input.number, data: { lockedUntil: lock.toISOString() } }, now);
    return { ok: false, reason: 'locked' };
  }

  const guarantee = await unsafeFindGuaranteeForKeyCheck(trx, input.number);
  const typedHmac = authenticationKeyHmac(secrets, input.key);
  const keyMatches = guarantee !== null && guarantee.keyHmacs.some((stored) => sameHmac(stored, typedHmac));
  const addressedHere = guarantee !== null && guarantee.ordererCode === actor.organisationCode;

  if (!guarantee || !keyMatches || !addressedHere) {
    await recordFailure(trx, keys.number, KEY_ENTRY_NUMBER_RULE, now);
    await recordFailure(trx, keys.account, KEY_ENTRY_ACCOUNT_RULE, now);
    await recordFailure(trx, keys.address, KEY_ENTRY_ADDRESS_RULE, now);
    await log('refused', null);
    // The audit log is for investigators, not for the person at the screen: it says why.
    const reason = !guarantee ? 'unknown_number' : !keyMatches ? 'wrong_key' : 'other_orderer';
    await appendAuditEvent(trx, audit, { action: 'dsure.key_entry_refused', subjectType: 'certificate', subjectId: input.number, data: { reason } }, now);
    return { ok: false, reason: 'refused' };
  }

  await clearFailuresOf(trx, throttle.keysWithFailures.filter((k) => k === keys.number || k === keys.account));
  await trx
    .insertInto('dsure_registrations')
    .values({
      orderer_id: actor.organisationId,
      guarantee_contract_number: input.number,
      registered_at: now,
      registered_by_user_id: actor.userId,
      last_opened_version: guarantee.latestVersion,
      last_opened_at: now,
    })
    .onConflict((oc) => oc.columns(['orderer_id', 'guarantee_contract_number']).doNothing())
    .execute();
  await log('registered', guarantee.latestVersion);
  await appendAuditEvent(
    trx,
    audit,
    { action: 'dsure.key_entry_accepted', subjectType: 'certificate', subjectId: input.number, data: { version: guarantee.latestVersion } },
    now,
  );
  return { ok: true, guaranteeContractNumber: input.number };
}

/**
 * Unscoped on purpose: the key check is the one place that looks a number up before knowing
 * whether the caller may see it. Returns only what the check needs.
 */
async function unsafeFindGuaranteeForKeyCheck(
  trx: DbOrTrx,
  number: string,
): Promise<{ ordererCode: string; latestVersion: number; keyHmacs: string[] } | null> {
  const guarantee = await trx
    .selectFrom('dsure_guarantees')
    .select((eb) => [
      'orderer_code',
      'latest_version',
      eb
        .selectFrom('dsure_certificates')
        .select((inner) => inner.fn.agg<string[]>('array_agg', ['dsure_certificates.key_hmac']).as('hmacs'))
        .whereRef('dsure_certificates.guarantee_contract_number', '=', 'dsure_guarantees.guarantee_contract_number')
        .as('key_hmacs'),
    ])
    .where('guarantee_contract_number', '=', number)
    .executeTakeFirst();
  if (!guarantee) return null;
  return { ordererCode: guarantee.orderer_code, latestVersion: guarantee.latest_version, keyHmacs: guarantee.key_hmacs ?? [] };
}

/**
 * A key entry whose number or key is not even well-formed (caught by the check digits before
 * any certificate is looked up): logged and audited, not counted against the lockouts.
 */
export async function recordMalformedKeyEntry(
  trx: DbOrTrx,
  actor: KeyEntryActor,
  typedNumber: string,
  fields: string[],
  now: Date,
): Promise<void> {
  const number = typedNumber.slice(0, 40);
  await recordViewLog(trx, { ordererId: actor.organisationId, userId: actor.userId, ip: actor.ip, guaranteeContractNumber: number || null, outcome: 'invalid_input', version: null }, now);
  await appendAuditEvent(
    trx,
    { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip },
    { action: 'dsure.key_entry_malformed', subjectType: 'certificate', subjectId: number || '-', data: { fields } },
    now,
  );
}
