// The audit log: every event on an application, a guarantee or a certificate
// (who, what, when, from where). Append-only and tamper-evident, and insert-only: no row is
// ever updated.
// - appendAuditEvent writes one row, in the same transaction as the change it records,
//   with no lock: concurrent use cases (issuance, D-Sure lookups) never wait for each other.
//   The database gives the row its place in the chain, (xact_id, seq): the position of the
//   writing transaction (its id), then the row's number.
// - The sealer (startAuditSealer: a loop in every instance, about once a second; one sealer at a
//   time, sealSettledAuditEvents each turn, sealAuditLog per batch) links the
//   rows that can no longer change — those of transactions older than the oldest one still
//   running — into a hash chain in that order, and appends one seal per batch to audit_seals:
//   hash = SHA-256 of the previous seal's hash and the canonical JSON of each row, in order.
//   A row committed late by a long transaction is sealed when its transaction ends: its place
//   is after everything sealed before.
// - verifyAuditChain recomputes every seal and finds a changed, deleted or inserted row.
// The evidence starts at sealing: a row can only be altered unnoticed in the second or so
// between its commit and its sealing.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../db/database.ts';
import { startPeriodicWorker, type PeriodicWorker } from '../ops/periodic-worker.ts';

export const GENESIS_HASH = '0'.repeat(64);
const SEALER_LOCK = 727_001; // one sealer at a time, across instances

export interface AuditActor {
  userId: string | null;
  organisationId: string | null;
  ip: string | null;
}

export interface AuditEvent {
  action: string; // e.g. application.submitted, guarantee.concluded, authentication_key.displayed
  subjectType: string; // application, guarantee, certificate, user, organisation, ...
  subjectId: string;
  data?: Record<string, unknown>;
}

/** Appends one event: a single INSERT. Call it inside the transaction of the change it records. */
export async function appendAuditEvent(trx: DbOrTrx, actor: AuditActor | null, event: AuditEvent, at: Date): Promise<void> {
  await trx.insertInto('audit_log').values(auditLogRow(actor, event, at)).execute();
}

/** The row of an event, for a use case that writes it within a larger statement (a CTE). */
export function auditLogRow(actor: AuditActor | null, event: AuditEvent, at: Date) {
  return {
    at,
    action: event.action,
    actor_user_id: actor?.userId ?? null,
    actor_organisation_id: actor?.organisationId ?? null,
    ip: actor?.ip ?? null,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    data: JSON.stringify(event.data ?? {}),
  };
}

export interface AuditRow {
  seq: number | string;
  at: Date | string;
  action: string;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  ip: string | null;
  subject_type: string;
  subject_id: string;
  data: unknown;
}

/** A row of the per-row chain of the first sessions, as it was hashed (with its chain_index). */
function legacyCanonicalEntry(row: AuditRow, chainIndex: number): string {
  const entry = {
    chainIndex,
    seq: Number(row.seq),
    at: new Date(row.at).toISOString(),
    action: row.action,
    actorUserId: row.actor_user_id,
    actorOrganisationId: row.actor_organisation_id,
    ip: row.ip,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    data: row.data,
  };
  return canonicalize(entry) ?? '';
}

/**
 * A row as sealed: the RFC 8785 canonical JSON of {action, actorOrganisationId, actorUserId, at,
 * data, ip, seq, subjectId, subjectType} — written out in that (sorted) key order, with
 * JSON.stringify for the strings (RFC 8785 serialises strings as ECMAScript does) and canonicalize
 * for `data`. The sealer writes hundreds of rows a second: a generic canonicalizer cost several
 * times this. test/platform/audit-sealed-entry.test.ts holds it equal to canonicalize().
 */
