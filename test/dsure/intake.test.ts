import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { generateAuthenticationKey } from '../../src/domain/identifiers.ts';
import { DsureIntakeError, checkFirstDeposit, depositCertificate, refusalOfConcurrentFirstVersion, registerIssuerKey, withDepositWrites } from '../../src/dsure/intake.ts';
import { issuerJwks } from '../../src/dsure/issuer-keys.ts';
import { generateSigningKey, signCertificate } from '../../src/signing/index.ts';
import { createTestContext, engineName, type TestContext } from '../support/test-context.ts';
import { certificateContent, depositNew, makeIssuer, nextVersion, registerIssuer, sign } from './fixtures.ts';

let t: TestContext;
const issuer = makeIssuer();

before(async () => {
  t = await createTestContext();
  await registerIssuer(t.db, issuer, t.now());
});
after(() => t.close());

const refusedWith = (code: string) => (error: unknown) => error instanceof DsureIntakeError && error.code === code;

describe('registerIssuerKey', () => {
  test('is idempotent: the same key twice is one key', async () => {
    await registerIssuer(t.db, issuer, t.now());
    const rows = await t.db.selectFrom('dsure_issuer_keys').selectAll().where('issuer_code', '=', issuer.code).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.kid, issuer.key.keyId);
  });

  test('refuses the same key claimed by another issuer', async () => {
    await assert.rejects(
      registerIssuerKey(t.db, { issuerCode: 'EJCS', issuerName: '東日本建設業保証株式会社', publicJwk: issuer.key.publicJwk }, t.now()),
      refusedWith('key_conflict'),
    );
  });
});

