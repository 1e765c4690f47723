// The PostgreSQL pool prepares each parameterised statement once per connection
// (src/db/database.ts). What a user of the service would notice: nothing, including when
// another instance changes the tables under a running one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../../src/db/database.ts';
import { createEmptyServerDatabase } from '../support/test-context.ts';

const onServer = Boolean(process.env.TEST_DATABASE_URL);
let db: Db;
let drop: () => Promise<void>;

before(async () => {
  if (!onServer) return;
  const server = await createEmptyServerDatabase();
  drop = server.drop;
  db = await openDatabase({ engine: 'postgres', url: server.url, poolSize: 1 }); // one connection: every query on it
  await sql`create table notes (id int primary key, body text)`.execute(db);
  await sql`insert into notes values (1, '前払金保証')`.execute(db);
});
after(async () => {
  if (!onServer) return;
  await db.destroy();
  await drop();
});

const readNote = (id: number) => sql<Record<string, unknown>>`select * from notes where id = ${id}`.execute(db);

test('a parameterised statement is prepared once on the connection and answers as before', { skip: !onServer && 'needs TEST_DATABASE_URL' }, async () => {
  for (let i = 0; i < 3; i++) assert.deepEqual((await readNote(1)).rows, [{ id: 1, body: '前払金保証' }]);
  const prepared = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where statement like 'select * from notes%'`.execute(db);
  assert.equal(prepared.rows[0]!.n, 1, 'one prepared statement for the three runs');
});

test('after another instance adds a column, at most one query fails and the next ones see the new table', { skip: !onServer && 'needs TEST_DATABASE_URL' }, async () => {
  await readNote(1);
  await sql`alter table notes add column kind text default '契約保証'`.execute(db);
  let failures = 0;
  let rows: Record<string, unknown>[] = [];
  for (let attempt = 0; attempt < 3 && rows.length === 0; attempt++) {
    try {
      rows = (await readNote(1)).rows;
    } catch (error) {
      failures++;
      assert.match(String((error as Error).message), /cached plan/);
    }
  }
  assert.ok(failures <= 1, `failures: ${failures}`);
  assert.deepEqual(rows, [{ id: 1, body: '前払金保証', kind: '契約保証' }]);
});
