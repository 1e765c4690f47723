import { sql, type Kysely } from 'kysely';

// Beyond paper (issue 9): the orderer API and 電子提出.
// - api_tokens: an orderer's API tokens, stored as SHA-256 only (shown once), revocable.
// - webhook_endpoints: an orderer's receivers; the signing secret is never stored, only the
//   random salt it is derived from with a server key (a copy of the database reveals no secret).
// - webhook_deliveries: an outbox of signed POSTs, claimed by workers with FOR UPDATE SKIP
//   LOCKED and retried with backoff (the mail outbox's pattern).
// - dsure_submissions: 電子提出 of a guarantee to an orderer's receiving section, kept by
//   D-Sure with the 認証キー as an HMAC only; 受付 registers it, 返戻 carries a reason.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('orderer_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique()) // SHA-256 (hex) of the token
    .addColumn('token_hint', 'text', (c) => c.notNull()) // the first characters, to recognise it in the list
    .addColumn('created_by_user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by_user_id', 'uuid', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('api_tokens_orderer_idx').on('api_tokens').columns(['orderer_id', 'created_at']).execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('orderer_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('secret_salt', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('disabled_by_user_id', 'uuid', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('webhook_endpoints_orderer_idx').on('webhook_endpoints').columns(['orderer_id', 'created_at']).execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('endpoint_id', 'uuid', (c) => c.notNull().references('webhook_endpoints.id'))
    .addColumn('orderer_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('guarantee_contract_number', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull()) // the exact JSON sent (and signed)
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('failed_at', 'timestamptz') // gave up after the last attempt
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_due_idx')
    .on('webhook_deliveries')
    .column('next_attempt_at')
    .where(sql<boolean>`delivered_at is null and failed_at is null`)
    .execute();
  await db.schema.createIndex('webhook_deliveries_endpoint_idx').on('webhook_deliveries').columns(['endpoint_id', 'created_at']).execute();

  await db.schema
    .createTable('dsure_submissions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('guarantee_contract_number', 'text', (c) => c.notNull().references('dsure_guarantees.guarantee_contract_number'))
    .addColumn('version', 'integer', (c) => c.notNull()) // the latest version when submitted
    .addColumn('orderer_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('receiving_section', 'text', (c) => c.notNull())
    .addColumn('key_hmac', 'text', (c) => c.notNull()) // HMAC-SHA256 of the canonical 認証キー; never the key
    .addColumn('contractor_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('contractor_name', 'text', (c) => c.notNull())
    .addColumn('submitted_by_user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('note', 'text')
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('submitted', 'accepted', 'returned')`))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by_user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('return_reason', 'text')
    .execute();
  // At most one submission awaiting 受付 per certificate and orderer (a double click submits once).
  await db.schema
    .createIndex('dsure_submissions_one_pending_idx')
    .on('dsure_submissions')
    .columns(['orderer_id', 'guarantee_contract_number'])
    .unique()
    .where(sql.ref('status'), '=', 'submitted')
    .execute();
  await db.schema.createIndex('dsure_submissions_inbox_idx').on('dsure_submissions').columns(['orderer_id', 'status', 'submitted_at']).execute();
  await db.schema.createIndex('dsure_submissions_contractor_idx').on('dsure_submissions').columns(['contractor_id', 'guarantee_contract_number', 'submitted_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['dsure_submissions', 'webhook_deliveries', 'webhook_endpoints', 'api_tokens']) {
    await db.schema.dropTable(table).execute();
  }
}
