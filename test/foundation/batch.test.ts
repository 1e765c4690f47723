// The group-commit batcher (src/db/batch.ts): concurrent calls share one run, each gets its own
// result; a statement PostgreSQL refuses is retried call by call, so a bad row fails alone; a
// lost connection fails every call of its batch and no other. A batched read compiled once gives
// each call the rows of its own values; so does a use case's query of single values (compiledOnceFor).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { anyOf, compiledOnce, compiledOnceFor, createBatcher, perDatabase } from '../../src/db/batch.ts';
import { openTestDatabase } from '../support/test-context.ts';

test('calls made in the same turn of the event loop share one run; each gets its own answer', async () => {
  const runs: number[][] = [];
  const double = createBatcher(
    async (inputs: number[]) => {
      runs.push(inputs);
      return inputs.map((n) => n * 2);
    },
    { maxBatchSize: 100, maxInFlight: 1 },
  );
  const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => double(n)));
  assert.deepEqual(answers, [2, 4, 6, 8, 10]);
  assert.deepEqual(runs, [[1, 2, 3, 4, 5]]);
  assert.equal(await double(7), 14, 'a lone call runs too');
  assert.deepEqual(runs.at(-1), [7]);
});

test('a run carries at most maxBatchSize calls, and calls made while runs are in flight gather for the next', async () => {
  const runs: number[][] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const echo = createBatcher(
    async (inputs: number[]) => {
      runs.push(inputs);
      if (runs.length === 1) await gate;
      return inputs;
    },
    { maxBatchSize: 3, maxInFlight: 1 },
  );
  const first = [1, 2, 3, 4].map((n) => echo(n)); // 1–3 run now, 4 waits
  await new Promise((resolve) => setImmediate(resolve));
  const later = [5, 6].map((n) => echo(n)); // arrive while the first run is in flight
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(runs, [[1, 2, 3]], 'only one run in flight');
  release();
  assert.deepEqual(await Promise.all([...first, ...later]), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(runs, [[1, 2, 3], [4, 5, 6]]);
});

test('a failed run fails every call of its batch and not the next batch', async () => {
  let fail = true;
  const risky = createBatcher(
    async (inputs: string[]) => {
      if (fail) throw new Error('connection lost');
      return inputs.map((s) => s.toUpperCase());
    },
    { maxBatchSize: 10, maxInFlight: 1 },
  );
  const failed = await Promise.allSettled([risky('a'), risky('b')]);
  assert.deepEqual(
    failed.map((r) => r.status),
    ['rejected', 'rejected'],
  );
  fail = false;
  assert.deepEqual(await Promise.all([risky('c'), risky('d')]), ['C', 'D']);
});

test('a statement the database refuses because of one row fails that call alone; the others are run again and answered', async () => {
  const runs: string[][] = [];
  const insert = createBatcher(
    async (inputs: string[]) => {
      runs.push(inputs);
      // like PostgreSQL refusing a value too long for its column: SQLSTATE 22001, nothing written
      if (inputs.some((s) => s.length > 5)) throw Object.assign(new Error('value too long for type character varying(5)'), { code: '22001' });
      return inputs.map((s) => s.toUpperCase());
    },
    { maxBatchSize: 10, maxInFlight: 1 },
  );
  const results = await Promise.allSettled([insert('a'), insert('far-too-long'), insert('c')]);
  assert.deepEqual(
    results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
    ['A', 'value too long for type character varying(5)', 'C'],
  );
  assert.deepEqual(runs[0], ['a', 'far-too-long', 'c']);
  assert.deepEqual(runs.slice(1).sort(), [['a'], ['c'], ['far-too-long']], 'then each call alone');
});

test('a lost connection is not retried: a write may have committed, running it again could record it twice', async () => {
  let runs = 0;
  const write = createBatcher(
    async (_inputs: string[]): Promise<string[]> => {
      runs++;
      throw Object.assign(new Error('Connection terminated unexpectedly'), { code: runs === 1 ? undefined : '08006' });
    },
    { maxBatchSize: 10, maxInFlight: 1 },
  );
  const lost = await Promise.allSettled([write('a'), write('b')]);
  assert.deepEqual(lost.map((r) => r.status), ['rejected', 'rejected']);
  assert.equal(runs, 1, 'no second run without a SQLSTATE');
  const broken = await Promise.allSettled([write('c'), write('d')]);
  assert.deepEqual(broken.map((r) => r.status), ['rejected', 'rejected']);
  assert.equal(runs, 2, 'nor after a connection failure (class 08)');
});

test('a run that returns the wrong number of results is an error, not a misplaced answer', async () => {
  const broken = createBatcher(async (inputs: number[]) => inputs.slice(1), { maxBatchSize: 10, maxInFlight: 1 });
  await assert.rejects(Promise.all([broken(1), broken(2)]), /2 inputs/);
});

test('perDatabase makes one value per handle', () => {
  let made = 0;
  const of = perDatabase((_db: object) => ++made);
  const a = {};
  const b = {};
  assert.equal(of(a), 1);
  assert.equal(of(a), 1);
  assert.equal(of(b), 2);
});

test('a query compiled once answers each later call with that call\'s values, on the real engine', async (t) => {
  const { db, drop } = await openTestDatabase();
  t.after(drop);
  let builds = 0;
  const labelled = compiledOnce((handle, names: string[], kinds: string[]) => {
    builds++;
    return handle
      .selectFrom(sql<{ name: string; kind: string }>`(select * from (values ('a', 'x'), ('b', 'y'), ('c', 'x'), ('d', 'z')) as v(name, kind))`.as('t'))
      .select(['t.name', 't.kind'])
      .where('t.name', '=', anyOf(names))
      .where('t.kind', '=', anyOf(kinds))
      .orderBy('t.name');
  });
  assert.deepEqual(await labelled(db, ['a', 'b'], ['x']), [{ name: 'a', kind: 'x' }]);
  assert.deepEqual(await labelled(db, ['b', 'c', 'd'], ['y', 'z']), [{ name: 'b', kind: 'y' }, { name: 'd', kind: 'z' }], 'the second call\'s values, in their places');
  assert.deepEqual(await labelled(db, ['c'], []), []);
  await db.transaction().execute(async (trx) => assert.deepEqual(await labelled(trx, ['c'], ['x']), [{ name: 'c', kind: 'x' }], 'inside a transaction too'));
  assert.equal(builds, 1, 'built and compiled by Kysely once');
});

test('a value that is not one of the given arrays is refused when compiled, not reused silently', async (t) => {
  const { db, drop } = await openTestDatabase();
  t.after(drop);
  const withConstant = compiledOnce((handle, names: string[]) =>
    handle
      .selectFrom(sql<{ name: string }>`(select * from (values ('a'), ('b')) as v(name))`.as('t'))
      .select('t.name')
      .where('t.name', '=', anyOf(names))
      .where('t.name', '<>', 'b'),
  );
  await assert.rejects(withConstant(db, ['a']), /every value of the query must be one of the arrays/);
  const withCopy = compiledOnce((handle, names: string[]) => handle.selectFrom(sql<{ name: string }>`(select * from (values ('a')) as v(name))`.as('t')).select('t.name').where('t.name', '=', anyOf([...names])));
  await assert.rejects(withCopy(db, ['a']), /every value of the query must be one of the arrays/);
});

test('a query of single values compiled once answers each call with its own values; constants stay as built', async (t) => {
  const { db, drop } = await openTestDatabase();
  t.after(drop);
  let builds = 0;
  const rows = sql<{ name: string; kind: string; size: number }>`(select * from (values ('a', 'x', 1), ('b', 'y', 2), ('c', 'x', 3), ('d', 'x', 4)) as v(name, kind, size))`;
  const ofKind = compiledOnceFor((handle, v: { kind: string; atLeast: number }) => {
    builds++;
    return handle.selectFrom(rows.as('t')).select('t.name').where('t.kind', '=', v.kind).where('t.size', '>=', v.atLeast).where('t.name', '<>', 'd').orderBy('t.name');
  });
  assert.deepEqual(await ofKind(db, { kind: 'x', atLeast: 2 }), [{ name: 'c' }]);
  assert.deepEqual(await ofKind(db, { kind: 'y', atLeast: 0 }), [{ name: 'b' }], "the second call's values, in their places");
  assert.deepEqual(await ofKind(db, { kind: 'x', atLeast: 0 }), [{ name: 'a' }, { name: 'c' }], "the constant 'd' is still left out");
  await db.transaction().execute(async (trx) => assert.deepEqual(await ofKind(trx, { kind: 'x', atLeast: 3 }), [{ name: 'c' }], 'inside a transaction too'));
  assert.equal(builds, 1, 'built and compiled by Kysely once');
});

test('a single value used in JavaScript while the query is built is refused when compiled, not frozen into the query', async (t) => {
  const { db, drop } = await openTestDatabase();
  t.after(drop);
  const rows = sql<{ name: string }>`(select * from (values ('a-1'), ('b-1')) as v(name))`.as('t');
  const asText = compiledOnceFor((handle, v: { prefix: string }) => handle.selectFrom(rows).select('t.name').where('t.name', '=', `${v.prefix}-1`));
  await assert.rejects(asText(db, { prefix: 'a' }), /prefix was used as text or a number/);
  const unused = compiledOnceFor((handle, v: { prefix: string; other: string }) => handle.selectFrom(rows).select('t.name').where('t.name', '=', v.prefix).where('t.name', '=', String(v.other === 'x' ? 'a-1' : 'b-1')));
  await assert.rejects(unused(db, { prefix: 'a-1', other: 'x' }), /other did not reach the query/);
});