describe('depositCertificate', () => {
  test('stores a verified certificate and only an HMAC of its key', async () => {
    const { number, key } = await depositNew(t.db, t.secrets, issuer, { ordererCode: 'oita-hita' }, t.now());
    const row = await t.db.selectFrom('dsure_certificates').selectAll().where('guarantee_contract_number', '=', number).executeTakeFirstOrThrow();
    assert.equal(row.version, 1);
    assert.equal(row.key_id, issuer.key.keyId);
    assert.match(row.key_hmac, /^[0-9a-f]{64}$/);
    const dump = JSON.stringify(await t.db.selectFrom('dsure_certificates').selectAll().execute());
    assert.ok(!dump.includes(key) && !dump.includes(key.replaceAll('-', '')), 'the key itself is nowhere in the table');
    const audit = await t.db.selectFrom('audit_log').select('action').where('subject_id', '=', number).execute();
    assert.deepEqual(audit.map((a) => a.action), ['dsure.certificate_deposited']);
  });

  test('refuses a tampered certificate (content changed after signing) and stores nothing', async () => {
    const signed = sign(issuer, certificateContent({ issuer, ordererCode: 'oita-hita' }));
    const tampered = { ...signed, content: { ...signed.content, guaranteedAmount: signed.content.guaranteedAmount + 1_000_000 } };
    await assert.rejects(
      depositCertificate(t.db, t.secrets, { signed: tampered, authenticationKey: generateAuthenticationKey() }, t.now()),
      refusedWith('signature_invalid'),
    );
    const rows = await t.db.selectFrom('dsure_certificates').select('id').where('guarantee_contract_number', '=', signed.content.guaranteeContractNumber).execute();
    assert.equal(rows.length, 0);
  });

  test('refuses a certificate signed by a key not registered for its issuer', async () => {
    const stranger = generateSigningKey();
    const signed = signCertificate(certificateContent({ issuer, ordererCode: 'oita-hita' }), stranger, t.now());
    await assert.rejects(depositCertificate(t.db, t.secrets, { signed, authenticationKey: generateAuthenticationKey() }, t.now()), refusedWith('signature_invalid'));
  });

  test("refuses a certificate claiming another issuer's name with this issuer's key", async () => {
    const other = makeIssuer('HKCS', '北海道建設業信用保証株式会社');
    await registerIssuer(t.db, other, t.now());
    // signed by WJCS's key but says it was issued by HKCS: HKCS's keys do not verify it
    const signed = signCertificate(certificateContent({ issuer: other, ordererCode: 'oita-hita' }), issuer.key, t.now());
    await assert.rejects(depositCertificate(t.db, t.secrets, { signed, authenticationKey: generateAuthenticationKey() }, t.now()), refusedWith('signature_invalid'));
  });

  test('refuses a malformed key', async () => {
    const signed = sign(issuer, certificateContent({ issuer, ordererCode: 'oita-hita' }));
    await assert.rejects(depositCertificate(t.db, t.secrets, { signed, authenticationKey: 'AAAA-BBBB' }, t.now()), refusedWith('key_invalid'));
  });

  test('keeps every version; the same version again is a no-op, a different one under the same version is refused', async () => {
    const first = await depositNew(t.db, t.secrets, issuer, { ordererCode: 'oita-hita' }, t.now());
    await depositCertificate(t.db, t.secrets, { signed: first.signed, authenticationKey: first.key }, t.now());
    const second = nextVersion(first.content, { guaranteedAmount: 15_000_000, issueDate: '2026-12-01', change: { kind: 'increase', reason: '変更契約による増額', effectiveDate: '2026-12-01' } });
    await depositCertificate(t.db, t.secrets, { signed: sign(issuer, second), authenticationKey: first.key }, t.now());
    const forged = nextVersion(first.content, { guaranteedAmount: 99_000_000, change: { kind: 'increase', reason: '別内容', effectiveDate: '2026-12-01' } });
    await assert.rejects(depositCertificate(t.db, t.secrets, { signed: sign(issuer, forged), authenticationKey: first.key }, t.now()), refusedWith('version_conflict'));
    const versions = await t.db
      .selectFrom('dsure_certificates')
      .select(['version', 'change_kind'])
      .where('guarantee_contract_number', '=', first.number)
      .orderBy('version')
      .execute();
    assert.deepEqual(versions, [
      { version: 1, change_kind: null },
      { version: 2, change_kind: 'increase' },
    ]);
    const summary = await t.db.selectFrom('dsure_guarantees').selectAll().where('guarantee_contract_number', '=', first.number).executeTakeFirstOrThrow();
    assert.equal(summary.latest_version, 2);
    assert.equal(summary.guaranteed_amount, 15_000_000);
  });

  test(
    'two different certificates deposited as the same next version at once: the second waits for the first, then is refused',
    { skip: engineName !== 'postgres' && 'needs two connections at once (TEST_DATABASE_URL)' },
    async () => {
      const first = await depositNew(t.db, t.secrets, issuer, { ordererCode: 'oita-hita' }, t.now());
      const one = nextVersion(first.content, { guaranteedAmount: 15_000_000, change: { kind: 'increase', reason: '増額', effectiveDate: '2026-12-01' } });
      const other = nextVersion(first.content, { guaranteedAmount: 16_000_000, change: { kind: 'increase', reason: '別の増額', effectiveDate: '2026-12-01' } });
      const outcome = await secondDepositWhileFirstUncommitted({ signed: sign(issuer, one), authenticationKey: first.key }, { signed: sign(issuer, other), authenticationKey: first.key });
      assert.ok(refusedWith('version_conflict')(outcome), `the second deposit is refused as a conflicting version 2, not written (got ${String(outcome)})`);
      const summary = await t.db.selectFrom('dsure_guarantees').selectAll().where('guarantee_contract_number', '=', first.number).executeTakeFirstOrThrow();
      assert.equal(summary.latest_version, 2);
      assert.equal(summary.guaranteed_amount, 15_000_000, 'the first deposit stands');
    },
  );

  test(
    'two first versions of one number at once: the second waits for the first, then is refused, and the first stands',
    { skip: engineName !== 'postgres' && 'needs two connections at once (TEST_DATABASE_URL)' },
    async () => {
      const one = certificateContent({ issuer, ordererCode: 'oita-hita', workName: '同時登録の工事（一）' });
      const other = { ...one, work: { ...one.work, name: '同時登録の工事（二）' } };
      const key = generateAuthenticationKey();
      const outcome = await secondDepositWhileFirstUncommitted({ signed: sign(issuer, one), authenticationKey: key }, { signed: sign(issuer, other), authenticationKey: key });
      assert.ok(refusedWith('version_conflict')(outcome), `the second first version is refused, not written (got ${String(outcome)})`);
      const summary = await t.db.selectFrom('dsure_guarantees').selectAll().where('guarantee_contract_number', '=', one.guaranteeContractNumber).executeTakeFirstOrThrow();
      assert.equal(summary.work_name, '同時登録の工事（一）', 'the first deposit stands');
      const versions = await t.db.selectFrom('dsure_certificates').select('version').where('guarantee_contract_number', '=', one.guaranteeContractNumber).execute();
      assert.equal(versions.length, 1);
    },
  );

  test('refuses a version that skips one or breaks the hash chain', async () => {
    const first = await depositNew(t.db, t.secrets, issuer, { ordererCode: 'oita-hita' }, t.now());
    const second = nextVersion(first.content, { change: { kind: 'period_change', reason: '工期延長', effectiveDate: '2027-01-10' } });
    const third = nextVersion(second, { change: { kind: 'cancellation', reason: '解約', effectiveDate: '2027-02-01' }, cancelled: true });
    await assert.rejects(depositCertificate(t.db, t.secrets, { signed: sign(issuer, third), authenticationKey: first.key }, t.now()), refusedWith('version_gap'));
    const brokenChain = { ...second, previousVersionHash: 'f'.repeat(64) };
    await assert.rejects(depositCertificate(t.db, t.secrets, { signed: sign(issuer, brokenChain), authenticationKey: first.key }, t.now()), refusedWith('chain_broken'));
  });

  test('refuses a contract guarantee reservation (契約保証予約 is never electronic)', async () => {
    const signed = sign(issuer, certificateContent({ issuer, ordererCode: 'oita-hita', guaranteeType: 'contract_reservation' }));
    await assert.rejects(depositCertificate(t.db, t.secrets, { signed, authenticationKey: generateAuthenticationKey() }, t.now()), refusedWith('not_electronic'));
  });
});

