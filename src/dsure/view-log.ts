// The D-Sure view log: every key entry (accepted or not) and every opening of a certificate.
// Written in the same transaction as what it records, next to the audit event.
import type { DbOrTrx } from '../db/database.ts';
import type { DsureViewOutcome } from '../db/schema.ts';

export interface ViewLogEntry {
  ordererId: string;
  userId: string;
  ip: string | null;
  guaranteeContractNumber: string | null; // canonical when it parsed, otherwise the typed text (normalised, shortened)
  outcome: DsureViewOutcome;
  version: number | null;
}

export async function recordViewLog(trx: DbOrTrx, entry: ViewLogEntry, at: Date): Promise<void> {
  await trx.insertInto('dsure_view_log').values(viewLogRow(entry, at)).execute();
}

/** The row of a view-log entry, for a use case that writes it within a larger statement (a CTE). */
export function viewLogRow(entry: ViewLogEntry, at: Date) {
  return {
    at,
    orderer_id: entry.ordererId,
    user_id: entry.userId,
    ip: entry.ip,
    guarantee_contract_number: entry.guaranteeContractNumber?.slice(0, 40) ?? null,
    outcome: entry.outcome,
    version: entry.version,
  };
}
