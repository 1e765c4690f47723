// The audit log: every event on an application, a guarantee or a certificate
// (who, what, when, from where). Append-only; each entry carries the SHA-256 of
// the previous one, so a changed or deleted row breaks the chain.
// Write it in the same transaction as the change it records.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../db/database.ts';

export const GENESIS_HASH = '0'.repeat(64);
const CHAIN_LOCK = 727_001; // advisory lock id: one writer appends at a time

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

interface ChainedEntry {
  at: string;
  action: string;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  ip: string | null;
  subjectType: string;
  subjectId: string;
  data: unknown;
}

/** hash = SHA-256(previous hash ‖ canonical JSON of the entry) — computed by the database at insert, by Node when verifying. */
function entryHash(prevHash: string, entry: ChainedEntry): string {
  return createHash('sha256').update(prevHash + (canonicalize(entry) ?? '')).digest('hex');
}

// Transactions that already hold the chain's lock (one lock statement per transaction, not per event).
const lockedTransactions = new WeakSet<object>();

/**
 * Appends one event. Call inside the transaction of the change: it takes the chain's lock until
 * commit, so the chain follows commit order. Costs one statement (plus the lock once per transaction):
 * the database reads the previous hash and computes the new one in the same INSERT.
 */
export async function appendAuditEvent(trx: DbOrTrx, actor: AuditActor | null, event: AuditEvent, at: Date): Promise<void> {
  if (!trx.isTransaction) {
    // The lock lives as long as a transaction: outside one, make one.
    return (trx as Db).transaction().execute((inner) => appendAuditEvent(inner, actor, event, at));
  }
  if (!lockedTransactions.has(trx)) {
    await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
    lockedTransactions.add(trx);
  }
  const entry: ChainedEntry = {
    at: at.toISOString(),
    action: event.action,
    actorUserId: actor?.userId ?? null,
    actorOrganisationId: actor?.organisationId ?? null,
    ip: actor?.ip ?? null,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    data: event.data ?? {},
  };
  const canonical = canonicalize(entry) ?? '';
  await sql`
    insert into audit_log (at, action, actor_user_id, actor_organisation_id, ip, subject_type, subject_id, data, prev_hash, hash)
    select ${at}, ${entry.action}, ${entry.actorUserId}, ${entry.actorOrganisationId}, ${entry.ip}, ${entry.subjectType}, ${entry.subjectId},
           ${JSON.stringify(entry.data)}::jsonb, previous.hash, encode(sha256(convert_to(previous.hash || ${canonical}, 'UTF8')), 'hex')
    from (select coalesce((select hash from audit_log order by seq desc limit 1), ${GENESIS_HASH}) as hash) as previous
  `.execute(trx);
}

export type AuditVerification = { ok: true; entries: number } | { ok: false; entries: number; brokenAtSeq: number; reason: string };

/** Walks the chain in order and recomputes every hash. */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let count = 0;
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(1000).execute();
    if (rows.length === 0) return { ok: true, entries: count };
    for (const row of rows) {
      if (row.prev_hash !== prevHash) {
        return { ok: false, entries: count, brokenAtSeq: Number(row.seq), reason: '直前の記録とつながっていません（記録の削除または改ざん） / the previous entry is missing or altered' };
      }
      const expected = entryHash(prevHash, {
        at: new Date(row.at).toISOString(),
        action: row.action,
        actorUserId: row.actor_user_id,
        actorOrganisationId: row.actor_organisation_id,
        ip: row.ip,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        data: row.data,
      });
      if (expected !== row.hash) {
        return { ok: false, entries: count, brokenAtSeq: Number(row.seq), reason: '記録の内容が変更されています / the entry was altered' };
      }
      prevHash = row.hash;
      after = Number(row.seq);
      count++;
    }
  }
}

export function auditActorOf(actor: { userId: string; organisationId: string } | null, ip: string | null): AuditActor {
  return { userId: actor?.userId ?? null, organisationId: actor?.organisationId ?? null, ip };
}
