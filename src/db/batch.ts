// Group commit for the busiest statements. Calls of one kind made while the event loop is busy
// are gathered and run as ONE statement: under load, N concurrent requests cost one round trip
// and one commit instead of N. Nothing is deferred past the answer: each caller's promise
// settles only when the statement that carries its row has run (for a write: committed), so an
// answer never gets ahead of what it records. A lone call runs after one turn of the event loop.
//
// On this machine the per-statement cost is mostly the socket write and read around it, not the
// work inside PostgreSQL (see bench/README.md), which is why sharing statements pays.
import { createQueryId, sql, type Compilable, type CompiledQuery, type RawBuilder } from 'kysely';
import type { DbOrTrx } from './database.ts';

export interface BatchOptions {
  /** the most calls one statement carries */
  maxBatchSize: number;
  /** statements of this kind running at once; while they run, new calls gather for the next */
  maxInFlight: number;
}

/**
 * `run` gets the gathered inputs and returns one output per input, in the same order. The
 * statement is all or nothing: when PostgreSQL refuses it (an error with a SQLSTATE, so nothing
 * was written), each call of the batch runs again alone, so that one bad row fails only its own
 * call. Any other failure (a lost connection, after which a write may or may not have committed)
 * fails every call of the batch: running a write again could record it twice.
 */
export function createBatcher<I, O>(run: (inputs: I[]) => Promise<O[]>, options: BatchOptions): (input: I) => Promise<O> {
  type Waiting = { input: I; resolve: (output: O) => void; reject: (error: unknown) => void };
  let queue: Waiting[] = [];
  let scheduled = false;
  let inFlight = 0;

  const schedule = () => {
    if (scheduled || queue.length === 0 || inFlight >= options.maxInFlight) return;
    scheduled = true;
    setImmediate(flush);
  };

  const flush = () => {
    scheduled = false;
    while (queue.length > 0 && inFlight < options.maxInFlight) {
      const batch = queue.slice(0, options.maxBatchSize);
      queue = queue.slice(batch.length);
      inFlight++;
      runBatch(batch).finally(() => {
        inFlight--;
        schedule();
      });
    }
  };

  const runBatch = async (batch: Waiting[]) => {
    try {
      const outputs = await run(batch.map((w) => w.input));
      if (outputs.length !== batch.length) throw new Error(`batch returned ${outputs.length} results for ${batch.length} inputs`);
      batch.forEach((w, i) => w.resolve(outputs[i]!));
    } catch (error) {
      if (batch.length > 1 && refusedByDatabase(error)) {
        await Promise.all(batch.map((w) => runBatch([w])));
        return;
      }
      for (const w of batch) w.reject(error);
    }
  };

  return (input: I) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      schedule();
    });
}

/**
 * PostgreSQL answered the statement with an error: it did not run, nothing of it was written.
 * Not a connection failure (class 08) or a server shutting down (57P), after which it is unknown.
 */
function refusedByDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57P');
}

/**
 * One batcher per database handle (each test file, each process has its own): `make` is called
 * once for each handle it is asked about.
 */
export function perDatabase<D extends object, T>(make: (db: D) => T): (db: D) => T {
  const made = new WeakMap<D, T>();
  return (db: D) => {
    let value = made.get(db);
    if (value === undefined) {
      value = make(db);
      made.set(db, value);
    }
    return value;
  };
}

/**
 * `select * from unnest($1::type[], $2::type[], …)`: many rows as one parameter per column, so
 * a batched INSERT … SELECT has the same text (and plan) whatever the number of rows. `columns`
 * gives each column's PostgreSQL type, in the order of the INSERT's column list (columnList).
 */
export function rowsAsUnnest<R extends Record<string, unknown>>(rows: readonly R[], columns: { readonly [K in keyof R]?: string }): RawBuilder<unknown> {
  const names = Object.keys(columns) as (keyof R & string)[];
  return sql`select * from unnest(${sql.join(names.map((name) => sql`${rows.map((row) => row[name] ?? null)}::${sql.raw(`${columns[name]}[]`)}`))})`;
}

/**
 * `any($1::text[])`, for `where column = any(…)`: a list of any length as one parameter, so the
 * statement's text (and its prepared plan) is the same for one value or a hundred.
 */
export function anyOf(values: readonly string[]): RawBuilder<string> {
  return sql<string>`any(${values as string[]}::text[])`; // the array itself: compiledOnce finds it by identity
}

