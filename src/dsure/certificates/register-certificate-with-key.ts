// Use case: an orderer types a 保証契約番号 and its 認証キー (電子証書の閲覧). A valid pair for a
// certificate addressed to this orderer registers it in the orderer's list. Everything else —
// an unknown number, a wrong key, another orderer's certificate, a lock — gets the same answer,
// so the answer never tells whether a number exists. Every attempt is logged and audited.
import { appendAuditEvent, auditLogRow } from '../../audit/audit-log.ts';
import { sql, type Insertable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { anyOf, columnList, compiledOnce, createBatcher, perDatabase, rowsAsUnnest } from '../../db/batch.ts';
import type { Db, DbOrTrx } from '../../db/database.ts';
import type { DsureRegistrationsTable } from '../../db/schema.ts';
import type { Secrets } from '../../secrets.ts';
import { clearFailuresOf, recordFailure } from '../../security/throttle.ts';
import { authenticationKeyHmac, sameHmac } from '../key-hmac.ts';
import { KEY_ENTRY_ACCOUNT_RULE, KEY_ENTRY_ADDRESS_RULE, KEY_ENTRY_NUMBER_RULE, keyEntryThrottleKeys } from '../throttle-rules.ts';
import { recordViewLog, viewLogRow } from '../view-log.ts';

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
 * Checks the pair. Each outcome's writes (throttle counts, view log, audit event, registration)
 * commit together: in the caller's transaction when given one, otherwise on their own.
 * `number` and `key` are canonical (domain parse functions).
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
  // The accepted path is one read and one write statement (the busiest path of D-Sure); the
  // rarer refusals write several rows in a transaction.
  const atomically = <T>(fn: (t: DbOrTrx) => Promise<T>): Promise<T> => (trx.isTransaction ? fn(trx) : (trx as Db).transaction().execute(fn));
  const keys = keyEntryThrottleKeys({ number: input.number, userId: actor.userId, ip: actor.ip });
  const audit = { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip };
  const log = (t: DbOrTrx, outcome: 'refused' | 'locked') =>
    recordViewLog(t, { ordererId: actor.organisationId, userId: actor.userId, ip: actor.ip, guaranteeContractNumber: input.number, outcome, version: null }, now);

  const throttleKeys = [keys.number, keys.account, keys.address];
  const facts = trx.isTransaction
    ? (await unsafeKeyCheckFacts(trx, [{ number: input.number, throttleKeys, now }]))[0]!
    : await keyCheckFactsBatcher(trx as Db)({ number: input.number, throttleKeys, now });
  const lock = facts.lockedUntil;
  if (lock) {
    await atomically(async (t) => {
      await log(t, 'locked');
      await appendAuditEvent(t, audit, { action: 'dsure.key_entry_locked', subjectType: 'certificate', subjectId: input.number, data: { lockedUntil: lock.toISOString() } }, now);
    });
    return { ok: false, reason: 'locked' };
  }

  const guarantee = facts.guarantee;
  const typedHmac = authenticationKeyHmac(secrets, input.key);
  const keyMatches = guarantee !== null && guarantee.keyHmacs.some((stored) => sameHmac(stored, typedHmac));
  const addressedHere = guarantee !== null && guarantee.ordererCode === actor.organisationCode;

  if (!guarantee || !keyMatches || !addressedHere) {
    // The audit log is for investigators, not for the person at the screen: it says why.
    const reason = !guarantee ? 'unknown_number' : !keyMatches ? 'wrong_key' : 'other_orderer';
    await atomically(async (t) => {
      await recordFailure(t, keys.number, KEY_ENTRY_NUMBER_RULE, now);
      await recordFailure(t, keys.account, KEY_ENTRY_ACCOUNT_RULE, now);
      await recordFailure(t, keys.address, KEY_ENTRY_ADDRESS_RULE, now);
      await log(t, 'refused');
      await appendAuditEvent(t, audit, { action: 'dsure.key_entry_refused', subjectType: 'certificate', subjectId: input.number, data: { reason } }, now);
    });
    return { ok: false, reason: 'refused' };
  }

  await clearFailuresOf(trx, facts.keysWithFailures.filter((k) => k === keys.number || k === keys.account));
  // The registration, the view log and the audit event in ONE statement: atomic without a
  // transaction of its own, and shared with the concurrent acceptances (group commit).
  const accepted: AcceptedEntry = {
    registration: {
      orderer_id: actor.organisationId,
      guarantee_contract_number: input.number,
      registered_at: now,
      registered_by_user_id: actor.userId,
      last_opened_version: guarantee.latestVersion,
      last_opened_at: now,
    },
    viewLog: viewLogRow({ ordererId: actor.organisationId, userId: actor.userId, ip: actor.ip, guaranteeContractNumber: input.number, outcome: 'registered', version: guarantee.latestVersion }, now),
    audit: auditLogRow(audit, { action: 'dsure.key_entry_accepted', subjectType: 'certificate', subjectId: input.number, data: { version: guarantee.latestVersion } }, now),
  };
  if (trx.isTransaction) await writeAcceptedEntries(trx, [accepted]);
  else await acceptedEntryBatcher(trx as Db)(accepted);
  return { ok: true, guaranteeContractNumber: input.number };
}

interface KeyCheckQuestion {
  number: string;
  throttleKeys: string[];
  now: Date;
}

interface KeyCheckFacts {
  lockedUntil: Date | null;
  keysWithFailures: string[];
  guarantee: { ordererCode: string; latestVersion: number; keyHmacs: string[] } | null;
}

