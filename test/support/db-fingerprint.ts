// A fingerprint of the database's rows, to prove that a refused request changed nothing:
// for every table of the public schema, its row count and an MD5 of its rows (in a stable
// order). Works the same on PGlite and PostgreSQL. Tables that record the refusal itself
// (sessions' last use, lockout counters, audit and view logs) are left out by the caller.
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';

export type Fingerprint = Record<string, { rows: number; md5: string }>;

/** Tables a refused request may legitimately write: who was seen, what was counted, what was logged. */
export const VOLATILE_TABLES = ['sessions', 'throttles', 'audit_log', 'audit_seals', 'dsure_view_log', 'kysely_migration', 'kysely_migration_lock'] as const;

let tableCache: string[] | null = null;

export async function userTables(db: Db): Promise<string[]> {
  if (tableCache) return tableCache;
  const rows = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  tableCache = rows.rows.map((r) => r.table_name);
  return tableCache;
}

/** Row counts and content hashes of every table except `exclude`. */
export async function fingerprint(db: Db, exclude: readonly string[] = VOLATILE_TABLES): Promise<Fingerprint> {
  const tables = (await userTables(db)).filter((name) => !exclude.includes(name));
  const parts = tables.map(
    (name) => sql`select ${name}::text as name, count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as md5 from ${sql.table(name)} t`,
  );
  const query = sql.join(parts, sql` union all `);
  const result = await sql<{ name: string; rows: number; md5: string }>`${query}`.execute(db);
  const out: Fingerprint = {};
  for (const r of result.rows) out[r.name] = { rows: Number(r.rows), md5: r.md5 };
  return out;
}

/** The tables whose rows differ between two fingerprints (empty: nothing changed). */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n]?.md5 !== after[n]?.md5 || before[n]?.rows !== after[n]?.rows).sort();
}

/** Row counts only (cheaper), for "no partial rows" checks. */
export async function rowCounts(db: Db, tables: readonly string[]): Promise<Record<string, number>> {
  const parts = tables.map((name) => sql`select ${name}::text as name, count(*)::int as rows from ${sql.table(name)}`);
  const result = await sql<{ name: string; rows: number }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Object.fromEntries(result.rows.map((r) => [r.name, Number(r.rows)]));
}
