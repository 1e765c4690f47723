// An application's content in the words of the forms (camelCase), read from its row.
import { isGuaranteeType, type GuaranteeType } from '../../domain/index.ts';
import type { ApplicationRow } from './queries.ts';

export interface ApplicationBasics {
  ordererId: string | null;
  category: string | null;
  initialContractDate: string | null;
  guaranteeType: GuaranteeType | null;
}

export interface ContractDetails {
  workName: string | null;
  workSite: string | null;
  contractPrice: number | null;
  contractDate: string | null;
  workPeriodStart: string | null;
  workPeriodEnd: string | null;
  guaranteedAmount: number | null;
  previousAdvanceAmount: number | null;
  guaranteePeriodStart: string | null;
  guaranteePeriodEnd: string | null;
  lowBid: boolean;
  contactNotes: string | null;
  delivery: 'electronic' | 'paper' | null;
  clausesConfirmed: boolean;
}

export interface ApplicationContent extends ApplicationBasics, ContractDetails {
  suretyId: string;
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export function contentOf(row: ApplicationRow): ApplicationContent {
  return {
    suretyId: row.surety_id,
    ordererId: row.orderer_id,
    category: row.category,
    initialContractDate: row.initial_contract_date,
    guaranteeType: isGuaranteeType(row.guarantee_type) ? row.guarantee_type : null,
    workName: row.work_name,
    workSite: row.work_site,
    contractPrice: num(row.contract_price),
    contractDate: row.contract_date,
    workPeriodStart: row.period_start,
    workPeriodEnd: row.period_end,
    guaranteedAmount: num(row.guaranteed_amount),
    previousAdvanceAmount: num(row.previous_advance_amount),
    guaranteePeriodStart: row.guarantee_period_start,
    guaranteePeriodEnd: row.guarantee_period_end,
    lowBid: row.low_bid,
    contactNotes: row.contact_notes,
    delivery: row.delivery,
    clausesConfirmed: row.clauses_confirmed,
  };
}

/** The columns for the basics (手順1). */
export function basicsColumns(b: ApplicationBasics) {
  return { orderer_id: b.ordererId, category: b.category, initial_contract_date: b.initialContractDate, guarantee_type: b.guaranteeType };
}

/** The columns for the contract details (手順2). */
export function contractColumns(d: ContractDetails) {
  return {
    work_name: d.workName,
    work_site: d.workSite,
    contract_price: d.contractPrice,
    contract_date: d.contractDate,
    period_start: d.workPeriodStart,
    period_end: d.workPeriodEnd,
    guaranteed_amount: d.guaranteedAmount,
    previous_advance_amount: d.previousAdvanceAmount,
    guarantee_period_start: d.guaranteePeriodStart,
    guarantee_period_end: d.guaranteePeriodEnd,
    low_bid: d.lowBid,
    contact_notes: d.contactNotes,
    delivery: d.delivery,
    clauses_confirmed: d.clausesConfirmed,
  };
}

/** What the events keep of the application at a submission (JSON). */
export function snapshotOf(row: ApplicationRow, names: { ordererName: string | null; suretyName: string | null }): string {
  return JSON.stringify({ status: row.status, revision: row.revision, ...contentOf(row), ordererName: names.ordererName, suretyName: names.suretyName });
}
