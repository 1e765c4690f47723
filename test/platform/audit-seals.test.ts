// The audit chain's two promises beyond "a changed row is found" (test/platform/audit-and-mail.test.ts):
// a row written by a transaction that ends late is sealed in its place, never skipped; and a
// database sealed row by row before migration 0009 keeps its evidence and goes on from it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import canonicalize from 'canonicalize';
import { Migrator, sql, type Kysely } from 'kysely';
import { appendAuditEvent, sealAllAuditEvents, sealCovering, sealSettledAuditEvents, verifyAuditChain } from '../../src/audit/audit-log.ts';
import { migrateToLatest, openDatabase, type Db } from '../../src/db/database.ts';
import { migrationProvider } from '../../src/db/migrations/index.ts';
import { createEmptyServerDatabase, createTestContext, engineName, type TestContext } from '../support/test-context.ts';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(async () => {
  await t.close();
});

const event = (subjectId: string) => ({ action: 'test.event', subjectType: 'test', subjectId });

test('a row of a transaction still running waits for it, then is sealed in its place: nothing is skipped', { skip: engineName !== 'postgres' && 'needs two connections at once (TEST_DATABASE_URL)' }, async () => {
  await sealAllAuditEvents(t.db);
  const before = await verifyAuditChain(t.db);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let written!: () => void;
  const slowWrote = new Promise<void>((resolve) => (written = resolve));
  const slow = t.db.transaction().execute(async (trx) => {
    await appendAuditEvent(trx, null, event('slow'), t.now());
    written();
    await released;
  });
  try {
    await slowWrote;
    await t.db.transaction().execute((trx) => appendAuditEvent(trx, null, event('quick'), t.now()));
    assert.equal(await sealSettledAuditEvents(t.db), 0, 'the quick row is committed but waits: an older transaction is still running');
  } finally {
    release();
    await slow;
  }
  assert.equal(await sealAllAuditEvents(t.db), 2);
  const verified = await verifyAuditChain(t.db);
  assert.deepEqual(verified, { ok: true, entries: before.entries + 2, pending: 0 });
  const rows = await t.db.selectFrom('audit_log').select(['seq', 'subject_id']).where('subject_id', 'in', ['slow', 'quick']).execute();
  for (const row of rows) assert.notEqual(await sealCovering(t.db, row.seq), null, `${row.subject_id} is sealed`);
});

/** The sealer of the first sessions: hash = SHA-256(prev_hash ‖ canonical JSON of the row with its chain_index), written into the row. */
async function sealRowByRow(db: Db): Promise<void> {
  const rows = await sql<Record<string, unknown>>`select * from audit_log where chain_index is null order by seq`.execute(db);
  let prevHash = '0'.repeat(64);
  let chainIndex = 0;
  for (const row of rows.rows) {
    chainIndex += 1;
    const entry = {
      chainIndex,
      seq: Number(row.seq),
      at: new Date(row.at as string).toISOString(),
      action: row.action,
      actorUserId: row.actor_user_id,
      actorOrganisationId: row.actor_organisation_id,
      ip: row.ip,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      data: row.data,
    };
    const hash = createHash('sha256').update(prevHash + canonicalize(entry)).digest('hex');
    await sql`update audit_log set chain_index = ${chainIndex}, prev_hash = ${prevHash}, hash = ${hash} where seq = ${row.seq}`.execute(db);
    prevHash = hash;
  }
}

test('a log sealed row by row before migration 0009 still verifies, and the first seal continues its chain', async () => {
  const server = engineName === 'postgres' ? await createEmptyServerDatabase() : null;
  const db = server ? await openDatabase({ engine: 'postgres', url: server.url, poolSize: 2 }) : await openDatabase({ engine: 'pglite' });
  try {
    const before0009 = new Migrator({ db: db as unknown as Kysely<unknown>, provider: migrationProvider });
    const { error } = await before0009.migrateTo('0008_serial_sequences');
    assert.ifError(error);
    const insert = (subjectId: string) =>
      sql`insert into audit_log (at, action, subject_type, subject_id, data) values (${new Date()}, 'test.event', 'test', ${subjectId}, ${JSON.stringify({ 名前: '日田', subjectId })}::jsonb)`.execute(db);
    for (const id of ['a', 'b', 'c']) await insert(id);
    await sealRowByRow(db);
    await insert('d'); // committed but not sealed when the service stopped

    await migrateToLatest(db);
    assert.deepEqual(await verifyAuditChain(db), { ok: true, entries: 3, pending: 1 });
    await db.transaction().execute((trx) => appendAuditEvent(trx, null, event('e'), new Date()));
    assert.equal(await sealAllAuditEvents(db), 2, 'the row left unsealed and the new one');
    assert.deepEqual(await verifyAuditChain(db), { ok: true, entries: 5, pending: 0 });
    const legacyEnd = await db.selectFrom('audit_log').select('hash').where('chain_index', '=', 3).executeTakeFirstOrThrow();
    const firstSeal = await db.selectFrom('audit_seals').select('prev_hash').where('seal_index', '=', 1).executeTakeFirstOrThrow();
    assert.equal(firstSeal.prev_hash, legacyEnd.hash, 'the first seal starts from the last row-by-row hash');

    await sql`update audit_log set data = '{}'::jsonb where subject_id = 'b'`.execute(db);
    const edited = await verifyAuditChain(db);
    assert.deepEqual(!edited.ok && edited.broken, { chainIndex: 2 }, 'an edit of a row sealed the old way is still found');
  } finally {
    await db.destroy();
    await server?.drop();
  }
});
