import { sql, type Kysely } from 'kysely';

// The audit log becomes insert-only: its rows are never updated again. The sealer used to write
// chain_index, prev_hash and hash into every row (an UPDATE that rewrote the row and its
// indexes); it now appends one row to audit_seals for each batch of rows it links into the hash
// chain (src/audit/audit-log.ts).
//
// A row's place in the chain is (xact_id, seq): xact_id is the position of the transaction that
// wrote it (its PostgreSQL transaction id, plus an offset that stays 0 unless the database was
// restored into another cluster, see keepAuditPositionsAhead). Every transaction whose id is below
// the oldest running one has ended, so the rows below that watermark can no longer change: the
// sealer links exactly those, in order, and each seal covers a contiguous stretch of positions.
//
// Rows already sealed one by one keep chain_index, prev_hash and hash (the first seal continues
// their chain) and have no xact_id; rows not sealed yet get position 0, so the first seal takes them.
export async function up(db: Kysely<unknown>): Promise<void> {
  // 0 until a restore into another server redefines it (keepAuditPositionsAhead).
  await sql`create function audit_position_offset() returns bigint language sql stable as $$ select 0::bigint $$`.execute(db);
  await sql`alter table audit_log add column xact_id bigint`.execute(db);
  await sql`update audit_log set xact_id = 0 where chain_index is null`.execute(db);
  await sql`alter table audit_log alter column xact_id set default (pg_current_xact_id()::text::bigint + audit_position_offset())`.execute(db);
  await sql`create index audit_log_position_idx on audit_log (xact_id, seq)`.execute(db);
  // The per-row chain is frozen: its indexes no longer need an entry for every new row.
  await sql`drop index audit_log_unsealed_idx`.execute(db);
  await sql`alter table audit_log drop constraint audit_log_chain_index_key`.execute(db);
  await sql`create unique index audit_log_chain_index_idx on audit_log (chain_index) where chain_index is not null`.execute(db);

  await db.schema
    .createTable('audit_seals')
    .addColumn('seal_index', 'bigint', (c) => c.primaryKey())
    .addColumn('first_xact_id', 'bigint', (c) => c.notNull())
    .addColumn('first_seq', 'bigint', (c) => c.notNull())
    .addColumn('last_xact_id', 'bigint', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull().check(sql`entries > 0`))
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('sealed_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_seals').execute();
  await sql`drop index audit_log_chain_index_idx`.execute(db);
  await sql`alter table audit_log add constraint audit_log_chain_index_key unique (chain_index)`.execute(db);
  await sql`create index audit_log_unsealed_idx on audit_log (seq) where chain_index is null`.execute(db);
  await sql`drop index audit_log_position_idx`.execute(db);
  await sql`alter table audit_log drop column xact_id`.execute(db);
  await sql`drop function audit_position_offset()`.execute(db);
}
