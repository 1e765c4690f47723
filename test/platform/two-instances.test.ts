// Two instances of the service (two processes, two ports) on one PostgreSQL
// database, started at the same moment: migrations and demo seeding happen once,
// a lockout earned on one holds on the other, one login session works on both,
// and 100 queued emails are each delivered exactly once by the two outbox workers.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { openDatabase, type Db } from '../../src/db/database.ts';
import { enqueueMail } from '../../src/mail/outbox.ts';
import { FetchClient, freePort, startServerProcess, waitUntilHealthy, type ServerProcess } from '../support/processes.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { createEmptyServerDatabase } from '../support/test-context.ts';

const onServer = Boolean(process.env.TEST_DATABASE_URL);
let smtp: TestSmtp;
let database: { url: string; drop: () => Promise<void> };
let a: ServerProcess;
let b: ServerProcess;
let db: Db;
const PASSWORD = 'demo-password-4567';

before(async () => {
  if (!onServer) return;
  smtp = await startTestSmtp();
  database = await createEmptyServerDatabase();
  const env = { DATABASE_URL: database.url, MASTER_KEY: randomBytes(32).toString('base64'), SMTP_URL: smtp.url, DEMO_PASSWORD: PASSWORD };
  const portA = await freePort();
  const portB = await freePort();
  a = startServerProcess({ ...env, PORT: String(portA), DATA_DIR: `/tmp/denshi-hosho-a-${portA}` });
  b = startServerProcess({ ...env, PORT: String(portB), DATA_DIR: `/tmp/denshi-hosho-b-${portB}` });
  await Promise.all([waitUntilHealthy(a), waitUntilHealthy(b)]);
  db = await openDatabase({ engine: 'postgres', url: database.url });
});

after(async () => {
  if (!onServer) return;
  await db?.destroy();
  assert.equal(await a.stop(), 0);
  assert.equal(await b.stop(), 0);
  await database.drop();
  await smtp.stop();
});

test('both instances started at once: the schema is migrated once and the demo seeded once', { skip: !onServer && 'needs TEST_DATABASE_URL' }, async () => {
  const orgs = await db.selectFrom('organisations').select('code').execute();
  assert.equal(orgs.length, 4, '日田市, デモ市, the surety and the contractor');
  const seededBy = [a.output(), b.output()].filter((o) => o.includes('demo-contractor'));
  assert.equal(seededBy.length, 1, 'exactly one instance printed the demo logins');
});

test('a lockout earned on one instance holds on the other', { skip: !onServer && 'needs TEST_DATABASE_URL' }, async () => {
  const client = new FetchClient();
  for (let i = 0; i < 5; i++) {
    await client.get(`${a.baseUrl}/enet/login`);
    const res = await client.post(`${a.baseUrl}/enet/login`, { loginId: 'demo-contractor', password: `wrong-${i}-password` });
    assert.ok(res.status === 401 || res.status === 429);
  }
  const other = new FetchClient();
  await other.get(`${b.baseUrl}/enet/login`);
  const locked = await other.post(`${b.baseUrl}/enet/login`, { loginId: 'demo-contractor', password: PASSWORD });
  assert.equal(locked.status, 429);
  assert.match(await locked.text(), /一時的にログインを制限しています/);
});

test('one login session works on both instances', { skip: !onServer && 'needs TEST_DATABASE_URL' }, async () => {
  const client = new FetchClient();
  await client.get(`${a.baseUrl}/staff/login`);
  const login = await client.post(`${a.baseUrl}/staff/login`, { loginId: 'demo-staff', password: PASSWORD });
  assert.equal(login.status, 303);
  const onB = await client.get(`${b.baseUrl}/staff`);
  assert.equal(onB.status, 200);
  assert.match(await onB.text(), /西日本建設業保証株式会社/);
  // logging out on B ends the session on A too
  await client.post(`${b.baseUrl}/logout`, {});
  assert.equal((await client.get(`${a.baseUrl}/staff`)).status, 303);
});

test('100 queued emails are delivered exactly once by the workers of both instances', { skip: !onServer && 'needs TEST_DATABASE_URL' }, async () => {
  const before = smtp.messages.length;
  const batch = randomBytes(3).toString('hex');
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < 100; i++) {
      await enqueueMail(trx, { to: `user${i}@example.test`, subject: `【電子保証】お知らせ ${batch}-${i}`, text: `本文 ${i}`, template: 'test' }, new Date());
    }
  });
  const deadline = Date.now() + 60_000;
  while (smtp.messages.length - before < 100 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 4500)); // two more worker ticks: nothing may arrive twice
  const subjects = smtp.messages.map((m) => m.subject ?? '').filter((s) => s.includes(batch));
  assert.equal(subjects.length, 100);
  assert.equal(new Set(subjects).size, 100, 'no message delivered twice');
  const pending = await db.selectFrom('mail_outbox').select('id').where('sent_at', 'is', null).execute();
  assert.equal(pending.length, 0);
});
