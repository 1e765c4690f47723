// Factories: each test makes its own tenants (organisations with unique codes) and users.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../src/auth/passwords.ts';
import type { DbOrTrx } from '../../src/db/database.ts';
import type { Organisation, OrganisationKind, Role } from '../../src/db/schema.ts';

export const TEST_PASSWORD = 'correct-horse-battery-9';
let passwordHash: Promise<string> | null = null;

const unique = () => randomBytes(4).toString('hex');

const DEFAULT_NAMES: Record<OrganisationKind, string> = {
  contractor: '株式会社テスト建設',
  surety: 'テスト建設業保証株式会社',
  orderer: 'テスト市',
};

export async function createOrganisation(
  db: DbOrTrx,
  kind: OrganisationKind,
  overrides: Partial<Pick<Organisation, 'name' | 'code' | 'status' | 'email'>> = {},
): Promise<Organisation> {
  return db
    .insertInto('organisations')
    .values({
      kind,
      code: overrides.code ?? `${kind}-${unique()}`,
      name: overrides.name ?? `${DEFAULT_NAMES[kind]}${unique().slice(0, 4)}`,
      status: overrides.status ?? 'active',
      email: overrides.email ?? null,
      corporate_number: null,
      address: null,
      representative: null,
      phone: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createUser(
  db: DbOrTrx,
  organisation: Organisation,
  role: Role,
  overrides: { loginId?: string; password?: string; email?: string } = {},
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = overrides.password ? await hashPassword(overrides.password) : await passwordHash;
  const user = await db
    .insertInto('users')
    .values({
      organisation_id: organisation.id,
      login_id: overrides.loginId ?? `${role.replace('_', '-')}-${unique()}`,
      display_name: 'テスト 太郎',
      email: overrides.email ?? `${unique()}@example.test`,
      role,
      password_hash: hash,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...user, password: overrides.password ?? TEST_PASSWORD };
}

const DEFAULT_ROLE: Record<OrganisationKind, Role> = {
  contractor: 'contractor_admin',
  surety: 'surety_admin',
  orderer: 'orderer_admin',
};

/** An organisation with one user: the usual start of a test. */
export async function createTenant(db: DbOrTrx, kind: OrganisationKind, role: Role = DEFAULT_ROLE[kind]) {
  const organisation = await createOrganisation(db, kind);
  const user = await createUser(db, organisation, role);
  return { organisation, user };
}
