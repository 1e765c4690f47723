// Crash safety on PostgreSQL: the real server runs as a child process against a fresh database,
// with its mail going to a real SMTP server in the test. Logged-in staff fire 保証契約締結 at ~40
// submitted applications (each twice at once, like a double click), and the server is killed
// with SIGKILL at a random moment 0–300 ms after each batch starts, then restarted — about ten
// times — and finally left to finish the rest. Afterwards:
//   - every concluded application has exactly one guarantee, one certificate (version 1), one
//     認証キー (HMAC and sealed copy) and one D-Sure deposit; no guarantee without a concluded
//     application; every application is concluded in the end;
//   - every queued email reached the SMTP server exactly once (by Message-ID, which is the outbox
//     row); a second delivery is only accepted, and reported, when the first one was accepted just
//     before a kill (the process died between SMTP's acceptance and marking the row sent);
//   - one notice mail per guarantee (by subject and number);
//   - the audit chain verifies after sealing.
// Skipped without TEST_DATABASE_URL (CI runs it on PostgreSQL).
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sealAllAuditEvents, verifyAuditChain } from '../../src/audit/audit-log.ts';
import { migrateToLatest, openDatabase, type Db } from '../../src/db/database.ts';
import { CERTIFICATE_NOTICE_SUBJECT } from '../../src/issuance/notice-mail.ts';
import { createMailSender, deliverDueMail } from '../../src/mail/outbox.ts';
import { createUser } from '../support/factories.ts';
import { FetchClient, freePort, startServerProcess, waitUntilHealthy, type ServerProcess } from '../support/processes.ts';
import { startSmtpRecorder, type SmtpRecorder } from '../support/smtp-recorder.ts';
import { createEmptyServerDatabase } from '../support/test-context.ts';
import { createContractor, createOrderer, createSubmittedApplication, createSurety } from '../issuance/fixtures.ts';

const onServer = Boolean(process.env.TEST_DATABASE_URL);
const skip = !onServer && 'crash safety runs on PostgreSQL only: set TEST_DATABASE_URL (CI does)';
const APPLICATIONS = 40;
const KILLS = 9;
const BATCH = 5;
const MAIL_CLAIM_SECONDS = 120; // src/mail/outbox.ts: a claimed row waits this long before another attempt

let smtp: SmtpRecorder;
let database: { url: string; drop: () => Promise<void> };
let db: Db;
let dataDir: string;
let server: ServerProcess | null = null;
const env: Record<string, string> = {};
const kills: { at: number; afterMs: number; batch: string[] }[] = [];

before(async () => {
  if (!onServer) return;
  smtp = await startSmtpRecorder({ acceptDelayMs: () => randomInt(0, 150) }); // a slow mail server: kills land mid-delivery more often
  database = await createEmptyServerDatabase();
  db = await openDatabase({ engine: 'postgres', url: database.url, poolSize: 4 });
  await migrateToLatest(db);
  dataDir = mkdtempSync(join(tmpdir(), 'denshi-hosho-crash-'));
  Object.assign(env, { DATABASE_URL: database.url, MASTER_KEY: randomBytes(32).toString('base64'), SMTP_URL: smtp.url, DEMO: '0', DATA_DIR: dataDir, LOG_LEVEL: 'fatal' });
});

