// What the surety's staff see of contractor registrations. Registrations belong to no
// tenant yet: every surety user may see the pending ones (the service is run by the
// surety companies), so these queries are scoped by kind and status, not by organisation.
import type { DbOrTrx } from '../../db/database.ts';

export interface PendingRegistration {
  id: string;
  name: string;
  corporateNumber: string | null;
  address: string | null;
  representative: string | null;
  phone: string | null;
  email: string | null;
  createdAt: Date;
  contactName: string | null;
}

export async function listPendingRegistrations(db: DbOrTrx): Promise<PendingRegistration[]> {
  const rows = await db
    .selectFrom('organisations')
    .leftJoin('users', (join) => join.onRef('users.organisation_id', '=', 'organisations.id').on('users.role', '=', 'contractor_admin'))
    .select([
      'organisations.id',
      'organisations.name',
      'organisations.corporate_number',
      'organisations.address',
      'organisations.representative',
      'organisations.phone',
      'organisations.email',
      'organisations.created_at',
      'users.display_name',
    ])
    .where('organisations.kind', '=', 'contractor')
    .where('organisations.status', '=', 'pending')
    .orderBy('organisations.created_at')
    .orderBy('organisations.id')
    .limit(500)
    .execute();
  const seen = new Set<string>();
  return rows
    .filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)))
    .map((r) => ({
      id: r.id,
      name: r.name,
      corporateNumber: r.corporate_number,
      address: r.address,
      representative: r.representative,
      phone: r.phone,
      email: r.email,
      createdAt: new Date(r.created_at),
      contactName: r.display_name,
    }));
}

export interface AwaitingActivation {
  userId: string;
  loginId: string;
  displayName: string;
  email: string | null;
  organisationName: string;
  linkExpiresAt: Date | null;
}

/** Approved contractor administrators who have not set their password yet. */
export async function listAdminsAwaitingActivation(db: DbOrTrx): Promise<AwaitingActivation[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select((eb) => [
      'users.id',
      'users.login_id',
      'users.display_name',
      'users.email',
      'organisations.name',
      eb
        .selectFrom('activation_tokens')
        .select((e) => e.fn.max('activation_tokens.expires_at').as('m'))
        .whereRef('activation_tokens.user_id', '=', 'users.id')
        .where('activation_tokens.used_at', 'is', null)
        .where('activation_tokens.revoked_at', 'is', null)
        .as('expires_at'),
    ])
    .where('organisations.kind', '=', 'contractor')
    .where('organisations.status', '=', 'active')
    .where('users.role', '=', 'contractor_admin')
    .where('users.status', '=', 'pending')
    .orderBy('organisations.name')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    loginId: r.login_id,
    displayName: r.display_name,
    email: r.email,
    organisationName: r.name,
    linkExpiresAt: r.expires_at ? new Date(r.expires_at as unknown as string) : null,
  }));
}
