// Issuance end to end over HTTP: a submitted application becomes a concluded guarantee with a
// signed certificate, a 認証キー (never in clear, never mailed), a fee statement, a customer
// copy, a D-Sure deposit and the notice email; exactly once, under 20 parallel clicks.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { sealAllAuditEvents, sealCovering, verifyAuditChain } from '../../src/audit/audit-log.ts';
import { formatYen, parseAuthenticationKey, parseGuaranteeContractNumber, type CertificateContent } from '../../src/domain/index.ts';
import { authenticationKeyHmac, checkAuthenticationKey, openAuthenticationKey } from '../../src/issuance/authentication-keys.ts';
import { signedCertificateOf } from '../../src/issuance/certificate-content.ts';
import { CERTIFICATE_NOTICE_SUBJECT } from '../../src/issuance/notice-mail.ts';
import { verifyCertificate, type Jwks } from '../../src/signing/index.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { createTestContext, engineName, type TestContext } from '../support/test-context.ts';
import { createScene, createSubmittedApplication } from './fixtures.ts';

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

async function jwks(): Promise<Jwks> {
  const res = await t.app.inject('/.well-known/jwks.json');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/jwk-set\+json/);
  return res.json() as Jwks;
}

async function storedCertificate(guaranteeId: string) {
  return t.db.selectFrom('certificates').selectAll().where('guarantee_id', '=', guaranteeId).where('version', '=', 1).executeTakeFirstOrThrow();
}

