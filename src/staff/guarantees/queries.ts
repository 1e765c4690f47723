// Guarantees concluded by this surety company (scoped by surety_id).
import type { DbOrTrx } from '../../db/database.ts';
import type { FeeBreakdown } from '../../domain/index.ts';
import { signedCertificateOf } from '../../issuance/certificate-content.ts';
import type { SignedCertificate } from '../../signing/index.ts';

export const GUARANTEE_LIST_LIMIT = 200;

export async function listGuarantees(db: DbOrTrx, suretyId: string) {
  return db
    .selectFrom('guarantees')
    .innerJoin('organisations as contractor', 'contractor.id', 'guarantees.contractor_id')
    .innerJoin('organisations as orderer', 'orderer.id', 'guarantees.orderer_id')
    .innerJoin('certificates', (join) => join.onRef('certificates.guarantee_id', '=', 'guarantees.id').onRef('certificates.version', '=', 'guarantees.current_version'))
    .select([
      'guarantees.id',
      'guarantees.guarantee_contract_number',
      'guarantees.guarantee_type',
      'guarantees.delivery',
      'guarantees.status',
      'guarantees.concluded_at',
      'contractor.name as contractor_name',
      'orderer.name as orderer_name',
      'certificates.content',
    ])
    .where('guarantees.surety_id', '=', suretyId)
    .orderBy('guarantees.concluded_at', 'desc')
    .orderBy('guarantees.serial', 'desc')
    .limit(GUARANTEE_LIST_LIMIT)
    .execute();
}

export interface GuaranteeDetail {
  id: string;
  applicationId: string;
  number: string;
  delivery: 'electronic' | 'paper';
  status: 'active' | 'cancelled';
  concludedAt: Date;
  concludedBy: string;
  proposedBy: string | null;
  hasAuthenticationKey: boolean;
  certificates: { id: string; version: number; signed: SignedCertificate; medium: string; depositedAt: Date | null; customerCopy: boolean }[];
  feeStatements: { kind: string; breakdown: FeeBreakdown; createdAt: Date }[];
}

export async function findGuaranteeForSurety(db: DbOrTrx, suretyId: string, guaranteeId: string): Promise<GuaranteeDetail | null> {
  const g = await db
    .selectFrom('guarantees')
    .innerJoin('users as concluder', 'concluder.id', 'guarantees.concluded_by_user_id')
    .leftJoin('users as proposer', 'proposer.id', 'guarantees.proposed_by_user_id')
    .select([
      'guarantees.id',
      'guarantees.application_id',
      'guarantees.guarantee_contract_number',
      'guarantees.delivery',
      'guarantees.status',
      'guarantees.concluded_at',
      'guarantees.authentication_key_hmac',
      'concluder.display_name as concluded_by',
      'proposer.display_name as proposed_by',
    ])
    .where('guarantees.id', '=', guaranteeId)
    .where('guarantees.surety_id', '=', suretyId)
    .executeTakeFirst();
  if (!g) return null;
  const certificates = await db
    .selectFrom('certificates')
    .leftJoin('customer_copies', 'customer_copies.certificate_id', 'certificates.id')
    .select(['certificates.id', 'certificates.version', 'certificates.content', 'certificates.content_hash', 'certificates.key_id', 'certificates.signature', 'certificates.signed_at', 'certificates.medium', 'certificates.deposited_at', 'customer_copies.id as copy_id'])
    .where('certificates.guarantee_id', '=', g.id)
    .orderBy('certificates.version', 'desc')
    .execute();
  const fees = await db.selectFrom('fee_statements').select(['kind', 'breakdown', 'created_at']).where('guarantee_id', '=', g.id).orderBy('created_at').execute();
  return {
    id: g.id,
    applicationId: g.application_id,
    number: g.guarantee_contract_number,
    delivery: g.delivery,
    status: g.status,
    concludedAt: new Date(g.concluded_at),
    concludedBy: g.concluded_by,
    proposedBy: g.proposed_by,
    hasAuthenticationKey: g.authentication_key_hmac !== null,
    certificates: certificates.map((c) => ({
      id: c.id,
      version: c.version,
      signed: signedCertificateOf(c),
      medium: c.medium,
      depositedAt: c.deposited_at ? new Date(c.deposited_at) : null,
      customerCopy: c.copy_id !== null,
    })),
    feeStatements: fees.map((f) => ({ kind: f.kind, breakdown: f.breakdown as FeeBreakdown, createdAt: new Date(f.created_at) })),
  };
}
