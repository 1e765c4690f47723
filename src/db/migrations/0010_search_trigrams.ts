import { sql, type Kysely } from 'kysely';

// The orderer's list searches 工事名 and 受注者名 by any part of the name (ILIKE '%…%'). Without an
// index, a term found in few certificates made PostgreSQL scan the certificates of every orderer:
// at 1,000,000 certificates a mistyped 工事名 took 4.3 s (p99 under load, bench/README.md).
// Trigram indexes (pg_trgm) find such a term's rows directly; led by the orderer's code (btree_gin),
// they read only that orderer's entries, so a name shared by many certificates elsewhere costs
// nothing. Both extensions ship in PostgreSQL's contrib and in PGlite; Japanese text gives
// trigrams under a UTF-8 ctype.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists btree_gin`.execute(db);
  await sql`create index dsure_guarantees_orderer_work_name_trgm on dsure_guarantees using gin (orderer_code, work_name gin_trgm_ops) with (gin_pending_list_limit = 256)`.execute(db);
  await sql`create index dsure_guarantees_orderer_contractor_name_trgm on dsure_guarantees using gin (orderer_code, contractor_name gin_trgm_ops) with (gin_pending_list_limit = 256)`.execute(db);
}

// The extensions stay: dropping one would also drop whatever else came to use it.
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('dsure_guarantees_orderer_contractor_name_trgm').execute();
  await db.schema.dropIndex('dsure_guarantees_orderer_work_name_trgm').execute();
}
