import type { Kysely } from 'kysely';

// Guarantee serials now come from one PostgreSQL sequence per surety and fiscal year
// (src/issuance/guarantee-number.ts), which never blocks concurrent conclusions; the counter
// table, whose row lock serialised every conclusion until commit, goes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('guarantee_serials').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('guarantee_serials')
    .addColumn('surety_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('last_serial', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('guarantee_serials_pk', ['surety_id', 'fiscal_year'])
    .execute();
}