export function sealedEntry(row: AuditRow): string {
  return (
    `{"action":${JSON.stringify(row.action)},"actorOrganisationId":${JSON.stringify(row.actor_organisation_id)},` +
    `"actorUserId":${JSON.stringify(row.actor_user_id)},"at":${JSON.stringify(new Date(row.at).toISOString())},` +
    `"data":${canonicalize(row.data) ?? 'null'},"ip":${JSON.stringify(row.ip)},"seq":${JSON.stringify(Number(row.seq))},` +
    `"subjectId":${JSON.stringify(row.subject_id)},"subjectType":${JSON.stringify(row.subject_type)}}`
  );
}

/**
 * A seal's hash: SHA-256 of the previous seal's hash, then each row's sealed entry, each after a
 * newline (canonical JSON has no raw newline, so the boundaries are unambiguous), in chain order.
 */
function sealHash(prevHash: string, rows: readonly AuditRow[]): string {
  const hash = createHash('sha256').update(prevHash);
  for (const row of rows) hash.update('\n' + sealedEntry(row));
  return hash.digest('hex');
}

/** A place in the chain: the writing transaction's position, then the row's number. */
interface ChainPosition {
  xactId: number;
  seq: number;
}
const BEFORE_EVERY_ROW: ChainPosition = { xactId: -1, seq: 0 };
const ROW_COLUMNS = sql`seq, xact_id, at, action, actor_user_id, actor_organisation_id, ip, subject_type, subject_id, data`;
type PositionedRow = AuditRow & { xact_id: number | string };

interface SealRow {
  seal_index: number | string;
  first_xact_id: number | string;
  first_seq: number | string;
  last_xact_id: number | string;
  last_seq: number | string;
  entries: number;
  prev_hash: string;
  hash: string;
}
const lastPositionOf = (seal: SealRow): ChainPosition => ({ xactId: Number(seal.last_xact_id), seq: Number(seal.last_seq) });

/** Where the chain stands: the last seal, or the end of the per-row chain of the first sessions. */
async function chainHead(db: DbOrTrx): Promise<{ sealIndex: number; position: ChainPosition; hash: string }> {
  const seal = await sql<SealRow>`select * from audit_seals order by seal_index desc limit 1`.execute(db);
  const last = seal.rows[0];
  if (last) return { sealIndex: Number(last.seal_index), position: lastPositionOf(last), hash: last.hash };
  const legacy = await sql<{ hash: string }>`select hash from audit_log where chain_index is not null order by chain_index desc limit 1`.execute(db);
  return { sealIndex: 0, position: BEFORE_EVERY_ROW, hash: legacy.rows[0]?.hash ?? GENESIS_HASH };
}

/**
 * Links the next rows that can no longer change into the chain, as one seal. `settledBelow` is
 * the watermark it used (null when another sealer holds the lock).
 */
async function sealNextBatch(db: Db, batch: number): Promise<{ sealed: number; settledBelow: number | null }> {
  return db.transaction().execute(async (trx) => {
    // Every transaction whose position is below the oldest one still running has ended: its rows
    // are all visible now and no row can be added below that watermark any more.
    const { rows } = await sql<{ locked: boolean; settled_below: number | string }>`
      select pg_try_advisory_xact_lock(${SEALER_LOCK}) as locked,
             pg_snapshot_xmin(pg_current_snapshot())::text::bigint + audit_position_offset() as settled_below`.execute(trx);
    if (!rows[0]?.locked) return { sealed: 0, settledBelow: null };
    const settledBelow = Number(rows[0].settled_below);
    const head = await chainHead(trx);
    const pending = await sql<PositionedRow>`
      select ${ROW_COLUMNS} from audit_log
       where xact_id < ${settledBelow} and (xact_id, seq) > (${head.position.xactId}, ${head.position.seq})
       order by xact_id, seq limit ${batch}`.execute(trx);
    const first = pending.rows[0];
    const last = pending.rows.at(-1);
    if (!first || !last) return { sealed: 0, settledBelow };
    await trx
      .insertInto('audit_seals')
      .values({
        seal_index: head.sealIndex + 1,
        first_xact_id: Number(first.xact_id),
        first_seq: Number(first.seq),
        last_xact_id: Number(last.xact_id),
        last_seq: Number(last.seq),
        entries: pending.rows.length,
        prev_hash: head.hash,
        hash: sealHash(head.hash, pending.rows),
        sealed_at: new Date(),
      })
      .execute();
    return { sealed: pending.rows.length, settledBelow };
  });
}

