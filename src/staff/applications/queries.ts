// Reads of the work queue and an application's detail, always scoped to the actor's surety company.
import type { DbOrTrx } from '../../db/database.ts';
import type { Application } from '../../db/schema.ts';
import type { ApplicationStatus } from '../../domain/application-status.ts';
import type { GuaranteeType } from '../../domain/index.ts';

export const QUEUE_STATUSES: readonly ApplicationStatus[] = ['submitted', 'under_review'];
export const QUEUE_LIMIT = 200;

export interface QueueFilters {
  status: ApplicationStatus | null; // null: submitted and under review
  ordererId: string | null;
  guaranteeType: GuaranteeType | null;
}

export interface QueueItem {
  id: string;
  status: ApplicationStatus;
  kind: 'new' | 'change'; // 新規 or 変更・解約
  guaranteeType: string | null;
  workName: string | null;
  guaranteedAmount: number | null;
  delivery: 'electronic' | 'paper' | null;
  submittedAt: Date | null;
  contractorName: string;
  ordererName: string | null;
  proposed: boolean;
}

/** The queue of this surety: submitted and 審査中 applications, oldest first. */
export async function listQueue(db: DbOrTrx, suretyId: string, filters: QueueFilters): Promise<QueueItem[]> {
  let query = db
    .selectFrom('applications')
    .innerJoin('organisations as contractor', 'contractor.id', 'applications.contractor_id')
    .leftJoin('organisations as orderer', 'orderer.id', 'applications.orderer_id')
    .leftJoin('conclusion_proposals', 'conclusion_proposals.application_id', 'applications.id')
    .select([
      'applications.id',
      'applications.status',
      'applications.kind',
      'applications.guarantee_type',
      'applications.work_name',
      'applications.guaranteed_amount',
      'applications.delivery',
      'applications.submitted_at',
      'contractor.name as contractor_name',
      'orderer.name as orderer_name',
      'conclusion_proposals.proposed_at',
    ])
    .where('applications.surety_id', '=', suretyId)
    .where('applications.status', 'in', filters.status ? [filters.status] : [...QUEUE_STATUSES]);
  if (filters.ordererId) query = query.where('applications.orderer_id', '=', filters.ordererId);
  if (filters.guaranteeType) query = query.where('applications.guarantee_type', '=', filters.guaranteeType);
  const rows = await query.orderBy('applications.submitted_at', 'asc').orderBy('applications.id').limit(QUEUE_LIMIT).execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    kind: r.kind,
    guaranteeType: r.guarantee_type,
    workName: r.work_name,
    guaranteedAmount: r.guaranteed_amount === null ? null : Number(r.guaranteed_amount),
    delivery: r.delivery,
    submittedAt: r.submitted_at ? new Date(r.submitted_at) : null,
    contractorName: r.contractor_name,
    ordererName: r.orderer_name,
    proposed: r.proposed_at !== null,
  }));
}

/** The orderers that appear in this surety's applications (for the queue's filter). */
export async function queueOrderers(db: DbOrTrx, suretyId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('organisations')
    .select(['organisations.id', 'organisations.name'])
    .where('organisations.kind', '=', 'orderer')
    .where((eb) => eb.exists(eb.selectFrom('applications').select('applications.id').whereRef('applications.orderer_id', '=', 'organisations.id').where('applications.surety_id', '=', suretyId)))
    .orderBy('organisations.name')
    .execute();
}

export interface ApplicationDetail {
  application: Application;
  contractor: { name: string; code: string; corporateNumber: string | null; address: string | null; representative: string | null; phone: string | null };
  applicant: { displayName: string; email: string | null } | null;
  orderer: { id: string; name: string; code: string } | null;
  proposal: { proposedBy: string; proposedByName: string; proposedAt: Date; note: string | null } | null;
  guarantee: { id: string; number: string } | null;
  events: { at: Date; kind: string; message: string | null; actorName: string | null }[];
}

/** One application of this surety, or null (another surety's application is not found). */
export async function findApplicationForSurety(db: DbOrTrx, suretyId: string, applicationId: string): Promise<ApplicationDetail | null> {
  const application = await db.selectFrom('applications').selectAll().where('id', '=', applicationId).where('surety_id', '=', suretyId).executeTakeFirst();
  if (!application) return null;
  const contractor = await db
    .selectFrom('organisations')
    .select(['name', 'code', 'corporate_number', 'address', 'representative', 'phone'])
    .where('id', '=', application.contractor_id)
    .executeTakeFirstOrThrow();
  const applicant = await db.selectFrom('users').select(['display_name', 'email']).where('id', '=', application.applicant_user_id).executeTakeFirst();
  const orderer = application.orderer_id
    ? await db.selectFrom('organisations').select(['id', 'name', 'code']).where('id', '=', application.orderer_id).executeTakeFirst()
    : undefined;
  const proposal = await db
    .selectFrom('conclusion_proposals')
    .innerJoin('users', 'users.id', 'conclusion_proposals.proposed_by_user_id')
    .select(['conclusion_proposals.proposed_by_user_id', 'users.display_name', 'conclusion_proposals.proposed_at', 'conclusion_proposals.note'])
    .where('conclusion_proposals.application_id', '=', application.id)
    .where('conclusion_proposals.surety_id', '=', suretyId)
    .executeTakeFirst();
  const guarantee = await db
    .selectFrom('guarantees')
    .select(['id', 'guarantee_contract_number'])
    .where('application_id', '=', application.id)
    .where('surety_id', '=', suretyId)
    .executeTakeFirst();
  const events = await db
    .selectFrom('application_events')
    .leftJoin('users', 'users.id', 'application_events.actor_user_id')
    .select(['application_events.at', 'application_events.kind', 'application_events.message', 'users.display_name'])
    .where('application_events.application_id', '=', application.id)
    .orderBy('application_events.id')
    .execute();
  return {
    application,
    contractor: { name: contractor.name, code: contractor.code, corporateNumber: contractor.corporate_number, address: contractor.address, representative: contractor.representative, phone: contractor.phone },
    applicant: applicant ? { displayName: applicant.display_name, email: applicant.email } : null,
    orderer: orderer ?? null,
    proposal: proposal ? { proposedBy: proposal.proposed_by_user_id, proposedByName: proposal.display_name, proposedAt: new Date(proposal.proposed_at), note: proposal.note } : null,
    guarantee: guarantee ? { id: guarantee.id, number: guarantee.guarantee_contract_number } : null,
    events: events.map((e) => ({ at: new Date(e.at), kind: e.kind, message: e.message, actorName: e.display_name })),
  };
}