after(async () => {
  if (!onServer) return;
  await server?.stop('SIGKILL');
  await db?.destroy();
  await database?.drop();
  await smtp?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<ServerProcess> {
  const port = await freePort();
  const s = startServerProcess({ ...env, PORT: String(port), BASE_URL: `http://127.0.0.1:${port}` });
  await waitUntilHealthy(s);
  return s;
}

/** The revision of an application's conclusion form, read from its examination page (null: no form). */
function revisionOf(html: string): string | null {
  return /action="\/staff\/applications\/[0-9a-f-]{36}\/conclude"[\s\S]*?name="revision" value="(\d+)"/.exec(html)?.[1] ?? null;
}

async function submittedIds(): Promise<string[]> {
  const rows = await db.selectFrom('applications').select('id').where('status', '=', 'submitted').orderBy('submitted_at').orderBy('id').execute();
  return rows.map((r) => r.id);
}

test('保証契約締結 under SIGKILL at random moments: one guarantee, one certificate, one key, one deposit, mail once, audit chain intact', { skip, timeout: 600_000 }, async () => {
  // ~40 submitted applications, made with the back office's fixtures on the same database
  const surety = await createSurety(db, '西日本建設業保証株式会社');
  const orderer = await createOrderer(db, { ordererName: '日田市' });
  const contractors = [];
  for (let i = 0; i < 4; i++) contractors.push(await createContractor(db));
  for (let i = 0; i < APPLICATIONS; i++) {
    const c = contractors[i % contractors.length]!;
    await createSubmittedApplication(
      db,
      { surety: surety.organisation, contractor: c.organisation, applicantUserId: c.user.id, orderer: orderer.organisation },
      { work_name: `市道${i + 1}号線道路改良工事`, submitted_at: new Date(Date.UTC(2026, 10, 20, 0, i)) },
    );
  }
  const approver = await createUser(db, surety.organisation, 'surety_approver', { password: 'crash-safety-password-1' });

  const staff = new FetchClient();
  const login = async (base: string) => {
    await staff.get(`${base}/staff/login`);
    const res = await staff.post(`${base}/staff/login`, { loginId: approver.login_id, password: 'crash-safety-password-1' });
    assert.equal(res.status, 303, 'the approver signs in');
  };

  const outcomes = { concluded: 0, already: 0, cutOff: 0, other: new Map<number, number>() };
  const answered = new Set<string>(); // applications whose conclusion the staff saw (303)
  async function conclude(base: string, id: string, revision: string): Promise<void> {
    try {
      const t0 = Date.now();
      const res = await staff.post(`${base}/staff/applications/${id}/conclude`, { revision });
      if (process.env.CRASH_VERBOSE) console.log(`conclude ${id.slice(0, 8)} → ${res.status} in ${Date.now() - t0} ms`);
      if (res.status === 303) {
        outcomes.concluded++;
        answered.add(id);
      }
      else if (res.status === 409) outcomes.already++;
      else outcomes.other.set(res.status, (outcomes.other.get(res.status) ?? 0) + 1);
      await res.arrayBuffer().catch(() => undefined);
    } catch {
      outcomes.cutOff++; // the process died under the request
    }
  }

  let committedInBatches = 0; // concluded before the kill
  let committedUnseen = 0; // … of which the staff never saw the answer (the process died after the commit)
  // the batches, each cut short by a SIGKILL
  for (let k = 0; k < KILLS; k++) {
    server = await start();
    await login(server.baseUrl);
    const batch = (await submittedIds()).slice(0, BATCH);
    if (batch.length === 0) break;
    const forms: [string, string][] = [];
    for (const id of batch) {
      const page = await staff.get(`${server.baseUrl}/staff/applications/${id}`);
      const revision = revisionOf(await page.text());
      assert.ok(revision, `the conclusion form of ${id}`);
      forms.push([id, revision]);
    }
    // the outbox worker ticks every 2 s: a random pause lets some kills land while it delivers the
    // notices of earlier batches (the mail server is slow on purpose)
    await new Promise((r) => setTimeout(r, randomInt(0, 2_500)));
    const afterMs = randomInt(0, 301);
    const started = Date.now();
    const inFlight = forms.flatMap(([id, revision]) => [conclude(server!.baseUrl, id, revision), conclude(server!.baseUrl, id, revision)]);
    await new Promise((r) => setTimeout(r, afterMs));
    const killed = server;
    kills.push({ at: Date.now(), afterMs: Date.now() - started, batch: batch.map((id) => id.slice(0, 8)) });
    await killed.stop('SIGKILL');
    await Promise.all(inFlight);
    server = null;
    const committed = await db.selectFrom('applications').select('id').where('id', 'in', batch).where('status', '=', 'concluded').execute();
    committedUnseen += committed.filter((c) => !answered.has(c.id)).length;
    committedInBatches += committed.length;
  }

  // the rest, without interruption
  server = await start();
  await login(server.baseUrl);
  for (let round = 0; round < 5; round++) {
    const rest = await submittedIds();
    if (rest.length === 0) break;
    for (const id of rest) {
      const page = await staff.get(`${server.baseUrl}/staff/applications/${id}`);
      const revision = revisionOf(await page.text());
      if (revision) await conclude(server.baseUrl, id, revision);
    }
  }
  // let the outbox worker send what is due, stop cleanly (the sealer seals what is left)
  const dueBy = Date.now() + 30_000;
  while (Date.now() < dueBy) {
    const due = await db.selectFrom('mail_outbox').select('id').where('sent_at', 'is', null).where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', new Date())])).execute();
    if (due.length === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(await server.stop('SIGTERM'), 0, 'a clean stop');
  server = null;
  // rows claimed by a worker that was killed wait MAIL_CLAIM_SECONDS: deliver them as the worker will then
  const claimedByTheDead = await db.selectFrom('mail_outbox').select('id').where('sent_at', 'is', null).execute();
  const later = await deliverDueMail(db, createMailSender({ smtpUrl: smtp.url, mailDir: dataDir }), new Date(Date.now() + (MAIL_CLAIM_SECONDS + 1) * 1000));
  assert.equal(later.failed, 0);

  // ---- what must hold -------------------------------------------------------------------
  const applications = await db.selectFrom('applications').select(['id', 'status']).execute();
  assert.equal(applications.length, APPLICATIONS);
  assert.deepEqual(applications.filter((a) => a.status !== 'concluded').map((a) => `${a.id} ${a.status}`), [], 'every application is concluded in the end');

  const guarantees = await db.selectFrom('guarantees').selectAll().execute();
  const perApplication = new Map<string, number>();
  for (const g of guarantees) perApplication.set(g.application_id, (perApplication.get(g.application_id) ?? 0) + 1);
  assert.deepEqual([...perApplication].filter(([, n]) => n !== 1), [], 'exactly one guarantee per concluded application');
  assert.equal(guarantees.length, APPLICATIONS, 'no guarantee without a concluded application, none missing');
  const orphans = await db.selectFrom('guarantees').innerJoin('applications', 'applications.id', 'guarantees.application_id').select('guarantees.id').where('applications.status', '!=', 'concluded').execute();
  assert.deepEqual(orphans, [], 'no guarantee of an application that is not concluded');
  assert.equal(new Set(guarantees.map((g) => g.guarantee_contract_number)).size, APPLICATIONS, 'every number once');

  for (const g of guarantees) {
    const certificates = await db.selectFrom('certificates').select(['version', 'deposited_at']).where('guarantee_id', '=', g.id).execute();
    assert.deepEqual(certificates.map((c) => c.version), [1], `${g.guarantee_contract_number}: one certificate, version 1`);
    assert.ok(certificates[0]!.deposited_at, `${g.guarantee_contract_number}: handed to D-Sure`);
    assert.ok(g.authentication_key_hmac && g.authentication_key_sealed, `${g.guarantee_contract_number}: one 認証キー (HMAC and sealed copy)`);
    const deposits = await db.selectFrom('dsure_certificates').select(['version', 'key_hmac']).where('guarantee_contract_number', '=', g.guarantee_contract_number).execute();
    assert.equal(deposits.length, 1, `${g.guarantee_contract_number}: one D-Sure deposit`);
    assert.equal(deposits[0]!.version, 1);
    const dsureGuarantees = await db.selectFrom('dsure_guarantees').select('latest_version').where('guarantee_contract_number', '=', g.guarantee_contract_number).execute();
    assert.deepEqual(dsureGuarantees.map((d) => d.latest_version), [1]);
  }
  const keyHmacs = new Set(guarantees.map((g) => g.authentication_key_hmac));
  assert.equal(keyHmacs.size, APPLICATIONS, 'every guarantee has its own key');

  // mail: every outbox row sent, and received once (by Message-ID = <outbox id@denshi-hosho>)
  const outbox = await db.selectFrom('mail_outbox').select(['id', 'subject', 'text_body', 'sent_at', 'attempts']).execute();
  assert.deepEqual(outbox.filter((m) => !m.sent_at).map((m) => m.subject), [], 'every queued email was sent');
  const received = new Map<string, { dataAt: number; receivedAt: number }[]>();
  for (const m of smtp.messages) {
    const id = /^<([0-9a-f-]{36})@denshi-hosho>$/.exec(m.messageId)?.[1] ?? `unknown:${m.messageId}`;
    received.set(id, [...(received.get(id) ?? []), { dataAt: m.dataAt, receivedAt: m.receivedAt }]);
  }
  const outboxIds = new Set(outbox.map((m) => m.id));
  assert.deepEqual([...received.keys()].filter((id) => !outboxIds.has(id)), [], 'nothing reached the SMTP server that was not queued');
  const missing = outbox.filter((m) => !received.has(m.id)).map((m) => m.subject);
  assert.deepEqual(missing, [], 'every queued email reached the SMTP server');
  const duplicates = [...received].filter(([, times]) => times.length > 1);
  // the kill that explains a second delivery: the first copy had been sent whole (the server may read
  // the last bytes a few ms after the sender died) and the kill came before the row could be marked
  // sent (the worker marks it right after the server's 250)
  const killBehind = (first: { dataAt: number; receivedAt: number }) => kills.find((k) => k.at >= first.dataAt - 250 && k.at - first.receivedAt < 2_000);
  const explained = duplicates.filter(([, times]) => killBehind(times[0]!));
  for (const [id, times] of duplicates) {
    const kill = killBehind(times[0]!);
    const subject = outbox.find((m) => m.id === id)?.subject;
    console.log(
      `crash safety: outbox row ${id} (${subject}) was delivered ${times.length} times; ` +
        (kill
          ? `${kill.at >= times[0]!.dataAt ? `the SIGKILL came ${kill.at - times[0]!.dataAt} ms after the first copy's data reached the server` : `the first copy, sent whole, was read by the server ${times[0]!.dataAt - kill.at} ms after the SIGKILL`} (the worker died between sending it and marking it sent)`
          : `with no kill close to it (nearest kill ${Math.min(...kills.map((k) => k.at - times[0]!.dataAt))} ms after the data; copies at ${times.map((x) => `${x.dataAt}/${x.receivedAt}`).join(', ')}; kills at ${kills.map((k) => k.at).join(', ')})`),
    );
  }
  assert.equal(explained.length, duplicates.length, 'a second delivery happens only when the process died right after the SMTP server accepted the first');

  // one notice per guarantee, by subject and number
  for (const g of guarantees) {
    const notices = outbox.filter((m) => m.subject === CERTIFICATE_NOTICE_SUBJECT && m.text_body.includes(g.guarantee_contract_number));
    assert.equal(notices.length, 1, `${g.guarantee_contract_number}: one notice queued`);
    const delivered = new Set(smtp.messages.filter((m) => m.subject === CERTIFICATE_NOTICE_SUBJECT && (m.mail.text ?? '').includes(g.guarantee_contract_number)).map((m) => m.messageId));
    assert.equal(delivered.size, 1, `${g.guarantee_contract_number}: one notice delivered`);
  }

  // the audit chain
  await sealAllAuditEvents(db);
  const chain = await verifyAuditChain(db);
  assert.ok(chain.ok, `the audit chain verifies: ${JSON.stringify(chain)}`);
  assert.equal(chain.pending, 0);
  const concludedEvents = await db.selectFrom('audit_log').select('subject_id').where('action', 'like', '%conclu%').execute();
  assert.ok(concludedEvents.length >= APPLICATIONS, 'the conclusions are in the audit log');

  console.log(
    `crash safety: ${kills.length} kills survived (SIGKILL ${kills.map((k) => `${k.afterMs}ms`).join(', ')} after a batch started); ` +
      `requests: ${outcomes.concluded} concluded, ${outcomes.already} refused as already concluded, ${outcomes.cutOff} cut off by a kill` +
      ` (${committedInBatches} conclusions committed inside killed batches, ${committedUnseen} of them never answered)` +
      `${outcomes.other.size ? `, other ${[...outcomes.other].map(([s, n]) => `${s}×${n}`).join(' ')}` : ''}; ` +
      `${guarantees.length} guarantees, ${outbox.length} emails (${claimedByTheDead.length} left claimed by a killed worker, ${later.sent} delivered after the claim expired), ` +
      `${duplicates.length} delivered twice; audit chain ${chain.entries} entries verified`,
  );
});
