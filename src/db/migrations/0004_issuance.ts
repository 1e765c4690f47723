import { sql, type Kysely } from 'kysely';

// Issuance (the surety side): per-surety settings (four eyes, fee tariff), Ed25519 signing
// keys (private part sealed at rest), gap-free guarantee-number serials, guarantees with their
// 認証キー (an HMAC to check, an encrypted copy to show again — never in clear), certificate
// versions (signed canonical content), fee statements, customer copies and four-eyes proposals.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('surety_settings')
    .addColumn('surety_id', 'uuid', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('four_eyes', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('fee_tariff', 'jsonb') // null: the domain's DEFAULT_TARIFF
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('signing_keys')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('surety_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('key_id', 'text', (c) => c.notNull().unique()) // RFC 7638 thumbprint
    .addColumn('public_jwk', 'jsonb', (c) => c.notNull())
    .addColumn('sealed_private_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'retired')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('retired_at', 'timestamptz')
    .execute();
  // One active key per surety company.
  await db.schema
    .createIndex('signing_keys_one_active_idx')
    .on('signing_keys')
    .column('surety_id')
    .unique()
    .where(sql.ref('status'), '=', 'active')
    .execute();

  await db.schema
    .createTable('guarantee_serials')
    .addColumn('surety_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('last_serial', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('guarantee_serials_pk', ['surety_id', 'fiscal_year'])
    .execute();

  await db.schema
    .createTable('guarantees')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('application_id', 'uuid', (c) => c.notNull().unique().references('applications.id'))
    .addColumn('surety_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('contractor_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('orderer_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('guarantee_contract_number', 'text', (c) => c.notNull().unique())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('serial', 'integer', (c) => c.notNull())
    .addColumn('guarantee_type', 'text', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull().check(sql`delivery in ('electronic', 'paper')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'cancelled')`))
    .addColumn('current_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('authentication_key_hmac', 'text')
    .addColumn('authentication_key_sealed', 'text')
    .addColumn('concluded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('concluded_by_user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('proposed_by_user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('guarantees_serial_unique', ['surety_id', 'fiscal_year', 'serial'])
    .addCheckConstraint(
      'guarantees_key_only_electronic',
      sql`(delivery = 'electronic') = (authentication_key_hmac is not null and authentication_key_sealed is not null)`,
    )
    .execute();
  await db.schema.createIndex('guarantees_contractor_idx').on('guarantees').columns(['contractor_id', 'concluded_at']).execute();
  await db.schema.createIndex('guarantees_surety_idx').on('guarantees').columns(['surety_id', 'concluded_at']).execute();

  await db.schema
    .createTable('certificates')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('guarantee_id', 'uuid', (c) => c.notNull().references('guarantees.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull()) // the domain's CertificateContent
    .addColumn('content_hash', 'text', (c) => c.notNull()) // sha-256 hex of the canonical JSON
    .addColumn('key_id', 'text', (c) => c.notNull().references('signing_keys.key_id'))
    .addColumn('signature', 'text', (c) => c.notNull()) // base64url Ed25519
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('medium', 'text', (c) => c.notNull().check(sql`medium in ('electronic', 'paper')`))
    .addColumn('deposited_at', 'timestamptz') // handed to D-Sure (electronic only)
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('certificates_version_unique', ['guarantee_id', 'version'])
    .execute();

  await db.schema
    .createTable('fee_statements')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('guarantee_id', 'uuid', (c) => c.notNull().references('guarantees.id'))
    .addColumn('certificate_id', 'uuid', (c) => c.references('certificates.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // initial (保証料計算書); later: additional, refund
    .addColumn('breakdown', 'jsonb', (c) => c.notNull()) // the domain's FeeBreakdown
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fee_statements_guarantee_idx').on('fee_statements').column('guarantee_id').execute();

  await db.schema
    .createTable('customer_copies')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('guarantee_id', 'uuid', (c) => c.notNull().references('guarantees.id'))
    .addColumn('certificate_id', 'uuid', (c) => c.notNull().unique().references('certificates.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('conclusion_proposals')
    .addColumn('application_id', 'uuid', (c) => c.primaryKey().references('applications.id'))
    .addColumn('surety_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('proposed_by_user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('proposed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['conclusion_proposals', 'customer_copies', 'fee_statements', 'certificates', 'guarantees', 'guarantee_serials', 'signing_keys', 'surety_settings']) {
    await db.schema.dropTable(table).execute();
  }
}
