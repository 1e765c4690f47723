import { sql, type Kysely } from 'kysely';

// e-Net保証 (受注者): account activation tokens. A link in an email lets a person set the
// password of a pending user once, before it expires. Only the SHA-256 of the token is
// stored, so a leak of the database reveals no usable link. Also: one registration per 法人番号.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('activation_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('created_by_user_id', 'uuid', (c) => c.references('users.id'))
    .addCheckConstraint('activation_tokens_expiry_check', sql`expires_at > created_at`)
    .execute();
  await db.schema.createIndex('activation_tokens_user_idx').on('activation_tokens').column('user_id').execute();

  // One registration per company (法人番号) among the contractors that are not disabled:
  // two registrations sent at the same moment cannot both succeed.
  await db.schema
    .createIndex('organisations_contractor_corporate_number_key')
    .on('organisations')
    .column('corporate_number')
    .unique()
    .where(sql<boolean>`kind = 'contractor' and status <> 'disabled' and corporate_number is not null`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('organisations_contractor_corporate_number_key').execute();
  await db.schema.dropTable('activation_tokens').execute();
}
