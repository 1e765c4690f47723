import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { appendAuditEvent, sealAllAuditEvents, sealAuditLog, sealCovering, verifyAuditChain } from '../../src/audit/audit-log.ts';
import { enqueueMail } from '../../src/mail/outbox.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

let t: TestContext;
let smtp: TestSmtp;

before(async () => {
  smtp = await startTestSmtp();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
});
after(async () => {
  await t.close();
  await smtp.stop();
});

test('the audit chain seals committed events, verifies, and fails after a row is edited, deleted or slipped in by hand', async () => {
  for (let i = 0; i < 5; i++) {
    await t.db.transaction().execute((trx) =>
      appendAuditEvent(trx, { userId: null, organisationId: null, ip: '127.0.0.1' }, { action: 'test.event', subjectType: 'test', subjectId: String(i), data: { i, 名前: '日田' } }, t.now()),
    );
  }
  assert.deepEqual(await verifyAuditChain(t.db), { ok: true, entries: 0, pending: 5 }, 'appended, not sealed yet');
  // xmin names the transaction that wrote a row's current version: an UPDATE would change it
  const rowVersions = () => sql<{ seq: number; version: string }>`select seq, xmin::text as version from audit_log order by seq`.execute(t.db).then((r) => r.rows);
  const versionsBefore = await rowVersions();
  assert.equal(await sealAllAuditEvents(t.db), 5);
  assert.deepEqual(await verifyAuditChain(t.db), { ok: true, entries: 5, pending: 0 });
  const seals = await t.db.selectFrom('audit_seals').select(['seal_index', 'entries']).execute();
  assert.deepEqual(seals, [{ seal_index: 1, entries: 5 }], 'one seal for the five rows');
  assert.deepEqual(await rowVersions(), versionsBefore, 'sealing left the rows as they were written (insert-only)');

  // an event rolled back with its transaction never enters the chain
  await assert.rejects(
    t.db.transaction().execute(async (trx) => {
      await appendAuditEvent(trx, null, { action: 'test.rolled_back', subjectType: 'test', subjectId: 'x' }, t.now());
      throw new Error('rollback');
    }),
  );
  assert.equal(await sealAuditLog(t.db), 0);

  const third = await t.db.selectFrom('audit_log').select(['seq', 'xact_id']).where('subject_id', '=', '2').executeTakeFirstOrThrow();
  assert.equal(await sealCovering(t.db, third.seq), 1);
  await sql`update audit_log set data = '{"i": 99}'::jsonb where seq = ${third.seq}`.execute(t.db);
  const edited = await verifyAuditChain(t.db);
  assert.equal(edited.ok, false);
  assert.deepEqual(!edited.ok && [edited.broken, edited.reason], [{ sealIndex: 1 }, '封印された記録の内容が変更されています / a sealed entry was altered']);

  await sql`update audit_log set data = '{"i": 2, "名前": "日田"}'::jsonb where seq = ${third.seq}`.execute(t.db);
  assert.equal((await verifyAuditChain(t.db)).ok, true, 'restoring the row restores the chain');

  // a row slipped into a sealed stretch (an old position, a new number) is found
  await sql`insert into audit_log (xact_id, at, action, subject_type, subject_id, data) values (${third.xact_id}, now(), 'test.forged', 'test', 'x', '{}')`.execute(t.db);
  const added = await verifyAuditChain(t.db);
  assert.deepEqual(!added.ok && added.broken, { sealIndex: 1 }, 'a row added among sealed rows breaks their seal');
  await sql`delete from audit_log where action = 'test.forged'`.execute(t.db);
  assert.equal((await verifyAuditChain(t.db)).ok, true);

  await sql`delete from audit_log where seq = ${third.seq}`.execute(t.db);
  const deleted = await verifyAuditChain(t.db);
  assert.deepEqual(!deleted.ok && deleted.broken, { sealIndex: 1 }, 'a deleted row breaks the chain');
});

test('queued mail reaches the SMTP server with its Japanese subject; while the server refuses it is retried, and sent once', async () => {
  await t.db.transaction().execute((trx) =>
    enqueueMail(trx, { to: 'hanako@example.test', subject: '【電子保証】電子証書・認証キー登録のお知らせ', text: '日田 花子 様\n本文です。', template: 'test' }, t.now()),
  );
  smtp.refuse = true;
  assert.deepEqual(await t.deliverMail(), { sent: 0, failed: 1 });
  assert.deepEqual(await t.deliverMail(), { sent: 0, failed: 0 }, 'not retried before its backoff');
  smtp.refuse = false;
  t.clock.advance(60_000);
  assert.deepEqual(await t.deliverMail(), { sent: 1, failed: 0 });
  assert.deepEqual(await t.deliverMail(), { sent: 0, failed: 0 }, 'never sent twice');
  const mail = await smtp.waitFor((m) => m.subject === '【電子保証】電子証書・認証キー登録のお知らせ');
  assert.equal(mail.text?.trim(), '日田 花子 様\n本文です。');
  assert.equal(smtp.messages.filter((m) => m.subject === mail.subject).length, 1);
});