/**
 * A query whose text is the same for every call (its values are all array parameters, as with
 * anyOf), built and compiled by Kysely once per process; later calls only pass new arrays. For
 * the batched reads run thousands of times a second, where building a query with subqueries
 * cost more than the round trip it shares (bench/README.md). Every value of the compiled query
 * must be one of the arrays `build` was given (checked when it is compiled: an error names the
 * mistake), so a later call can change the values, never the text. Both engines compile the
 * same PostgreSQL text.
 */
export function compiledOnce<A extends readonly (readonly unknown[])[], Row>(
  build: (db: DbOrTrx, ...args: A) => Compilable<Row>,
): (db: DbOrTrx, ...args: A) => Promise<Row[]> {
  let compiled: { query: CompiledQuery<Row>; argumentOf: number[] } | undefined;
  return async (db, ...args) => {
    if (compiled) {
      const parameters = compiled.argumentOf.map((index) => args[index]);
      return (await db.executeQuery<Row>({ ...compiled.query, queryId: createQueryId(), parameters })).rows;
    }
    const query = build(db, ...args).compile();
    const argumentOf = query.parameters.map((value) => args.indexOf(value as A[number]));
    if (argumentOf.includes(-1)) throw new Error('compiledOnce: every value of the query must be one of the arrays given to build (use anyOf, not a copy or a constant)');
    // The same array given twice cannot say which argument a value stands for: compile again next time.
    if (new Set(args).size === args.length) compiled = { query, argumentOf };
    return (await db.executeQuery<Row>(query)).rows;
  };
}

/**
 * compiledOnce for a query of single values (a use case's read or update, not a batch): `build`
 * runs once per process, given a stand-in for each value it reads from `values`, and must use
 * each only as a value of the query: a stand-in refuses to become text or a number, and every
 * stand-in read must reach the compiled query's parameters (checked when it is compiled: an
 * error names the mistake). Values written in the query itself stay as built. Later calls only
 * pass the values: the conclusion's read cost 60–120 µs to build, more than its round trip.
 * Single values only: a stand-in compiles as one parameter, so a list (`in`) takes compiledOnce
 * with anyOf instead.
 */
export function compiledOnceFor<V extends Record<string, unknown>, Row>(build: (db: DbOrTrx, values: V) => Compilable<Row>): (db: DbOrTrx, values: V) => Promise<Row[]> {
  let compiled: { query: CompiledQuery<Row>; valueOf: ((values: V) => unknown)[] } | undefined;
  return async (db, values) => {
    if (!compiled) {
      const read = new Set<string>();
      const standIns = new Proxy({} as V, {
        get: (_, name) => {
          if (typeof name !== 'string') return undefined;
          read.add(name);
          return new StandIn(name);
        },
      });
      const query = build(db, standIns).compile();
      const used = new Set(query.parameters.flatMap((value) => (value instanceof StandIn ? [value.name] : [])));
      const unused = [...read].filter((name) => !used.has(name));
      if (unused.length > 0) throw new Error(`compiledOnceFor: ${unused.join(', ')} did not reach the query as a value (used in JavaScript instead?)`);
      const valueOf = query.parameters.map((value) => (value instanceof StandIn ? (v: V) => v[value.name] : () => value));
      compiled = { query, valueOf };
    }
    const { query, valueOf } = compiled;
    return (await db.executeQuery<Row>({ ...query, queryId: createQueryId(), parameters: valueOf.map((of) => of(values)) })).rows;
  };
}

/** A value of compiledOnceFor's query before it is known: only its name. */
class StandIn {
  constructor(readonly name: string) {}
  [Symbol.toPrimitive](): never {
    throw new Error(`compiledOnceFor: ${this.name} was used as text or a number while the query was built; use it only as a value of the query`);
  }
}

/** The column names of rowsAsUnnest's columns, for Kysely's `.columns([...])`. */
export function columnNames<C extends Record<string, string | undefined>>(columns: C): (keyof C & string)[] {
  return Object.keys(columns) as (keyof C & string)[];
}

/** `(a, b, c)`: the INSERT's column list for rowsAsUnnest's columns. */
export function columnList(columns: Record<string, string | undefined>): RawBuilder<unknown> {
  return sql`(${sql.join(Object.keys(columns).map((name) => sql.ref(name)))})`;
}
