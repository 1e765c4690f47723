import { sql, type Kysely } from 'kysely';

// D-Sure (発注者用保証確認サービス): its own tables, filled only through src/dsure/intake.ts.
// Issuers and their published Ed25519 keys; every deposited version of every certificate
// (never overwritten); a summary per 保証契約番号 (the latest version, for the orderers' lists);
// which orderer registered which certificate; and the log of every key entry and viewing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dsure_issuers')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dsure_issuer_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('issuer_code', 'text', (c) => c.notNull().references('dsure_issuers.code'))
    .addColumn('public_jwk', 'jsonb', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dsure_issuer_keys_issuer_idx').on('dsure_issuer_keys').column('issuer_code').execute();

  await db.schema
    .createTable('dsure_certificates')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('guarantee_contract_number', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('issuer_code', 'text', (c) => c.notNull().references('dsure_issuers.code'))
    .addColumn('orderer_code', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('signature', 'jsonb', (c) => c.notNull())
    .addColumn('key_hmac', 'text', (c) => c.notNull())
    .addColumn('issue_date', 'date', (c) => c.notNull())
    .addColumn('change_kind', 'text')
    .addColumn('deposited_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('dsure_certificates_number_version_key', ['guarantee_contract_number', 'version'])
    .execute();

  await db.schema
    .createTable('dsure_guarantees')
    .addColumn('guarantee_contract_number', 'text', (c) => c.primaryKey())
    .addColumn('latest_version', 'integer', (c) => c.notNull())
    .addColumn('issuer_code', 'text', (c) => c.notNull().references('dsure_issuers.code'))
    .addColumn('orderer_code', 'text', (c) => c.notNull())
    .addColumn('guarantee_type', 'text', (c) => c.notNull())
    .addColumn('work_name', 'text', (c) => c.notNull())
    .addColumn('contractor_name', 'text', (c) => c.notNull())
    .addColumn('guaranteed_amount', 'bigint', (c) => c.notNull())
    .addColumn('guarantee_period_end', 'date', (c) => c.notNull())
    .addColumn('cancelled', 'boolean', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dsure_registrations')
    .addColumn('orderer_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('guarantee_contract_number', 'text', (c) => c.notNull().references('dsure_guarantees.guarantee_contract_number'))
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('registered_by_user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('last_opened_version', 'integer', (c) => c.notNull())
    .addColumn('last_opened_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('dsure_registrations_pkey', ['orderer_id', 'guarantee_contract_number'])
    .execute();
  await db.schema
    .createIndex('dsure_registrations_list_idx')
    .on('dsure_registrations')
    .columns(['orderer_id', 'registered_at', 'guarantee_contract_number'])
    .execute();

  await db.schema
    .createTable('dsure_view_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('orderer_id', 'uuid')
    .addColumn('user_id', 'uuid')
    .addColumn('ip', 'text')
    .addColumn('guarantee_contract_number', 'text')
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('registered', 'opened', 'refused', 'locked', 'invalid_input')`),
    )
    .addColumn('version', 'integer')
    .execute();
  await db.schema.createIndex('dsure_view_log_number_idx').on('dsure_view_log').columns(['guarantee_contract_number', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['dsure_view_log', 'dsure_registrations', 'dsure_guarantees', 'dsure_certificates', 'dsure_issuer_keys', 'dsure_issuers']) {
    await db.schema.dropTable(table).execute();
  }
}