/** Seals one batch of the rows that can no longer change. Returns how many it sealed (0 when another sealer is at work). */
export async function sealAuditLog(db: Db, batch = 2000): Promise<number> {
  return (await sealNextBatch(db, batch)).sealed;
}

/**
 * Seals the rows that can no longer change: the sealer's turn. It goes on only while a seal came
 * out full (more were waiting); under steady load a turn is a few seals, not a seal for every few
 * rows committed meanwhile. 500 rows a seal: hashing them holds the event loop about 3 ms.
 */
export async function sealSettledAuditEvents(db: Db, batch = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await sealAuditLog(db, batch);
    total += n;
    if (n < batch) return total;
  }
}

/**
 * Seals every row committed before the call. A row of a transaction that is still running
 * elsewhere (another request, another instance, another database of the same server) waits for
 * it to end, up to `waitMs`; then the rows not sealed yet stay for the sealer's next turn.
 */
export async function sealAllAuditEvents(db: Db, waitMs = 30_000): Promise<number> {
  const { rows } = await sql<{ next: number | string }>`select pg_snapshot_xmax(pg_current_snapshot())::text::bigint + audit_position_offset() as next`.execute(db);
  const committedBelow = Number(rows[0]!.next); // every transaction committed before now is below
  const deadline = Date.now() + waitMs;
  let total = 0;
  for (;;) {
    const { sealed, settledBelow } = await sealNextBatch(db, 2000);
    total += sealed;
    if (sealed > 0) continue;
    if ((settledBelow !== null && settledBelow >= committedBelow) || Date.now() > deadline) return total;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The seal that vouches for an event (null while it is not sealed, or for a row of the per-row chain). */
export async function sealCovering(db: DbOrTrx, seq: number): Promise<number | null> {
  const { rows } = await sql<{ seal_index: number | string }>`
    select s.seal_index from audit_log a join audit_seals s
        on (a.xact_id, a.seq) >= (s.first_xact_id, s.first_seq) and (a.xact_id, a.seq) <= (s.last_xact_id, s.last_seq)
     where a.seq = ${seq}`.execute(db);
  return rows[0] ? Number(rows[0].seal_index) : null;
}

export type AuditVerification =
  | { ok: true; entries: number; pending: number }
  | {
      ok: false;
      entries: number;
      pending: number;
      /** Where the chain breaks: a seal, or a row of the per-row chain of the first sessions. */
      broken: { sealIndex: number } | { chainIndex: number };
      reason: string;
    };

const MISSING_OR_ADDED = '封印された記録の削除・追加、または封印の改ざんがあります / a sealed entry was deleted or added, or a seal was altered';
const ALTERED = '封印された記録の内容が変更されています / a sealed entry was altered';

/**
 * Recomputes the whole chain: the per-row chain of the first sessions, then every seal over the
 * rows it covers. Counts the rows not sealed yet.
 */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  let count = 0;
  let prevHash = GENESIS_HASH;
  const head = await chainHead(db);
  const unsealed = await sql<{ n: number | string }>`
    select count(*) as n from audit_log where xact_id is not null and (xact_id, seq) > (${head.position.xactId}, ${head.position.seq})`.execute(db);
  const pending = Number(unsealed.rows[0]?.n ?? 0);
  const fail = (broken: { sealIndex: number } | { chainIndex: number }, reason: string): AuditVerification => ({ ok: false, entries: count, pending, broken, reason });

  // 1. The per-row chain (rows sealed one by one before migration 0009).
  for (let expectedIndex = 1; ; ) {
    const rows = await db.selectFrom('audit_log').selectAll().where('chain_index', '>=', expectedIndex).orderBy('chain_index').limit(1000).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const chainIndex = Number(row.chain_index);
      if (chainIndex !== expectedIndex || row.prev_hash !== prevHash) return fail({ chainIndex: expectedIndex }, MISSING_OR_ADDED);
      const hash = createHash('sha256').update(prevHash + legacyCanonicalEntry(row, chainIndex)).digest('hex');
      if (hash !== row.hash) return fail({ chainIndex }, ALTERED);
      prevHash = hash;
      expectedIndex += 1;
      count += 1;
    }
  }

  // 2. The seals, each over the rows between the previous seal's last position and its own.
  let position = BEFORE_EVERY_ROW;
  for (let expectedIndex = 1; ; ) {
    const seals = await sql<SealRow>`select * from audit_seals where seal_index >= ${expectedIndex} order by seal_index limit 100`.execute(db);
    if (seals.rows.length === 0) break;
    for (const seal of seals.rows) {
      const sealIndex = Number(seal.seal_index);
      if (sealIndex !== expectedIndex || seal.prev_hash !== prevHash) return fail({ sealIndex: expectedIndex }, MISSING_OR_ADDED);
      const last = lastPositionOf(seal);
      const covered = await sql<PositionedRow>`
        select ${ROW_COLUMNS} from audit_log
         where (xact_id, seq) > (${position.xactId}, ${position.seq}) and (xact_id, seq) <= (${last.xactId}, ${last.seq})
         order by xact_id, seq`.execute(db);
      const first = covered.rows[0];
      if (covered.rows.length !== seal.entries || Number(first?.xact_id) !== Number(seal.first_xact_id) || Number(first?.seq) !== Number(seal.first_seq)) {
        return fail({ sealIndex }, MISSING_OR_ADDED);
      }
      if (sealHash(prevHash, covered.rows) !== seal.hash) return fail({ sealIndex }, ALTERED);
      prevHash = seal.hash;
      position = last;
      expectedIndex += 1;
      count += seal.entries;
    }
  }

  return { ok: true, entries: count, pending };
}

