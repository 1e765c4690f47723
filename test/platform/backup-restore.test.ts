// Backup and restore through the real commands (npm run backup / restore), on the
// engine under test: a backup is taken, the database is dropped, the backup is
// restored into a new one, and the data — a login, the audit chain — is all there.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { sql } from 'kysely';
import { appendAuditEvent, sealAllAuditEvents, verifyAuditChain } from '../../src/audit/audit-log.ts';
import { logIn } from '../../src/auth/login.ts';
import { migrateToLatest, openDatabase, type DatabaseTarget, type Db } from '../../src/db/database.ts';
import { concludeGuarantee } from '../../src/issuance/conclude-guarantee.ts';
import { signedCertificateOf } from '../../src/issuance/certificate-content.ts';
import { issuerPublicJwks } from '../../src/issuance/signing-keys.ts';
import { secretsFromMasterKey } from '../../src/secrets.ts';
import { verifyCertificate } from '../../src/signing/index.ts';
import { createScene } from '../issuance/fixtures.ts';
import { createTenant } from '../support/factories.ts';
import { ROOT } from '../support/paths.ts';
import { createEmptyServerDatabase, engineName } from '../support/test-context.ts';

const run = promisify(execFile);

async function cli(command: 'backup' | 'restore', file: string, env: Record<string, string>) {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/ops/backup-cli.ts', command, file], { cwd: ROOT, env: { ...process.env, ...env } });
  return stdout;
}

async function seed(db: Db) {
  await migrateToLatest(db);
  const tenant = await createTenant(db, 'contractor');
  for (let i = 0; i < 3; i++) {
    await db.transaction().execute((trx) => appendAuditEvent(trx, null, { action: 'test.backup', subjectType: 'test', subjectId: String(i) }, new Date()));
  }
  // a concluded guarantee with its signed certificate
  const scene = await createScene(db);
  const actor = { userId: scene.surety.admin.id, organisationId: scene.surety.organisation.id, role: 'surety_admin' as const, ip: '127.0.0.1' };
  const concluded = await db.transaction().execute((trx) =>
    concludeGuarantee(trx, { secrets: secretsFromMasterKey(randomBytes(32)), baseUrl: 'http://localhost:3000' }, actor, { applicationId: scene.application.id, revision: null }, new Date()),
  );
  assert.ok(concluded.ok);
  await sealAllAuditEvents(db);
  // As if the backup came from a server whose transaction ids ran far ahead of the one it is
  // restored to: every position in the log is moved up (positions order rows; they are not hashed).
  await sql`update audit_log set xact_id = xact_id + 1000000000000 where xact_id is not null`.execute(db);
  await sql`update audit_seals set first_xact_id = first_xact_id + 1000000000000, last_xact_id = last_xact_id + 1000000000000`.execute(db);
  const audit = await verifyAuditChain(db);
  assert.equal(audit.ok, true);
  return { tenant, guaranteeContractNumber: concluded.guaranteeContractNumber, suretyId: scene.surety.organisation.id, auditEntries: audit.entries };
}

async function assertIntact(db: Db, seeded: Awaited<ReturnType<typeof seed>>) {
  const { tenant } = seeded;
  const login = await logIn(db, { loginId: tenant.user.login_id, password: tenant.user.password, ip: '127.0.0.9', userAgent: null, now: new Date() });
  assert.equal(login.ok, true, 'the user can still log in');
  assert.deepEqual(await verifyAuditChain(db), { ok: true, entries: seeded.auditEntries, pending: 0 });
  // New events after the restore take their place after the restored ones, and are sealed.
  await db.transaction().execute((trx) => appendAuditEvent(trx, null, { action: 'test.after_restore', subjectType: 'test', subjectId: 'r' }, new Date()));
  assert.equal(await sealAllAuditEvents(db, 2_000), 1);
  assert.deepEqual(await verifyAuditChain(db), { ok: true, entries: seeded.auditEntries + 1, pending: 0 });
  const row = await db
    .selectFrom('certificates')
    .innerJoin('guarantees', 'guarantees.id', 'certificates.guarantee_id')
    .select(['certificates.content', 'certificates.content_hash', 'certificates.key_id', 'certificates.signature', 'certificates.signed_at'])
    .where('guarantees.guarantee_contract_number', '=', seeded.guaranteeContractNumber)
    .executeTakeFirstOrThrow();
  const verification = verifyCertificate(signedCertificateOf(row), await issuerPublicJwks(db, seeded.suretyId));
  assert.equal(verification.valid, true, 'the restored certificate verifies against the restored public key');
}

test(`backup, drop, restore and verify (${engineName})`, async () => {
  const work = mkdtempSync(join(tmpdir(), 'denshi-hosho-backup-'));
  const file = join(work, engineName === 'postgres' ? 'backup.dump' : 'backup.tar');
  try {
    if (engineName === 'postgres') {
      const original = await createEmptyServerDatabase();
      const target: DatabaseTarget = { engine: 'postgres', url: original.url };
      let db = await openDatabase(target);
      const seeded = await seed(db);
      await db.destroy();
      assert.match(await cli('backup', file, { DATABASE_URL: original.url }), /バックアップを作成しました/);
      await original.drop();

      const restored = await createEmptyServerDatabase();
      assert.match(await cli('restore', file, { DATABASE_URL: restored.url }), /復元しました/);
      db = await openDatabase({ engine: 'postgres', url: restored.url });
      try {
        await assertIntact(db, seeded);
      } finally {
        await db.destroy();
        await restored.drop();
      }
    } else {
      const dataDir = join(work, 'data');
      const target: DatabaseTarget = { engine: 'pglite', dataDir: join(dataDir, 'pglite') };
      let db = await openDatabase(target);
      const seeded = await seed(db);
      await db.destroy();
      assert.match(await cli('backup', file, { DATA_DIR: dataDir, DATABASE_URL: '' }), /バックアップを作成しました/);
      rmSync(dataDir, { recursive: true, force: true });

      assert.match(await cli('restore', file, { DATA_DIR: dataDir, DATABASE_URL: '' }), /復元しました/);
      db = await openDatabase(target);
      try {
        await assertIntact(db, seeded);
      } finally {
        await db.destroy();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
