import { sql, type Kysely } from 'kysely';

// The orderer's search by 工事名 / 受注者名 is ILIKE '%…%'. Migration 0010 indexed the names' trigrams;
// but the words people type are mostly two kanji (護岸, 舗装, 橋梁), which have no trigram, and
// reading a trigram index without one cost 240–290 ms at 10,000 certificates (bench/README.md, fifth
// session). Bigrams serve any word of two characters or more: a name's row matches only if
// name_bigrams(name) contains every bigram of the word, and ILIKE then checks the order.
// Lower-cased as ILIKE compares, and independent of the locale's idea of a letter (pg_trgm skips
// characters it does not class as alphanumeric). Led by the orderer's code (btree_gin), as before.
export async function up(db: Kysely<unknown>): Promise<void> {
  // PL/pgSQL, not SQL: a SQL function built on a query is planned again in every statement that
  // evaluates it, which made an insert into dsure_guarantees 0.24 ms dearer (pgbench); this one
  // costs 0.04 ms, trigrams cost 0.01 ms.
  // Repeated bigrams are harmless: GIN stores each once, and @> ignores repeats.
  await sql`
    create function name_bigrams(name text) returns text[]
    language plpgsql immutable strict parallel safe
    as $$
    declare
      lowered text := lower(name);
      bigrams text[] := '{}';
    begin
      for i in 1 .. char_length(lowered) - 1 loop
        bigrams := bigrams || substr(lowered, i, 2);
      end loop;
      return bigrams;
    end
    $$
  `.execute(db);
  await sql`create index dsure_guarantees_orderer_work_name_bigrams on dsure_guarantees using gin (orderer_code, name_bigrams(work_name)) with (gin_pending_list_limit = 256)`.execute(db);
  await sql`create index dsure_guarantees_orderer_contractor_name_bigrams on dsure_guarantees using gin (orderer_code, name_bigrams(contractor_name)) with (gin_pending_list_limit = 256)`.execute(db);
  await db.schema.dropIndex('dsure_guarantees_orderer_work_name_trgm').execute();
  await db.schema.dropIndex('dsure_guarantees_orderer_contractor_name_trgm').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index dsure_guarantees_orderer_work_name_trgm on dsure_guarantees using gin (orderer_code, work_name gin_trgm_ops) with (gin_pending_list_limit = 256)`.execute(db);
  await sql`create index dsure_guarantees_orderer_contractor_name_trgm on dsure_guarantees using gin (orderer_code, contractor_name gin_trgm_ops) with (gin_pending_list_limit = 256)`.execute(db);
  await db.schema.dropIndex('dsure_guarantees_orderer_contractor_name_bigrams').execute();
  await db.schema.dropIndex('dsure_guarantees_orderer_work_name_bigrams').execute();
  await sql`drop function name_bigrams(text)`.execute(db);
}
