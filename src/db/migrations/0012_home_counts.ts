import { sql, type Kysely } from 'kysely';

// The orderer's home page counts its certificates that changed since it last opened them and
// those whose 保証期限 ends within 30 days. Joining the orderer's registrations to the summaries
// read every summary (1,000,000 at scale) or looked each registration's summary up (10,000 index
// lookups, 26 ms of PostgreSQL's CPU a home page): bench/README.md, sixth session. These indexes
// let both counts start from the few summaries that can match. Their conditions are written as
// literals in the query too (dsure/certificates/list-certificates.ts): a prepared statement's
// generic plan can use a partial index only when the query states its condition itself.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index dsure_guarantees_orderer_expiry_idx on dsure_guarantees (orderer_code, guarantee_period_end) where not cancelled`.execute(db);
  await sql`create index dsure_guarantees_orderer_changed_idx on dsure_guarantees (orderer_code) where latest_version > 1 and not cancelled`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('dsure_guarantees_orderer_changed_idx').execute();
  await db.schema.dropIndex('dsure_guarantees_orderer_expiry_idx').execute();
}
