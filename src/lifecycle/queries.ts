// Reads of the lifecycle, always scoped to the caller's organisation: the contractor's own
// guarantee (contractor_id) or the issuing surety's (surety_id). Another tenant's guarantee is
// simply not found.
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.ts';
import type { CertificateContent, GuaranteeType } from '../domain/index.ts';

export type GuaranteeScope = { contractorId: string } | { suretyId: string };

export interface ChangeTarget {
  guaranteeId: string;
  guaranteeContractNumber: string;
  applicationId: string; // the original application (保証申込)
  suretyId: string;
  contractorId: string;
  ordererId: string;
  guaranteeType: GuaranteeType;
  delivery: 'electronic' | 'paper';
  status: 'active' | 'cancelled';
  currentVersion: number;
  authenticationKeySealed: string | null;
  current: { certificateId: string; content: CertificateContent; contentHash: string }; // the current version, or the one asked for (options.version)
  /** 中間前払金: the advance already guaranteed, from the original application. */
  previousAdvanceAmount: number | null;
  /** Every fee statement issued so far (保証料, 追加保証料, 返還). */
  feeStatements: { kind: string; total: number }[];
  /** A change request of this guarantee that is not finished (下書き, 申込済, 審査中, 差戻し). */
  openChange: { id: string; status: string } | null;
}

const OPEN_STATUSES = ['draft', 'submitted', 'under_review', 'returned'] as const;

/**
 * The guarantee (by 保証契約番号 or id) within the scope, with its current certificate version,
 * or null. `lock` takes the guarantee's row lock (FOR UPDATE) for the rest of the transaction:
 * requests and conclusions of changes to one guarantee then happen one at a time.
 */
export async function findChangeTarget(
  db: DbOrTrx,
  scope: GuaranteeScope,
  by: { number: string } | { guaranteeId: string },
  options: { lock?: boolean; version?: number } = {},
): Promise<ChangeTarget | null> {
  let query = db
    .selectFrom('guarantees')
    .select([
      'id',
      'guarantee_contract_number',
      'application_id',
      'surety_id',
      'contractor_id',
      'orderer_id',
      'guarantee_type',
      'delivery',
      'status',
      'current_version',
      'authentication_key_sealed',
    ]);
  query = 'contractorId' in scope ? query.where('contractor_id', '=', scope.contractorId) : query.where('surety_id', '=', scope.suretyId);
  query = 'number' in by ? query.where('guarantee_contract_number', '=', by.number) : query.where('id', '=', by.guaranteeId);
  const g = await (options.lock ? query.forUpdate() : query).executeTakeFirst();
  if (!g) return null;
  const certificate = await db
    .selectFrom('certificates')
    .select(['id', 'content', 'content_hash'])
    .where('guarantee_id', '=', g.id)
    .where('version', '=', options.version ?? g.current_version)
    .executeTakeFirstOrThrow();
  const original = await db
    .selectFrom('applications')
    .select('previous_advance_amount')
    .where('id', '=', g.application_id)
    .where('contractor_id', '=', g.contractor_id)
    .executeTakeFirst();
  const fees = await db.selectFrom('fee_statements').select(['kind', 'total']).where('guarantee_id', '=', g.id).execute();
  const open = await db
    .selectFrom('applications')
    .select(['id', 'status'])
    .where('contractor_id', '=', g.contractor_id)
    .where('kind', '=', 'change')
    .where('status', 'in', [...OPEN_STATUSES])
    .where(sql<string>`details->'change'->>'guaranteeId'`, '=', g.id)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return {
    guaranteeId: g.id,
    guaranteeContractNumber: g.guarantee_contract_number,
    applicationId: g.application_id,
    suretyId: g.surety_id,
    contractorId: g.contractor_id,
    ordererId: g.orderer_id,
    guaranteeType: g.guarantee_type as GuaranteeType,
    delivery: g.delivery,
    status: g.status,
    currentVersion: g.current_version,
    authenticationKeySealed: g.authentication_key_sealed,
    current: { certificateId: certificate.id, content: certificate.content as CertificateContent, contentHash: certificate.content_hash },
    previousAdvanceAmount: original?.previous_advance_amount === null || original?.previous_advance_amount === undefined ? null : Number(original.previous_advance_amount),
    feeStatements: fees.map((f) => ({ kind: f.kind, total: Number(f.total) })),
    openChange: open ? { id: open.id, status: open.status } : null,
  };
}
