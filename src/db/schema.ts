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
  // Where the row stands in the hash chain: (xact_id, seq). Set by the database (the writing
  // transaction's id); never written by the service. Null for rows of the per-row chain below.
  xact_id: ColumnType<number | null, never, never>;
  // The per-row chain of the first sessions (migration 0009 froze it): null on every newer row.
  chain_index: ColumnType<number | null, never, never>;
  prev_hash: ColumnType<string | null, never, never>;
  hash: ColumnType<string | null, never, never>;
}

/** One link of the audit chain: the rows from the previous seal's last position to this one's, hashed in order. */
export interface AuditSealsTable {
  seal_index: number;
  first_xact_id: number;
  first_seq: number;
  last_xact_id: number;
  last_seq: number;
  entries: number;
  prev_hash: string;
  hash: string;
  sealed_at: Timestamp;
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
  audit_seals: AuditSealsTable;
  mail_outbox: MailOutboxTable;
  dsure_issuers: DsureIssuersTable;
  dsure_issuer_keys: DsureIssuerKeysTable;
  dsure_certificates: DsureCertificatesTable;
  dsure_guarantees: DsureGuaranteesTable;
  dsure_registrations: DsureRegistrationsTable;
  dsure_view_log: DsureViewLogTable;
  surety_settings: SuretySettingsTable;
  signing_keys: SigningKeysTable;
  guarantees: GuaranteesTable;
  certificates: CertificatesTable;
  fee_statements: FeeStatementsTable;
  customer_copies: CustomerCopiesTable;
  conclusion_proposals: ConclusionProposalsTable;
  activation_tokens: ActivationTokensTable;
  api_tokens: ApiTokensTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  dsure_submissions: DsureSubmissionsTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Application = Selectable<ApplicationsTable>;

// ---- D-Sure (src/dsure, migration 0005_dsure) ----------------------------------------

/** An issuer (保証事業会社 or insurer) known to D-Sure. */
export interface DsureIssuersTable {
  code: string; // the issuer code written in CertificateContent.issuer.code
  name: string;
  registered_at: Timestamp;
  updated_at: Timestamp;
}

/** A published Ed25519 public key of an issuer. */
export interface DsureIssuerKeysTable {
  kid: string; // RFC 7638 thumbprint
  issuer_code: string;
  public_jwk: ColumnType<unknown, string, never>; // jsonb: Ed25519PublicJwk
  registered_at: Timestamp;
}

/** One deposited version of a signed certificate; never updated. */
export interface DsureCertificatesTable {
  id: Generated<string>;
  guarantee_contract_number: string;
  version: number;
  issuer_code: string;
  orderer_code: string;
  key_id: string;
  content_hash: string;
  content: ColumnType<unknown, string, never>; // jsonb: CertificateContent
  signature: ColumnType<unknown, string, never>; // jsonb: CertificateSignature
  key_hmac: string; // HMAC-SHA256 (hex) of the canonical 認証キー; never the key itself
  issue_date: string; // YYYY-MM-DD
  change_kind: string | null;
  deposited_at: Timestamp;
}

/** The latest version of each 保証契約番号, for lists and searches. */
export interface DsureGuaranteesTable {
  guarantee_contract_number: string;
  latest_version: number;
  issuer_code: string;
  orderer_code: string;
  guarantee_type: string;
  work_name: string;
  contractor_name: string;
  guaranteed_amount: number;
  guarantee_period_end: string; // YYYY-MM-DD
  cancelled: boolean;
  updated_at: Timestamp;
}

/** A certificate in an orderer's list (registered with the right key). */
export interface DsureRegistrationsTable {
  orderer_id: string;
  guarantee_contract_number: string;
  registered_at: Timestamp;
  registered_by_user_id: string;
  last_opened_version: number;
  last_opened_at: Timestamp;
}

export type DsureViewOutcome = 'registered' | 'opened' | 'refused' | 'locked' | 'invalid_input';

/** Every key entry (success or not) and every opening of a certificate. */
export interface DsureViewLogTable {
  id: Generated<number>;
  at: Timestamp;
  orderer_id: string | null;
  user_id: string | null;
  ip: string | null;
  guarantee_contract_number: string | null; // as typed, normalised
  outcome: DsureViewOutcome;
  version: number | null;
}

// ---- Issuance (src/issuance, src/staff; migration 0004_issuance) -----------------------

/** Per surety company: four-eyes conclusion and its fee tariff (null: the domain's DEFAULT_TARIFF). */
export interface SuretySettingsTable {
  surety_id: string;
  four_eyes: Generated<boolean>;
  fee_tariff: ColumnType<unknown, string | null | undefined, string | null>; // jsonb: the domain's FeeTariff
  updated_at: GeneratedTimestamp;
}

/** A surety company's Ed25519 signing key; the private part sealed with AES-256-GCM. */
export interface SigningKeysTable {
  id: Generated<string>;
  surety_id: string;
  key_id: string; // RFC 7638 thumbprint (kid)
  public_jwk: ColumnType<unknown, string, never>; // jsonb: Ed25519PublicJwk
  sealed_private_key: string;
  status: 'active' | 'retired'; // one active key per surety; retired keys stay published
  created_at: Timestamp;
  retired_at: NullableTimestamp;
}

/** The last serial of 保証契約番号 given per surety and fiscal year (allocated in the conclusion's transaction). */

/** A concluded guarantee contract (保証契約). */
export interface GuaranteesTable {
  id: Generated<string>;
  application_id: string;
  surety_id: string; // the issuing tenant
  contractor_id: string; // the contractor tenant
  orderer_id: string;
  guarantee_contract_number: string; // 保証契約番号, canonical (WJ-2026-000123-47)
  fiscal_year: number;
  serial: number;
  guarantee_type: string; // domain GuaranteeType
  delivery: 'electronic' | 'paper';
  status: Generated<'active' | 'cancelled'>;
  current_version: Generated<number>;
  authentication_key_hmac: string | null; // HMAC-SHA256 (hex) of the canonical 認証キー (electronic only)
  authentication_key_sealed: string | null; // AES-256-GCM copy to show the contractor again (electronic only)
  concluded_at: Timestamp;
  concluded_by_user_id: string;
  proposed_by_user_id: string | null; // four eyes: who proposed the conclusion
  created_at: GeneratedTimestamp;
}

/** One version of a certificate: the signed content; never updated. */
export interface CertificatesTable {
  id: Generated<string>;
  guarantee_id: string;
  version: number;
  content: ColumnType<unknown, string, never>; // jsonb: the domain's CertificateContent
  content_hash: string;
  key_id: string;
  signature: string; // base64url Ed25519 over the canonical content
  signed_at: Timestamp;
  medium: 'electronic' | 'paper';
  deposited_at: NullableTimestamp; // handed to D-Sure
  created_at: GeneratedTimestamp;
}

/** 保証料計算書 (and later 返還計算書): the domain's FeeBreakdown as issued. */
export interface FeeStatementsTable {
  id: Generated<string>;
  guarantee_id: string;
  certificate_id: string | null;
  kind: string; // initial
  breakdown: ColumnType<unknown, string, never>; // jsonb: FeeBreakdown
  total: number;
  created_at: Timestamp;
}

/** お客様控え: the record that the contractor's copy of a certificate version exists (rendered on demand). */
export interface CustomerCopiesTable {
  id: Generated<string>;
  guarantee_id: string;
  certificate_id: string;
  created_at: Timestamp;
}

/** Four eyes: an examiner's proposal to conclude, awaiting a different approver. */
export interface ConclusionProposalsTable {
  application_id: string;
  surety_id: string;
  proposed_by_user_id: string;
  proposed_at: Timestamp;
  note: string | null;
}

export type Guarantee = Selectable<GuaranteesTable>;
export type CertificateRow = Selectable<CertificatesTable>;

/** e-Net保証: a single-use, expiring link to set the password of a pending user (migration 0003). */
export interface ActivationTokensTable {
  token_hash: string; // SHA-256 (hex) of the token in the link
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  revoked_at: NullableTimestamp; // a newer link was sent, or the user was disabled
  created_by_user_id: string | null;
}

// ---- Orderer API and 電子提出 (src/api, src/submission; migration 0007_api_submission) ------

/** An orderer's API token: only its SHA-256 is kept; shown once when created. */
export interface ApiTokensTable {
  id: Generated<string>;
  orderer_id: string; // the tenant: organisations.id of the orderer
  name: string;
  token_hash: string; // SHA-256 (hex) of the token
  token_hint: string; // the token's first characters, to recognise it in the list
  created_by_user_id: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  revoked_by_user_id: string | null;
}

/** An orderer's webhook receiver. The signing secret is derived from secret_salt with a server key. */
export interface WebhookEndpointsTable {
  id: Generated<string>;
  orderer_id: string;
  url: string;
  description: string;
  secret_salt: string;
  created_by_user_id: string;
  created_at: Timestamp;
  disabled_at: NullableTimestamp;
  disabled_by_user_id: string | null;
}

/** One signed POST to a webhook receiver, retried with backoff until delivered or given up. */
export interface WebhookDeliveriesTable {
  id: Generated<string>;
  endpoint_id: string;
  orderer_id: string;
  event_type: string; // certificate.changed
  guarantee_contract_number: string;
  version: number;
  body: string; // the exact JSON sent and signed
  created_at: Timestamp;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_until: NullableTimestamp;
  delivered_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  last_status: number | null;
  last_error: string | null;
}

export type DsureSubmissionStatus = 'submitted' | 'accepted' | 'returned';

/** 電子提出: a guarantee submitted by its contractor to an orderer's receiving section (D-Sure keeps the key as an HMAC only). */
export interface DsureSubmissionsTable {
  id: Generated<string>;
  guarantee_contract_number: string;
  version: number;
  orderer_id: string;
  receiving_section: string;
  key_hmac: string;
  contractor_id: string;
  contractor_name: string;
  submitted_by_user_id: string;
  note: string | null;
  submitted_at: Timestamp;
  status: DsureSubmissionStatus;
  decided_at: NullableTimestamp;
  decided_by_user_id: string | null;
  return_reason: string | null;
}
