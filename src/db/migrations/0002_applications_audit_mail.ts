import { sql, type Kysely } from 'kysely';

// Guarantee applications (保証申込) and their history; the append-only, hash-chained
// audit log; the mail outbox.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('applications')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('contractor_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('surety_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('orderer_id', 'uuid', (c) => c.references('organisations.id'))
    .addColumn('applicant_user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('draft', 'submitted', 'under_review', 'returned', 'concluded', 'declined', 'withdrawn')`),
    )
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('new').check(sql`kind in ('new', 'change')`))
    .addColumn('guarantee_type', 'text')
    .addColumn('category', 'text')
    .addColumn('initial_contract_date', 'date')
    .addColumn('work_name', 'text')
    .addColumn('work_site', 'text')
    .addColumn('contract_price', 'bigint')
    .addColumn('contract_date', 'date')
    .addColumn('period_start', 'date')
    .addColumn('period_end', 'date')
    .addColumn('guaranteed_amount', 'bigint')
    .addColumn('previous_advance_amount', 'bigint')
    .addColumn('guarantee_period_start', 'date')
    .addColumn('guarantee_period_end', 'date')
    .addColumn('low_bid', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('delivery', 'text', (c) => c.check(sql`delivery in ('electronic', 'paper')`))
    .addColumn('contact_notes', 'text')
    .addColumn('clauses_confirmed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('submitted_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('applications_contractor_idx').on('applications').columns(['contractor_id', 'created_at']).execute();
  await db.schema.createIndex('applications_queue_idx').on('applications').columns(['surety_id', 'status', 'submitted_at']).execute();

  await db.schema
    .createTable('application_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('application_id', 'uuid', (c) => c.notNull().references('applications.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('snapshot', 'jsonb')
    .execute();
  await db.schema.createIndex('application_events_application_idx').on('application_events').columns(['application_id', 'id']).execute();

  // The audit log: appended by one INSERT (no lock), sealed into a hash chain by the sealer
  // (src/audit/audit-log.ts) in the order it sees committed rows: chain_index, prev_hash, hash.
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'uuid')
    .addColumn('actor_organisation_id', 'uuid')
    .addColumn('ip', 'text')
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('chain_index', 'bigint', (c) => c.unique())
    .addColumn('prev_hash', 'text')
    .addColumn('hash', 'text')
    .execute();
  await db.schema.createIndex('audit_log_subject_idx').on('audit_log').columns(['subject_type', 'subject_id', 'seq']).execute();
  await db.schema.createIndex('audit_log_unsealed_idx').on('audit_log').column('seq').where(sql.ref('chain_index'), 'is', null).execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema
    .createIndex('mail_outbox_pending_idx')
    .on('mail_outbox')
    .column('next_attempt_at')
    .where(sql.ref('sent_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['mail_outbox', 'audit_log', 'application_events', 'applications']) {
    await db.schema.dropTable(table).execute();
  }
}