describe('checkFirstDeposit (an issuer writing the first version within its own statement)', () => {
  const writeFirst = (deposit: Deposit, keys: Awaited<ReturnType<typeof issuerJwks>>) =>
    t.db.transaction().execute(async (trx) => {
      const checked = checkFirstDeposit(t.secrets, deposit, { issuerCode: issuer.code, keys: keys.keys }, t.now());
      try {
        await withDepositWrites(trx, checked).insertInto('audit_log').values(checked.auditRow).execute();
      } catch (error) {
        throw refusalOfConcurrentFirstVersion(error, checked) ?? error;
      }
    });

  test('stores the first version; the same number again is refused at the write and nothing more is stored', async () => {
    const keys = await issuerJwks(t.db, issuer.code);
    const content = certificateContent({ issuer, ordererCode: 'oita-hita', workName: '一文で登録する工事' });
    await writeFirst({ signed: sign(issuer, content), authenticationKey: generateAuthenticationKey() }, keys);
    const stored = await t.db.selectFrom('dsure_certificates').select(['version', 'content_hash']).where('guarantee_contract_number', '=', content.guaranteeContractNumber).execute();
    assert.equal(stored.length, 1);
    const audit = await t.db.selectFrom('audit_log').select('action').where('subject_id', '=', content.guaranteeContractNumber).execute();
    assert.deepEqual(audit.map((a) => a.action), ['dsure.certificate_deposited']);

    const again = { ...content, work: { ...content.work, name: '同じ番号の別の工事' } };
    await assert.rejects(
      writeFirst({ signed: sign(issuer, again), authenticationKey: generateAuthenticationKey() }, keys),
      (error: unknown) => refusedWith('version_conflict')(error) && (error as Error).message === `保証契約番号 ${content.guaranteeContractNumber} の第1版はすでに登録されています`,
    );
    const summary = await t.db.selectFrom('dsure_guarantees').select('work_name').where('guarantee_contract_number', '=', content.guaranteeContractNumber).executeTakeFirstOrThrow();
    assert.equal(summary.work_name, '一文で登録する工事');
  });

  test('refuses what depositCertificate refuses: a signature the given keys do not verify, a later version', async () => {
    const keys = await issuerJwks(t.db, issuer.code);
    const content = certificateContent({ issuer, ordererCode: 'oita-hita' });
    const stranger = makeIssuer();
    assert.throws(() => checkFirstDeposit(t.secrets, { signed: signCertificate(content, stranger.key, t.now()), authenticationKey: generateAuthenticationKey() }, { issuerCode: issuer.code, keys: keys.keys }, t.now()), refusedWith('signature_invalid'));
    const second = nextVersion(content, { guaranteedAmount: 15_000_000, change: { kind: 'increase', reason: '増額', effectiveDate: '2026-12-01' } });
    assert.throws(() => checkFirstDeposit(t.secrets, { signed: sign(issuer, second), authenticationKey: generateAuthenticationKey() }, { issuerCode: issuer.code, keys: keys.keys }, t.now()), refusedWith('version_gap'));
  });
});

type Deposit = Parameters<typeof depositCertificate>[2];

/**
 * Deposits `first` in a transaction held open, then `second` in another: the second runs until
 * it waits for a lock (seen in pg_locks, not by timing) or ends; then the first commits. The
 * second's outcome: 'deposited' or its error.
 */
async function secondDepositWhileFirstUncommitted(first: Deposit, second: Deposit): Promise<unknown> {
  let deposited!: () => void;
  let release!: () => void;
  const depositedSignal = new Promise<void>((resolve) => (deposited = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  const holding = t.db.transaction().execute(async (trx) => {
    await depositCertificate(trx, t.secrets, first, t.now());
    deposited();
    await gate; // still uncommitted: its lock is held
  });
  await depositedSignal;
  let settled = false;
  const racingOutcome = t.db
    .transaction()
    .execute((trx) => depositCertificate(trx, t.secrets, second, t.now()))
    .then(
      () => 'deposited',
      (error: unknown) => error,
    );
  void racingOutcome.finally(() => (settled = true));
  while (!settled) {
    const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_locks where not granted`.execute(t.db);
    if (waiting.rows[0]!.n > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  release();
  await holding;
  return racingOutcome;
}