/**
 * After a restore into another PostgreSQL server, whose transaction ids may be behind the
 * positions already in the log, new rows would land among sealed ones. This moves the positions
 * of new transactions past every position in the log, by redefining the offset function the
 * column default and the sealer add to transaction ids. Returns the new offset, or null when none
 * was needed (one read). Run by `npm run restore` and at every start of the service, before anything
 * is written (a database restored by hand with pg_restore).
 */
export async function keepAuditPositionsAhead(db: Db): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ highest: number | string | null; next: number | string; offset: number | string }>`
      select greatest((select max(xact_id) from audit_log), (select last_xact_id from audit_seals order by seal_index desc limit 1)) as highest,
             pg_snapshot_xmax(pg_current_snapshot())::text::bigint as next, audit_position_offset() as offset`.execute(trx);
    const { highest, next, offset } = rows[0]!;
    if (highest === null || Number(next) + Number(offset) > Number(highest)) return null;
    // A margin for transactions already running, whose ids are just below `next`.
    const ahead = Number(highest) + 1_000 - Number(next);
    if (!Number.isSafeInteger(ahead)) throw new Error(`unexpected audit position offset ${ahead}`);
    await sql`create or replace function audit_position_offset() returns bigint language sql stable as ${sql.lit(`select ${ahead}::bigint`)}`.execute(trx);
    return ahead;
  });
}

/** Seals every `intervalMs`; the stop seals what is left, so a clean stop leaves nothing unsealed. */
export function startAuditSealer(db: Db, intervalMs = 1000, log: (e: unknown) => void = console.error): PeriodicWorker {
  const worker = startPeriodicWorker(async () => void (await sealSettledAuditEvents(db)), intervalMs, log);
  return {
    kick: worker.kick,
    stop: async () => {
      await worker.stop();
      await sealAllAuditEvents(db, 5_000).catch(log);
    },
  };
}

export function auditActorOf(actor: { userId: string; organisationId: string } | null, ip: string | null): AuditActor {
  return { userId: actor?.userId ?? null, organisationId: actor?.organisationId ?? null, ip };
}
