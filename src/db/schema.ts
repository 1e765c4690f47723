// Table types of the whole system (Kysely). Each capability module owns its
// tables and its migration; their row types are gathered here so that one
// `Database` type describes the schema.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type OrganisationKind = 'contractor' | 'surety' | 'orderer';
export type Role =
  | 'contractor_admin'
  | 'contractor_member'
  | 'surety_examiner'
  | 'surety_approver'
  | 'surety_admin'
  | 'orderer_viewer'
  | 'orderer_admin';

export interface OrganisationsTable {
  id: Generated<string>;
  kind: OrganisationKind;
  code: string; // short code: issuer code for a surety, 団体コード for an orderer
  name: string;
  corporate_number: string | null; // 法人番号
  address: string | null;
  representative: string | null;
  phone: string | null;
  email: string | null;
  status: Generated<'pending' | 'active' | 'disabled'>;
  created_at: GeneratedTimestamp;
}

export interface UsersTable {
  id: Generated<string>;
  organisation_id: string;
  login_id: string;
  display_name: string;
  email: string | null;
  role: Role;
  password_hash: string | null; // null until the user sets a password
  status: Generated<'pending' | 'active' | 'disabled'>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface SessionsTable {
  id_hash: string; // SHA-256 of the cookie's token: a database leak reveals no live session
  user_id: string;
  created_at: GeneratedTimestamp;
  last_seen_at: GeneratedTimestamp;
  revoked_at: NullableTimestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ThrottlesTable {
  key: string; // e.g. login:demo-contractor, login-ip:127.0.0.1
  failures: number;
  window_started_at: Timestamp;
  locked_until: NullableTimestamp;
}

export interface OrdererPoliciesTable {
  orderer_id: string; // organisations.id of kind 'orderer'
  policy: ColumnType<unknown, string, string>; // jsonb: the domain's OrdererPolicy
  updated_at: GeneratedTimestamp;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  throttles: ThrottlesTable;
  orderer_policies: OrdererPoliciesTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
