// The audit log: every event on an application, a guarantee or a certificate
// (who, what, when, from where). Append-only and tamper-evident:
// - appendAuditEvent writes one row, in the same transaction as the change it records,
//   with no lock: concurrent use cases (issuance, D-Sure lookups) never wait for each other.
// - sealAuditLog (a loop in every instance, about once a second; one sealer at a time) links
//   the committed rows into a hash chain in the order it sees them: chain_index, prev_hash,
//   hash = SHA-256(prev_hash ‖ canonical JSON of the row). A row committed late is simply
//   sealed later, further down the chain.
// - verifyAuditChain walks the chain and finds a changed or deleted sealed row.
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
    chain_index: null,
    prev_hash: null,
    hash: null,
  };
}

interface AuditRow {
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

function rowHash(prevHash: string, chainIndex: number, row: AuditRow): string {
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
  return createHash('sha256').update(prevHash + (canonicalize(entry) ?? '')).digest('hex');
}

/** Links committed, unsealed rows into the chain. Returns how many it sealed (0 when another sealer is at work). */
export async function sealAuditLog(db: Db, batch = 2000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${SEALER_LOCK}) as locked`.execute(trx);
    if (!rows[0]?.locked) return 0;
    const last = await trx.selectFrom('audit_log').select(['chain_index', 'hash']).where('chain_index', 'is not', null).orderBy('chain_index', 'desc').limit(1).executeTakeFirst();
    const pending = await trx
      .selectFrom('audit_log')
      .select(['seq', 'at', 'action', 'actor_user_id', 'actor_organisation_id', 'ip', 'subject_type', 'subject_id', 'data'])
      .where('chain_index', 'is', null)
      .orderBy('seq')
      .limit(batch)
      .execute();
    if (pending.length === 0) return 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    let chainIndex = last?.chain_index === null || last?.chain_index === undefined ? 0 : Number(last.chain_index);
    const sealed: { seq: number; chainIndex: number; prevHash: string; hash: string }[] = [];
    for (const row of pending) {
      chainIndex += 1;
      const hash = rowHash(prevHash, chainIndex, row);
      sealed.push({ seq: Number(row.seq), chainIndex, prevHash, hash });
      prevHash = hash;
    }
    await sql`
      update audit_log as a
         set chain_index = v.chain_index, prev_hash = v.prev_hash, hash = v.hash
        from (select * from unnest(${sealed.map((s) => s.seq)}::bigint[], ${sealed.map((s) => s.chainIndex)}::bigint[],
                                   ${sealed.map((s) => s.prevHash)}::text[], ${sealed.map((s) => s.hash)}::text[])
                 as t(seq, chain_index, prev_hash, hash)) as v
       where a.seq = v.seq and a.chain_index is null
    `.execute(trx);
    return sealed.length;
  });
}

/** Seals everything committed so far (repeats until nothing is left). */
export async function sealAllAuditEvents(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await sealAuditLog(db);
    total += n;
    if (n === 0) return total;
  }
}

export type AuditVerification =
  | { ok: true; entries: number; pending: number }
  | { ok: false; entries: number; pending: number; brokenAtChainIndex: number; reason: string };

/** Walks the sealed chain in order and recomputes every hash; counts the rows not sealed yet. */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  const pendingRow = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('chain_index', 'is', null).executeTakeFirstOrThrow();
  const pending = Number(pendingRow.n);
  let prevHash = GENESIS_HASH;
  let expectedIndex = 1;
  let count = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('chain_index', '>=', expectedIndex).orderBy('chain_index').limit(1000).execute();
    if (rows.length === 0) return { ok: true, entries: count, pending };
    for (const row of rows) {
      const chainIndex = Number(row.chain_index);
      if (chainIndex !== expectedIndex || row.prev_hash !== prevHash) {
        return { ok: false, entries: count, pending, brokenAtChainIndex: expectedIndex, reason: '直前の記録とつながっていません（記録の削除または改ざん） / an entry is missing or altered before this one' };
      }
      if (rowHash(prevHash, chainIndex, row) !== row.hash) {
        return { ok: false, entries: count, pending, brokenAtChainIndex: chainIndex, reason: '記録の内容が変更されています / the entry was altered' };
      }
      prevHash = row.hash;
      expectedIndex += 1;
      count += 1;
    }
  }
}

/** Seals every `intervalMs`; the stop seals what is left, so a clean stop leaves nothing unsealed. */
export function startAuditSealer(db: Db, intervalMs = 1000, log: (e: unknown) => void = console.error): PeriodicWorker {
  const worker = startPeriodicWorker(async () => void (await sealAllAuditEvents(db)), intervalMs, log);
  return {
    kick: worker.kick,
    stop: async () => {
      await worker.stop();
      await sealAllAuditEvents(db).catch(log);
    },
  };
}

export function auditActorOf(actor: { userId: string; organisationId: string } | null, ip: string | null): AuditActor {
  return { userId: actor?.userId ?? null, organisationId: actor?.organisationId ?? null, ip };
}
