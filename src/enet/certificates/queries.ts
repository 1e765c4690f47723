// 電子証書の確認: the contractor's guarantee contracts and their certificate versions. Every
// query is scoped by contractor_id (the actor's organisation): another company's guarantee is
// simply not found.
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import type { CertificateContent, FeeBreakdown, GuaranteeType } from '../../domain/index.ts';
import { signedCertificateOf } from '../../issuance/certificate-content.ts';
import type { SignedCertificate } from '../../signing/index.ts';

/** The list's status filter: the domain's certificate statuses a contractor can see (有効, 期間満了, 解約). */
export type ListStatus = 'valid' | 'expired' | 'cancelled';

export interface CertificateListFilter {
  guaranteeType?: GuaranteeType;
  ordererId?: string;
  status?: ListStatus;
}

export const CERTIFICATE_LIST_PAGE_SIZE = 50;

export interface CertificateListItem {
  guaranteeContractNumber: string;
  guaranteeType: GuaranteeType;
  delivery: 'electronic' | 'paper';
  guaranteeStatus: 'active' | 'cancelled';
  concludedAt: Date;
  ordererName: string;
  content: CertificateContent; // the current version
}

// The base of the list: the contractor's guarantees with their current certificate version.
// The status conditions select exactly the rows whose domain certificateStatus (without an
// orderer's last opening) is the one asked for: 解約 first, then 期間満了 when today is after
// the end of the guarantee period, otherwise 有効. ISO dates compare as text.
function scopedList(db: DbOrTrx, contractorId: string, filter: CertificateListFilter, today: string) {
  const cancelled = sql<boolean>`(g.status = 'cancelled' or c.content->>'cancelled' = 'true')`;
  const periodEnd = sql<string>`c.content->>'guaranteePeriodEnd'`;
  return db
    .selectFrom('guarantees as g')
    .innerJoin('certificates as c', (join) => join.onRef('c.guarantee_id', '=', 'g.id').onRef('c.version', '=', 'g.current_version'))
    .innerJoin('organisations as o', 'o.id', 'g.orderer_id')
    .where('g.contractor_id', '=', contractorId)
    .$if(filter.guaranteeType !== undefined, (q) => q.where('g.guarantee_type', '=', filter.guaranteeType as string))
    .$if(filter.ordererId !== undefined, (q) => q.where('g.orderer_id', '=', filter.ordererId as string))
    .$if(filter.status === 'cancelled', (q) => q.where(cancelled))
    .$if(filter.status === 'expired', (q) => q.where(sql<boolean>`not ${cancelled}`).where(periodEnd, '<', today))
    .$if(filter.status === 'valid', (q) => q.where(sql<boolean>`not ${cancelled}`).where(periodEnd, '>=', today));
}

/** One page of the contractor's guarantee contracts, newest first, and how many match in all. */
export async function listContractorCertificates(
  db: DbOrTrx,
  contractorId: string,
  filter: CertificateListFilter,
  today: string,
  page: number,
): Promise<{ items: CertificateListItem[]; total: number }> {
  const counted = await scopedList(db, contractorId, filter, today)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await scopedList(db, contractorId, filter, today)
    .select(['g.guarantee_contract_number', 'g.guarantee_type', 'g.delivery', 'g.status', 'g.concluded_at', 'o.name as orderer_name', 'c.content'])
    .orderBy('g.concluded_at', 'desc')
    .orderBy('g.serial', 'desc')
    .limit(CERTIFICATE_LIST_PAGE_SIZE)
    .offset((page - 1) * CERTIFICATE_LIST_PAGE_SIZE)
    .execute();
  return {
    total: Number(counted.n),
    items: rows.map((row) => ({
      guaranteeContractNumber: row.guarantee_contract_number,
      guaranteeType: row.guarantee_type as GuaranteeType,
      delivery: row.delivery,
      guaranteeStatus: row.status,
      concludedAt: new Date(row.concluded_at),
      ordererName: row.orderer_name,
      content: row.content as CertificateContent,
    })),
  };
}

