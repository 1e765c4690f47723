// Reading applications and what they refer to. Every application query is scoped to the
// contractor (the tenant): another company's application is simply not found.
import { sql, type Selectable } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { ApplicationsTable } from '../../db/schema.ts';
import type { ApplicationEventKind } from '../../domain/application-status.ts';
import { parseOrdererPolicy, type OrdererPolicy } from '../../domain/index.ts';

export type ApplicationRow = Selectable<ApplicationsTable>;

export interface OrdererChoice {
  id: string;
  name: string;
  code: string;
  policy: OrdererPolicy;
}

// Parsed policies, kept while their stored JSON is unchanged (compared by its MD5, computed by
// the database, so an unchanged policy is neither sent nor checked again): checking one costs
// about 80 µs, and the list of every municipality in Japan (about 1,700) is read on each step-1 page.
const parsedPolicies = new Map<string, { hash: string; policy: OrdererPolicy | null }>();

function parsePolicy(stored: unknown): OrdererPolicy | null {
  const parsed = parseOrdererPolicy(typeof stored === 'string' ? JSON.parse(stored) : stored);
  return parsed.ok ? parsed.policy : null;
}

/** The orderers a contractor can apply to: active, with a valid e-guarantee policy. Reference data, visible to every contractor. */
export async function listOrderersWithPolicies(db: DbOrTrx): Promise<OrdererChoice[]> {
  const rows = await db
    .selectFrom('organisations')
    .innerJoin('orderer_policies', 'orderer_policies.orderer_id', 'organisations.id')
    .select(['organisations.id', 'organisations.name', 'organisations.code', sql<string>`md5(orderer_policies.policy::text)`.as('policy_hash')])
    .where('organisations.kind', '=', 'orderer')
    .where('organisations.status', '=', 'active')
    .orderBy('organisations.code')
    .execute();
  const missing = rows.filter((r) => parsedPolicies.get(r.id)?.hash !== r.policy_hash).map((r) => r.id);
  for (let i = 0; i < missing.length; i += 500) {
    const fetched = await db
      .selectFrom('orderer_policies')
      .select(['orderer_id', 'policy', sql<string>`md5(policy::text)`.as('policy_hash')])
      .where('orderer_id', 'in', missing.slice(i, i + 500))
      .execute();
    for (const f of fetched) parsedPolicies.set(f.orderer_id, { hash: f.policy_hash, policy: parsePolicy(f.policy) });
  }
  const choices: OrdererChoice[] = [];
  for (const row of rows) {
    const policy = parsedPolicies.get(row.id)?.policy;
    if (policy) choices.push({ id: row.id, name: row.name, code: row.code, policy });
  }
  return choices;
}

/** One orderer with its policy, or null when it has none (or it does not parse). */
export async function findOrdererWithPolicy(db: DbOrTrx, ordererId: string): Promise<OrdererChoice | null> {
  const row = await db
    .selectFrom('organisations')
    .innerJoin('orderer_policies', 'orderer_policies.orderer_id', 'organisations.id')
    .select(['organisations.id', 'organisations.name', 'organisations.code', 'orderer_policies.policy'])
    .where('organisations.id', '=', ordererId)
    .where('organisations.kind', '=', 'orderer')
    .executeTakeFirst();
  if (!row) return null;
  const policy = parsePolicy(row.policy);
  return policy ? { id: row.id, name: row.name, code: row.code, policy } : null;
}

export interface SuretyChoice {
  id: string;
  name: string;
}

/** The surety companies that take applications. */
export async function listActiveSureties(db: DbOrTrx): Promise<SuretyChoice[]> {
  return db.selectFrom('organisations').select(['id', 'name']).where('kind', '=', 'surety').where('status', '=', 'active').orderBy('name').execute();
}

export async function findSuretyName(db: DbOrTrx, suretyId: string): Promise<string | null> {
  const row = await db.selectFrom('organisations').select('name').where('id', '=', suretyId).where('kind', '=', 'surety').executeTakeFirst();
  return row?.name ?? null;
}

