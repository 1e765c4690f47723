// The orderer's 受付 inbox: electronic submissions addressed to it. Every query takes the
// orderer's organisation id and returns nothing addressed to anyone else.
import type { DbOrTrx } from '../../db/database.ts';
import type { DsureSubmissionStatus } from '../../db/schema.ts';
import { isGuaranteeType, type CertificateContent, type GuaranteeType } from '../../domain/index.ts';

export const INBOX_STATUSES: readonly DsureSubmissionStatus[] = ['submitted', 'accepted', 'returned'];
export const INBOX_STATUS_LABELS: Record<DsureSubmissionStatus, string> = { submitted: '受付待ち', accepted: '受付済', returned: '返戻' };
export const INBOX_LIMIT = 200;

export interface InboxFilter {
  status: DsureSubmissionStatus;
  section?: string;
}

export interface InboxRow {
  id: string;
  guaranteeContractNumber: string;
  version: number;
  guaranteeType: GuaranteeType;
  workName: string;
  contractorName: string;
  guaranteedAmount: number;
  receivingSection: string;
  submittedAt: Date;
  status: DsureSubmissionStatus;
  decidedAt: Date | null;
}

function guaranteeTypeOf(value: string): GuaranteeType {
  return isGuaranteeType(value) ? value : 'advance_payment';
}

/** The submissions in one state (受付待ち: oldest first, the others newest first). */
export async function listInbox(db: DbOrTrx, ordererId: string, filter: InboxFilter): Promise<InboxRow[]> {
  const rows = await db
    .selectFrom('dsure_submissions as s')
    .innerJoin('dsure_guarantees as g', 'g.guarantee_contract_number', 's.guarantee_contract_number')
    .select([
      's.id',
      's.guarantee_contract_number',
      's.version',
      'g.guarantee_type',
      'g.work_name',
      's.contractor_name',
      'g.guaranteed_amount',
      's.receiving_section',
      's.submitted_at',
      's.status',
      's.decided_at',
    ])
    .where('s.orderer_id', '=', ordererId)
    .where('s.status', '=', filter.status)
    .$if(Boolean(filter.section), (q) => q.where('s.receiving_section', '=', filter.section as string))
    .orderBy('s.submitted_at', filter.status === 'submitted' ? 'asc' : 'desc')
    .orderBy('s.id')
    .limit(INBOX_LIMIT)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    guaranteeContractNumber: row.guarantee_contract_number,
    version: row.version,
    guaranteeType: guaranteeTypeOf(row.guarantee_type),
    workName: row.work_name,
    contractorName: row.contractor_name,
    guaranteedAmount: Number(row.guaranteed_amount),
    receivingSection: row.receiving_section,
    submittedAt: new Date(row.submitted_at),
    status: row.status,
    decidedAt: row.decided_at ? new Date(row.decided_at) : null,
  }));
}

/** How many submissions the orderer has in each state, and the receiving sections they went to. */
export async function inboxSummary(db: DbOrTrx, ordererId: string): Promise<{ counts: Record<DsureSubmissionStatus, number>; sections: string[] }> {
  const rows = await db
    .selectFrom('dsure_submissions')
    .select(['status', 'receiving_section', (eb) => eb.fn.countAll<number>().as('n')])
    .where('orderer_id', '=', ordererId)
    .groupBy(['status', 'receiving_section'])
    .execute();
  const counts: Record<DsureSubmissionStatus, number> = { submitted: 0, accepted: 0, returned: 0 };
  const sections = new Set<string>();
  for (const row of rows) {
    counts[row.status] += Number(row.n);
    sections.add(row.receiving_section);
  }
  return { counts, sections: [...sections].sort() };
}

export interface InboxSubmission extends InboxRow {
  note: string | null;
  returnReason: string | null;
  submittedByName: string;
  decidedByName: string | null;
  issuerName: string;
  content: CertificateContent; // the version submitted, from D-Sure's own copy
  registered: boolean; // already in the orderer's 電子証書一覧
}

/** One submission addressed to this orderer, or null (also when it is another orderer's). */
export async function findInboxSubmission(db: DbOrTrx, ordererId: string, id: string): Promise<InboxSubmission | null> {
  const row = await db
    .selectFrom('dsure_submissions as s')
    .innerJoin('dsure_guarantees as g', 'g.guarantee_contract_number', 's.guarantee_contract_number')
    .innerJoin('dsure_certificates as c', (join) => join.onRef('c.guarantee_contract_number', '=', 's.guarantee_contract_number').onRef('c.version', '=', 's.version'))
    .innerJoin('dsure_issuers as i', 'i.code', 'g.issuer_code')
    .innerJoin('users as su', 'su.id', 's.submitted_by_user_id')
    .leftJoin('users as du', 'du.id', 's.decided_by_user_id')
    .leftJoin('dsure_registrations as r', (join) => join.onRef('r.guarantee_contract_number', '=', 's.guarantee_contract_number').onRef('r.orderer_id', '=', 's.orderer_id'))
    .select([
      's.id',
      's.guarantee_contract_number',
      's.version',
      'g.guarantee_type',
      'g.work_name',
      's.contractor_name',
      'g.guaranteed_amount',
      's.receiving_section',
      's.submitted_at',
      's.status',
      's.decided_at',
      's.note',
      's.return_reason',
      'su.display_name as submitted_by_name',
      'du.display_name as decided_by_name',
      'i.name as issuer_name',
      'c.content',
      'r.registered_at',
    ])
    .where('s.orderer_id', '=', ordererId)
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    guaranteeContractNumber: row.guarantee_contract_number,
    version: row.version,
    guaranteeType: guaranteeTypeOf(row.guarantee_type),
    workName: row.work_name,
    contractorName: row.contractor_name,
    guaranteedAmount: Number(row.guaranteed_amount),
    receivingSection: row.receiving_section,
    submittedAt: new Date(row.submitted_at),
    status: row.status,
    decidedAt: row.decided_at ? new Date(row.decided_at) : null,
    note: row.note,
    returnReason: row.return_reason,
    submittedByName: row.submitted_by_name,
    decidedByName: row.decided_by_name ?? null,
    issuerName: row.issuer_name,
    content: row.content as CertificateContent,
    registered: row.registered_at !== null && row.registered_at !== undefined,
  };
}