/** The orderers of the contractor's guarantees (for the filter), by name. */
export async function contractorOrderers(db: DbOrTrx, contractorId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('guarantees as g')
    .innerJoin('organisations as o', 'o.id', 'g.orderer_id')
    .select(['o.id', 'o.name'])
    .distinct()
    .where('g.contractor_id', '=', contractorId)
    .orderBy('o.name')
    .execute();
}

export interface CertificateVersionView {
  certificateId: string;
  version: number;
  signed: SignedCertificate;
  medium: 'electronic' | 'paper';
  hasCustomerCopy: boolean;
}

export interface FeeStatementView {
  id: string;
  kind: string; // initial, additional, refund
  breakdown: FeeBreakdown;
  createdAt: Date;
  certificateVersion: number | null;
}

export interface ContractorGuarantee {
  id: string;
  guaranteeContractNumber: string;
  guaranteeType: GuaranteeType;
  delivery: 'electronic' | 'paper';
  status: 'active' | 'cancelled';
  currentVersion: number;
  suretyId: string;
  ordererId: string;
  concludedAt: Date;
  /** Newest first. */
  versions: CertificateVersionView[];
  feeStatements: FeeStatementView[];
}

/** The contractor's guarantee with this 保証契約番号 (canonical), or null (also when it is another company's). */
export async function findContractorGuarantee(db: DbOrTrx, contractorId: string, guaranteeContractNumber: string): Promise<ContractorGuarantee | null> {
  const g = await db
    .selectFrom('guarantees')
    .select(['id', 'guarantee_contract_number', 'guarantee_type', 'delivery', 'status', 'current_version', 'surety_id', 'orderer_id', 'concluded_at'])
    .where('contractor_id', '=', contractorId)
    .where('guarantee_contract_number', '=', guaranteeContractNumber)
    .executeTakeFirst();
  if (!g) return null;
  const versions = await db
    .selectFrom('certificates as c')
    .leftJoin('customer_copies as cc', 'cc.certificate_id', 'c.id')
    .select(['c.id', 'c.version', 'c.content', 'c.content_hash', 'c.key_id', 'c.signature', 'c.signed_at', 'c.medium', 'cc.id as copy_id'])
    .where('c.guarantee_id', '=', g.id)
    .orderBy('c.version', 'desc')
    .execute();
  const fees = await db
    .selectFrom('fee_statements as f')
    .leftJoin('certificates as c', 'c.id', 'f.certificate_id')
    .select(['f.id', 'f.kind', 'f.breakdown', 'f.created_at', 'c.version'])
    .where('f.guarantee_id', '=', g.id)
    .orderBy('f.created_at')
    .orderBy('f.id')
    .execute();
  return {
    id: g.id,
    guaranteeContractNumber: g.guarantee_contract_number,
    guaranteeType: g.guarantee_type as GuaranteeType,
    delivery: g.delivery,
    status: g.status,
    currentVersion: g.current_version,
    suretyId: g.surety_id,
    ordererId: g.orderer_id,
    concludedAt: new Date(g.concluded_at),
    versions: versions.map((v) => ({
      certificateId: v.id,
      version: v.version,
      signed: signedCertificateOf(v),
      medium: v.medium,
      hasCustomerCopy: v.copy_id !== null,
    })),
    feeStatements: fees.map((f) => ({
      id: f.id,
      kind: f.kind,
      breakdown: f.breakdown as FeeBreakdown,
      createdAt: new Date(f.created_at),
      certificateVersion: f.version ?? null,
    })),
  };
}

/** The sealed 認証キー of the contractor's electronic guarantee (null for paper or another company's). */
export async function findSealedAuthenticationKey(db: DbOrTrx, contractorId: string, guaranteeId: string): Promise<string | null> {
  const row = await db
    .selectFrom('guarantees')
    .select('authentication_key_sealed')
    .where('id', '=', guaranteeId)
    .where('contractor_id', '=', contractorId)
    .where('delivery', '=', 'electronic')
    .executeTakeFirst();
  return row?.authentication_key_sealed ?? null;
}
