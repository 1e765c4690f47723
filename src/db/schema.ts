// Table types of the whole system (Kysely). Each capability module owns its
// tables and its migration; their row types are gathered here so that one
// `Database` type describes the schema.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ApplicationStatus } from '../domain/application-status.ts';

export type { ApplicationStatus };

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

/** A guarantee application (保証申込). Columns are nullable while it is a draft; submission validates them. */
export interface ApplicationsTable {
  id: Generated<string>;
  contractor_id: string; // the tenant: organisations.id of the contractor
  surety_id: string;
  orderer_id: string | null;
  applicant_user_id: string;
  status: ApplicationStatus;
  kind: Generated<'new' | 'change'>; // change: 変更・解約 of an existing guarantee (details say which)
  guarantee_type: string | null; // domain GuaranteeType
  category: string | null; // domain ContractCategory
  initial_contract_date: string | null; // YYYY-MM-DD
  work_name: string | null;
  work_site: string | null;
  contract_price: number | null;
  contract_date: string | null;
  period_start: string | null; // 工期
  period_end: string | null;
  guaranteed_amount: number | null; // 前払金額 / 中間前払金額 / 契約保証金額
  previous_advance_amount: number | null; // 中間前払金: the advance already guaranteed
  guarantee_period_start: string | null;
  guarantee_period_end: string | null;
  low_bid: Generated<boolean>;
  delivery: 'electronic' | 'paper' | null; // 保証証書の受取方法
  contact_notes: string | null; // 連絡事項
  clauses_confirmed: Generated<boolean>; // the orderer's notes (約款) confirmed by the applicant
  details: ColumnType<Record<string, unknown>, string | undefined, string>; // jsonb: anything else (e.g. the change requested)
  revision: Generated<number>; // optimistic concurrency
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  submitted_at: NullableTimestamp;
}

export interface ApplicationEventsTable {
  id: Generated<number>;
  application_id: string;
  at: Timestamp;
  actor_user_id: string | null;
  kind: string; // created, saved, submitted, returned, resubmitted, withdrawn, declined, concluded, ...
  message: string | null;
  snapshot: ColumnType<unknown, string | null, string | null>; // jsonb: the application as it was
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: Timestamp;
  action: string;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  ip: string | null;
  subject_type: string;
  subject_id: string;
  data: ColumnType<unknown, string, never>;
  prev_hash: string;
  hash: string;
}

export interface MailOutboxTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  text_body: string;
  template: string;
  created_at: Timestamp;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_until: NullableTimestamp;
  sent_at: NullableTimestamp;
  last_error: string | null;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  throttles: ThrottlesTable;
  orderer_policies: OrdererPoliciesTable;
  applications: ApplicationsTable;
  application_events: ApplicationEventsTable;
  audit_log: AuditLogTable;
  mail_outbox: MailOutboxTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Application = Selectable<ApplicationsTable>;