/** The contractor's own application, or null (also for another company's). */
export async function findApplication(db: DbOrTrx, contractorId: string, applicationId: string): Promise<ApplicationRow | null> {
  const row = await db.selectFrom('applications').selectAll().where('id', '=', applicationId).where('contractor_id', '=', contractorId).executeTakeFirst();
  return row ?? null;
}

export interface ApplicationListItem {
  id: string;
  kind: ApplicationRow['kind']; // 'change': a request to change or cancel a concluded guarantee
  status: ApplicationRow['status'];
  workName: string | null;
  ordererName: string | null;
  guaranteeType: string | null;
  guaranteedAmount: number | null;
  delivery: ApplicationRow['delivery'];
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
}

/** 申込一覧: every application of the company, newest first. */
export async function listApplications(db: DbOrTrx, contractorId: string): Promise<ApplicationListItem[]> {
  const rows = await db
    .selectFrom('applications')
    .leftJoin('organisations as orderer', 'orderer.id', 'applications.orderer_id')
    .select([
      'applications.id',
      'applications.kind',
      'applications.status',
      'applications.work_name',
      'orderer.name as orderer_name',
      'applications.guarantee_type',
      'applications.guaranteed_amount',
      'applications.delivery',
      'applications.created_at',
      'applications.updated_at',
      'applications.submitted_at',
    ])
    .where('applications.contractor_id', '=', contractorId)
    .orderBy('applications.created_at', 'desc')
    .orderBy('applications.id', 'desc')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    workName: r.work_name,
    ordererName: r.orderer_name,
    guaranteeType: r.guarantee_type,
    guaranteedAmount: r.guaranteed_amount === null ? null : Number(r.guaranteed_amount),
    delivery: r.delivery,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    submittedAt: r.submitted_at ? new Date(r.submitted_at) : null,
  }));
}

export interface ApplicationEventView {
  id: number;
  at: Date;
  kind: string;
  message: string | null;
  actorName: string | null;
  actorOrganisationKind: string | null;
  actorOrganisationName: string | null;
}

/**
 * What the contractor sees of the history: its own steps and the surety's decisions. The
 * surety's internal steps (e.g. a proposal awaiting a second approver, with its note) are not shown.
 */
/** The steps of an application's history the contractor sees (not the surety's internal 締結の起案). */
export const CONTRACTOR_VISIBLE_EVENTS = ['created', 'submitted', 'resubmitted', 'withdrawn', 'review_started', 'returned', 'declined', 'concluded'] as const satisfies readonly ApplicationEventKind[];
export type ContractorVisibleEvent = (typeof CONTRACTOR_VISIBLE_EVENTS)[number];

/** The history of the contractor's own application, oldest first. */
export async function listApplicationEvents(db: DbOrTrx, contractorId: string, applicationId: string): Promise<ApplicationEventView[]> {
  const rows = await db
    .selectFrom('application_events')
    .innerJoin('applications', 'applications.id', 'application_events.application_id')
    .leftJoin('users', 'users.id', 'application_events.actor_user_id')
    .leftJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'application_events.id',
      'application_events.at',
      'application_events.kind',
      'application_events.message',
      'users.display_name',
      'organisations.kind as organisation_kind',
      'organisations.name as organisation_name',
    ])
    .where('application_events.application_id', '=', applicationId)
    .where('applications.contractor_id', '=', contractorId)
    .where('application_events.kind', 'in', CONTRACTOR_VISIBLE_EVENTS)
    .orderBy('application_events.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at),
    kind: r.kind,
    message: r.message,
    actorName: r.display_name,
    actorOrganisationKind: r.organisation_kind,
    actorOrganisationName: r.organisation_name,
  }));
}

/** The guarantee contract concluded for the contractor's application, if any (its 保証契約番号). */
export async function findGuaranteeOfApplication(db: DbOrTrx, contractorId: string, applicationId: string): Promise<{ number: string; delivery: 'electronic' | 'paper' } | null> {
  const row = await db
    .selectFrom('guarantees')
    .select(['guarantee_contract_number', 'delivery'])
    .where('application_id', '=', applicationId)
    .where('contractor_id', '=', contractorId)
    .executeTakeFirst();
  return row ? { number: row.guarantee_contract_number, delivery: row.delivery } : null;
}