/**
 * Everything the checks need, in one round trip for any number of concurrent key entries: the
 * throttle rows of their keys and, for each number, the certificate's orderer, latest version and
 * key HMACs. Unscoped on purpose: the key check is the one place that looks a number up before
 * knowing whether the caller may see it.
 */
async function unsafeKeyCheckFacts(db: DbOrTrx, questions: KeyCheckQuestion[]): Promise<KeyCheckFacts[]> {
  const numbers = [...new Set(questions.map((q) => q.number))];
  const keys = [...new Set(questions.flatMap((q) => q.throttleKeys))];
  const [row] = await keyCheckRows(db, keys, numbers);
  const throttles = new Map(row!.throttles.map((t) => [t.key, t.locked_until ? new Date(t.locked_until) : null]));
  const guarantees = new Map(row!.guarantees.map((g) => [g.guarantee_contract_number, g]));
  return questions.map(({ number, throttleKeys, now }) => {
    const locks = throttleKeys.map((k) => throttles.get(k)).filter((until): until is Date => !!until && until > now);
    const guarantee = guarantees.get(number);
    return {
      lockedUntil: locks.length ? new Date(Math.max(...locks.map((d) => d.getTime()))) : null,
      keysWithFailures: throttleKeys.filter((k) => throttles.has(k)),
      guarantee: guarantee ? { ordererCode: guarantee.orderer_code, latestVersion: Number(guarantee.latest_version), keyHmacs: guarantee.key_hmacs ?? [] } : null,
    };
  });
}

/** The throttle rows of `keys` and the certificates of `numbers`, as one row of two JSON arrays. */
const keyCheckRows = compiledOnce((db: DbOrTrx, keys: string[], numbers: string[]) =>
  db
    .selectNoFrom((eb) => [
      jsonArrayFrom(eb.selectFrom('throttles').select(['key', 'locked_until']).where('key', '=', anyOf(keys))).as('throttles'),
      jsonArrayFrom(
        eb
          .selectFrom('dsure_guarantees as g')
          .select((g) => [
            'g.guarantee_contract_number',
            'g.orderer_code',
            'g.latest_version',
            g
              .selectFrom('dsure_certificates as c')
              .select((c) => c.fn.agg<string[]>('array_agg', ['c.key_hmac']).as('h'))
              .whereRef('c.guarantee_contract_number', '=', 'g.guarantee_contract_number')
              .as('key_hmacs'),
          ])
          .where('g.guarantee_contract_number', '=', anyOf(numbers)),
      ).as('guarantees'),
    ]),
);

const keyCheckFactsBatcher = perDatabase((db: Db) =>
  createBatcher<KeyCheckQuestion, KeyCheckFacts>((questions) => unsafeKeyCheckFacts(db, questions), { maxBatchSize: 100, maxInFlight: 1 }),
);

interface AcceptedEntry {
  registration: Insertable<DsureRegistrationsTable>;
  viewLog: ReturnType<typeof viewLogRow>;
  audit: ReturnType<typeof auditLogRow>;
}

const REGISTRATION_COLUMNS = {
  orderer_id: 'uuid',
  guarantee_contract_number: 'text',
  registered_at: 'timestamptz',
  registered_by_user_id: 'uuid',
  last_opened_version: 'int4',
  last_opened_at: 'timestamptz',
} as const;
const VIEW_LOG_COLUMNS = { at: 'timestamptz', orderer_id: 'uuid', user_id: 'uuid', ip: 'text', guarantee_contract_number: 'text', outcome: 'text', version: 'int4' } as const;
const AUDIT_COLUMNS = {
  at: 'timestamptz',
  action: 'text',
  actor_user_id: 'uuid',
  actor_organisation_id: 'uuid',
  ip: 'text',
  subject_type: 'text',
  subject_id: 'text',
  data: 'jsonb',
} as const;

/**
 * The registrations (kept when already there), view-log rows and audit events of accepted
 * entries: one statement whose text is the same for one entry or a hundred (one array per column).
 */
async function writeAcceptedEntries(db: DbOrTrx, entries: AcceptedEntry[]): Promise<void> {
  await sql`
    with registration as (
      insert into dsure_registrations ${columnList(REGISTRATION_COLUMNS)}
      ${rowsAsUnnest(entries.map((e) => e.registration), REGISTRATION_COLUMNS)}
      on conflict (orderer_id, guarantee_contract_number) do nothing
    ), view_log as (
      insert into dsure_view_log ${columnList(VIEW_LOG_COLUMNS)}
      ${rowsAsUnnest(entries.map((e) => e.viewLog), VIEW_LOG_COLUMNS)}
    )
    insert into audit_log ${columnList(AUDIT_COLUMNS)}
    ${rowsAsUnnest(entries.map((e) => e.audit), AUDIT_COLUMNS)}
  `.execute(db);
}

const acceptedEntryBatcher = perDatabase((db: Db) =>
  createBatcher<AcceptedEntry, void>(
    async (entries) => {
      await writeAcceptedEntries(db, entries);
      return entries.map(() => undefined);
    },
    { maxBatchSize: 100, maxInFlight: 1 },
  ),
);

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
  // eslint-disable-next-line no-control-regex
  const number = typedNumber.replace(/[\u0000-\u001F\u007F-\u009F]/g, '').slice(0, 40); // what was typed, minus what a text column cannot hold
  await recordViewLog(trx, { ordererId: actor.organisationId, userId: actor.userId, ip: actor.ip, guaranteeContractNumber: number || null, outcome: 'invalid_input', version: null }, now);
  await appendAuditEvent(
    trx,
    { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip },
    { action: 'dsure.key_entry_malformed', subjectType: 'certificate', subjectId: number || '-', data: { fields } },
    now,
  );
}