describe(`conclusion end to end (${engineName})`, () => {
  test('a submitted application becomes a guarantee; the email arrives; the certificate verifies against the JWKS and a changed field does not', async () => {
    const scene = await createScene(t.db);
    const browser = new TestBrowser(t.app);
    await browser.login('staff', scene.surety.approver.login_id, scene.surety.approver.password);

    const queue = visibleText((await browser.get('/staff/applications')).body);
    assert.ok(queue.includes('市道田島線道路改良工事'), 'the application is in the queue');

    const detail = await browser.get(`/staff/applications/${scene.application.id}`);
    assert.equal(detail.statusCode, 200);
    const detailText = visibleText(detail.body);
    assert.ok(detailText.includes('電子交付の対象です'), 'eligibility shown');
    assert.ok(detailText.includes('発注者の定めに合っています'), 'amount check shown');
    assert.ok(detailText.includes('保証料 合計（非課税）'), 'fee breakdown shown');
    assert.ok(detailText.includes('金12,300,000円'));

    const concluded = await browser.post(`/staff/applications/${scene.application.id}/conclude`, { revision: String(scene.application.revision) });
    assert.equal(concluded.statusCode, 303);
    const guaranteePage = await browser.get(String(concluded.headers.location));
    assert.equal(guaranteePage.statusCode, 200);

    const guarantee = await t.db.selectFrom('guarantees').selectAll().where('application_id', '=', scene.application.id).executeTakeFirstOrThrow();
    const number = parseGuaranteeContractNumber(guarantee.guarantee_contract_number);
    assert.ok(number, 'a valid 保証契約番号 with check digits');
    assert.equal(number.issuerCode, scene.surety.organisation.code);
    assert.equal(number.fiscalYear, 2026, '令和8年度 (the clock is 2026-11-27 in Japan)');
    assert.equal(number.serial, 1);
    const pageText = visibleText(guaranteePage.body);
    assert.ok(pageText.includes(guarantee.guarantee_contract_number));
    assert.ok(pageText.includes('有効'), 'the signature check on the staff page says valid');

    const application = await t.db.selectFrom('applications').select(['status']).where('id', '=', scene.application.id).executeTakeFirstOrThrow();
    assert.equal(application.status, 'concluded');

    // The 認証キー: an HMAC and a sealed copy, never in clear.
    assert.ok(guarantee.authentication_key_hmac && guarantee.authentication_key_sealed);
    const key = openAuthenticationKey(t.secrets, guarantee.authentication_key_sealed, guarantee.guarantee_contract_number);
    assert.equal(parseAuthenticationKey(key), key, 'a well-formed key');
    assert.ok(checkAuthenticationKey(t.secrets, guarantee.authentication_key_hmac, key.toLowerCase().replaceAll('-', ' ')));
    assert.ok(!guarantee.authentication_key_sealed.includes(key) && !guarantee.authentication_key_sealed.includes(key.replaceAll('-', '')));
    const dump = JSON.stringify(await sql`select * from guarantees`.execute(t.db));
    assert.ok(!dump.includes(key) && !dump.includes(key.replaceAll('-', '')), 'no column holds the key in clear');
    assert.throws(() => openAuthenticationKey(t.secrets, guarantee.authentication_key_sealed!, 'ZZ-2026-000001-00'), 'the sealed copy is bound to its number');

    // Fee statement and customer copy.
    const feeRow = await t.db.selectFrom('fee_statements').selectAll().where('guarantee_id', '=', guarantee.id).executeTakeFirstOrThrow();
    assert.equal(feeRow.kind, 'initial');
    assert.ok(feeRow.total > 0);
    assert.ok(pageText.includes(formatYen(feeRow.total)), 'the fee total is on the staff page');
    const copies = await t.db.selectFrom('customer_copies').select('id').where('guarantee_id', '=', guarantee.id).execute();
    assert.equal(copies.length, 1);

    // D-Sure received the certificate and only an HMAC of the key.
    const deposit = await t.db.selectFrom('dsure_certificates').selectAll().where('guarantee_contract_number', '=', guarantee.guarantee_contract_number).executeTakeFirstOrThrow();
    assert.equal(deposit.version, 1);
    assert.equal(deposit.key_hmac, authenticationKeyHmac(t.secrets, key));

    // The email: Japanese subject, the number, the way to the key — and not the key.
    assert.deepEqual(await t.deliverMail(), { sent: 1, failed: 0 });
    const mail = await smtp.waitFor((m) => m.subject === CERTIFICATE_NOTICE_SUBJECT && (m.text ?? '').includes(guarantee.guarantee_contract_number));
    assert.equal(mail.subject, '【電子保証】電子証書・認証キー登録のお知らせ');
    assert.equal((mail.to as { text: string }).text, scene.contractor.user.email);
    const body = mail.text ?? '';
    for (const expected of ['e-Net保証にログイン', '電子証書の確認', '市道田島線道路改良工事', '金12,300,000円', '令和8年10月16日']) assert.ok(body.includes(expected), `mail mentions ${expected}`);
    assert.ok(!body.includes(key) && !body.includes(key.replaceAll('-', '')), 'the key is never mailed');

    // The stored certificate verifies against the published keys...
    const row = await storedCertificate(guarantee.id);
    const published = await jwks();
    const result = verifyCertificate(signedCertificateOf(row), published);
    assert.deepEqual(result, { valid: true, keyId: row.key_id, contentHash: row.content_hash });
    const content = row.content as CertificateContent;
    assert.equal(content.guaranteeContractNumber, guarantee.guarantee_contract_number);
    assert.equal(content.issuer.code, scene.surety.organisation.code);
    assert.equal(content.orderer.code, scene.orderer.organisation.code);
    assert.equal(content.orderer.section, '契約検査室');
    assert.equal(content.guaranteedAmount, 12_300_000);
    assert.equal(content.issueDate, '2026-11-27');

    // ...and changing one field of the stored content breaks it.
    await sql`update certificates set content = jsonb_set(content, '{guaranteedAmount}', '12300001'::jsonb) where id = ${row.id}`.execute(t.db);
    const tampered = verifyCertificate(signedCertificateOf(await storedCertificate(guarantee.id)), published);
    assert.equal(tampered.valid, false);
    assert.match(!tampered.valid ? tampered.reason : '', /署名が証書の内容と一致しません/);
    await sql`update certificates set content = jsonb_set(content, '{guaranteedAmount}', '12300000'::jsonb) where id = ${row.id}`.execute(t.db);
    assert.equal(verifyCertificate(signedCertificateOf(await storedCertificate(guarantee.id)), published).valid, true);

    assert.deepEqual((await verifyAuditChain(t.db)).ok, true);
  });

  test('20 parallel 保証契約締結 requests in one session: one guarantee, one certificate, one key, one email', async () => {
    const scene = await createScene(t.db);
    const browser = new TestBrowser(t.app);
    await browser.login('staff', scene.surety.approver.login_id, scene.surety.approver.password);
    await browser.get(`/staff/applications/${scene.application.id}`);
    const mailsBefore = await t.db.selectFrom('mail_outbox').select('id').where('subject', '=', CERTIFICATE_NOTICE_SUBJECT).execute();

    const responses = await Promise.all(
      Array.from({ length: 20 }, () => browser.post(`/staff/applications/${scene.application.id}/conclude`, { revision: String(scene.application.revision) })),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [303, ...Array(19).fill(409)]);
    const guarantees = await t.db.selectFrom('guarantees').selectAll().where('application_id', '=', scene.application.id).execute();
    assert.equal(guarantees.length, 1);
    const guarantee = guarantees[0]!;
    for (const loser of responses.filter((r) => r.statusCode === 409)) {
      const text = visibleText(loser.body);
      assert.ok(text.includes(`この申込は既に保証契約を締結しています（保証契約番号 ${guarantee.guarantee_contract_number}）`), text.slice(0, 300));
    }
    const certificates = await t.db.selectFrom('certificates').select('id').where('guarantee_id', '=', guarantee.id).execute();
    assert.equal(certificates.length, 1);
    const keys = await t.db.selectFrom('guarantees').select('id').where('application_id', '=', scene.application.id).where('authentication_key_hmac', 'is not', null).execute();
    assert.equal(keys.length, 1);
    const deposits = await t.db.selectFrom('dsure_certificates').select('id').where('guarantee_contract_number', '=', guarantee.guarantee_contract_number).execute();
    assert.equal(deposits.length, 1);
    const mails = await t.db.selectFrom('mail_outbox').select('id').where('subject', '=', CERTIFICATE_NOTICE_SUBJECT).execute();
    assert.equal(mails.length - mailsBefore.length, 1);
    const fees = await t.db.selectFrom('fee_statements').select('id').where('guarantee_id', '=', guarantee.id).execute();
    assert.equal(fees.length, 1);
    const events = await t.db.selectFrom('application_events').select('id').where('application_id', '=', scene.application.id).where('kind', '=', 'concluded').execute();
    assert.equal(events.length, 1);
    assert.equal((await verifyAuditChain(t.db)).ok, true);
  });

  test('20 parallel conclusions of different applications of one surety get serials without gaps or duplicates', async () => {
    const scene = await createScene(t.db);
    const others = [];
    for (let i = 0; i < 19; i++) {
      others.push(
        await createSubmittedApplication(t.db, {
          surety: scene.surety.organisation,
          contractor: scene.contractor.organisation,
          applicantUserId: scene.contractor.user.id,
          orderer: scene.orderer.organisation,
        }),
      );
    }
    const all = [scene.application, ...others];
    const browser = new TestBrowser(t.app);
    await browser.login('staff', scene.surety.approver.login_id, scene.surety.approver.password);
    await browser.get('/staff/applications');
    const responses = await Promise.all(all.map((a) => browser.post(`/staff/applications/${a.id}/conclude`, { revision: String(a.revision) })));
    assert.deepEqual(responses.map((r) => r.statusCode), Array(20).fill(303));
    const rows = await t.db.selectFrom('guarantees').select(['serial', 'guarantee_contract_number']).where('surety_id', '=', scene.surety.organisation.id).orderBy('serial').execute();
    assert.deepEqual(rows.map((r) => r.serial), Array.from({ length: 20 }, (_, i) => i + 1));
    for (const r of rows) assert.equal(parseGuaranteeContractNumber(r.guarantee_contract_number)?.serial, r.serial);
  });

  test('with the SMTP server refusing, the notice is retried and delivered once it is back', async () => {
    const scene = await createScene(t.db);
    await t.deliverMail(); // earlier tests' mail out of the way
    const browser = new TestBrowser(t.app);
    await browser.login('staff', scene.surety.admin.login_id, scene.surety.admin.password);
    await browser.get(`/staff/applications/${scene.application.id}`);
    const res = await browser.post(`/staff/applications/${scene.application.id}/conclude`, { revision: String(scene.application.revision) });
    assert.equal(res.statusCode, 303);
    const { guarantee_contract_number: number } = await t.db.selectFrom('guarantees').select('guarantee_contract_number').where('application_id', '=', scene.application.id).executeTakeFirstOrThrow();
    const ours = (m: { subject?: string; text?: string }) => m.subject === CERTIFICATE_NOTICE_SUBJECT && (m.text ?? '').includes(number);

    smtp.refuse = true;
    try {
      assert.deepEqual(await t.deliverMail(), { sent: 0, failed: 1 });
      t.clock.advance(5_000);
      assert.deepEqual(await t.deliverMail(), { sent: 0, failed: 0 }, 'not retried before its backoff');
      t.clock.advance(60_000);
      assert.deepEqual(await t.deliverMail(), { sent: 0, failed: 1 }, 'retried, refused again');
    } finally {
      smtp.refuse = false;
    }
    assert.equal(smtp.messages.filter(ours).length, 0);
    const pending = await t.db.selectFrom('mail_outbox').select(['attempts', 'last_error', 'sent_at']).where('text_body', 'like', `%${number}%`).executeTakeFirstOrThrow();
    assert.equal(pending.attempts, 2);
    assert.equal(pending.sent_at, null);
    assert.ok(pending.last_error);

    t.clock.advance(10 * 60_000);
    assert.deepEqual(await t.deliverMail(), { sent: 1, failed: 0 });
    assert.deepEqual(await t.deliverMail(), { sent: 0, failed: 0 }, 'never sent twice');
    await smtp.waitFor(ours);
    assert.equal(smtp.messages.filter(ours).length, 1);
  });

  test('another surety company’s application and guarantee answer 404, and its queue does not list them', async () => {
    const scene = await createScene(t.db);
    const rival = await createScene(t.db);
    const browser = new TestBrowser(t.app);
    await browser.login('staff', rival.surety.admin.login_id, rival.surety.admin.password);

    const queue = await browser.get('/staff/applications');
    assert.ok(!queue.body.includes(scene.application.id));
    assert.equal((await browser.get(`/staff/applications/${scene.application.id}`)).statusCode, 404);
    assert.equal((await browser.post(`/staff/applications/${scene.application.id}/conclude`, { revision: '1' })).statusCode, 404);
    for (const action of ['start-review', 'propose']) {
      assert.equal((await browser.post(`/staff/applications/${scene.application.id}/${action}`, {})).statusCode, 404);
    }
    assert.equal((await browser.post(`/staff/applications/${scene.application.id}/return`, { message: '確認してください' })).statusCode, 404);
    assert.equal((await browser.post(`/staff/applications/${scene.application.id}/decline`, { reason: '理由' })).statusCode, 404);
    const untouched = await t.db.selectFrom('applications').select('status').where('id', '=', scene.application.id).executeTakeFirstOrThrow();
    assert.equal(untouched.status, 'submitted');

    // The owner concludes; the rival cannot open the guarantee either.
    const owner = new TestBrowser(t.app);
    await owner.login('staff', scene.surety.approver.login_id, scene.surety.approver.password);
    await owner.get(`/staff/applications/${scene.application.id}`);
    const concluded = await owner.post(`/staff/applications/${scene.application.id}/conclude`, { revision: String(scene.application.revision) });
    assert.equal(concluded.statusCode, 303);
    const guaranteeUrl = String(concluded.headers.location).replace(/\?.*$/, '');
    assert.equal((await owner.get(guaranteeUrl)).statusCode, 200);
    assert.equal((await browser.get(guaranteeUrl)).statusCode, 404);
    assert.ok(!(await browser.get('/staff/guarantees')).body.includes(guaranteeUrl));
    assert.equal((await browser.get('/staff/applications/not-a-uuid')).statusCode, 404);
  });

  test('a key rotation keeps old certificates verifiable; new ones are signed with the new key', async () => {
    const scene = await createScene(t.db);
    const second = await createSubmittedApplication(t.db, {
      surety: scene.surety.organisation,
      contractor: scene.contractor.organisation,
      applicantUserId: scene.contractor.user.id,
      orderer: scene.orderer.organisation,
    });
    const admin = new TestBrowser(t.app);
    await admin.login('staff', scene.surety.admin.login_id, scene.surety.admin.password);
    await admin.get(`/staff/applications/${scene.application.id}`);
    assert.equal((await admin.post(`/staff/applications/${scene.application.id}/conclude`, { revision: '1' })).statusCode, 303);

    await admin.get('/staff/settings');
    const rotated = await admin.post('/staff/settings/signing-keys/rotate');
    assert.equal(rotated.statusCode, 303);
    const settings = visibleText((await admin.get(String(rotated.headers.location))).body);
    assert.ok(settings.includes('署名鍵を更新しました'));
    assert.ok(settings.includes('使用中') && settings.includes('使用終了（公開中）'));

    await admin.get(`/staff/applications/${second.id}`);
    assert.equal((await admin.post(`/staff/applications/${second.id}/conclude`, { revision: '1' })).statusCode, 303);

    const rows = await t.db
      .selectFrom('certificates')
      .innerJoin('guarantees', 'guarantees.id', 'certificates.guarantee_id')
      .selectAll('certificates')
      .where('guarantees.application_id', 'in', [scene.application.id, second.id])
      .orderBy('guarantees.serial')
      .execute();
    assert.equal(rows.length, 2);
    assert.notEqual(rows[0]!.key_id, rows[1]!.key_id, 'the second certificate uses the new key');
    const published = await jwks();
    for (const row of rows) assert.equal(verifyCertificate(signedCertificateOf(row), published).valid, true);
    const kids = published.keys.map((k) => k.kid);
    assert.ok(kids.includes(rows[0]!.key_id) && kids.includes(rows[1]!.key_id), 'old and new keys are both published');
    // D-Sure knows both keys too.
    const dsureKeys = await t.db.selectFrom('dsure_issuer_keys').select('kid').where('issuer_code', '=', scene.surety.organisation.code).execute();
    assert.deepEqual(dsureKeys.map((k) => k.kid).sort(), [rows[0]!.key_id, rows[1]!.key_id].sort());
    // The private keys are sealed at rest.
    const stored = await t.db.selectFrom('signing_keys').select(['sealed_private_key', 'status']).where('surety_id', '=', scene.surety.organisation.id).execute();
    assert.deepEqual(stored.map((s) => s.status).sort(), ['active', 'retired']);
    for (const s of stored) assert.match(s.sealed_private_key, /^dh-sk1\./);
  });

  test('the audit chain verifies after all that, and fails after a row is edited by hand', async () => {
    await sealAllAuditEvents(t.db);
    const verified = await verifyAuditChain(t.db);
    assert.equal(verified.ok, true);
    assert.ok(verified.entries > 20);
    const actions = await t.db.selectFrom('audit_log').select('action').distinct().execute();
    for (const action of ['application.concluded', 'guarantee.concluded', 'certificate.issued', 'authentication_key.created', 'signing_key.created', 'signing_key.rotated', 'dsure.certificate_deposited']) {
      assert.ok(actions.some((a) => a.action === action), `audit has ${action}`);
    }
    const row = await t.db.selectFrom('audit_log').select('seq').where('action', '=', 'guarantee.concluded').orderBy('seq').limit(1).executeTakeFirstOrThrow();
    const seal = await sealCovering(t.db, row.seq);
    assert.ok(seal !== null, 'the event is sealed');
    await sql`update audit_log set data = jsonb_set(data, '{feeTotal}', '1'::jsonb) where seq = ${row.seq}`.execute(t.db);
    const broken = await verifyAuditChain(t.db);
    assert.equal(broken.ok, false);
    assert.deepEqual(!broken.ok && broken.broken, { sealIndex: seal }, 'the seal that vouched for the edited row');
  });
});
