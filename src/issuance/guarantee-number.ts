// 保証契約番号: issuer code + Japanese fiscal year + serial + check digits (domain
// identifiers). The serial comes from one row per surety and fiscal year, incremented in the
// conclusion's own transaction: the row stays locked until commit, so two conclusions never
// get the same serial, and a rolled-back conclusion gives its serial back (no gaps).
import type { DbOrTrx } from '../db/database.ts';
import { fiscalYearOf, generateGuaranteeContractNumber, normalizeTyped, todayInJapan } from '../domain/index.ts';

/** A surety code usable as the issuer code of 保証契約番号 (2 characters 0-9 A-Z), or null. */
export function issuerCodeOf(organisationCode: string): string | null {
  const code = normalizeTyped(organisationCode);
  return /^[0-9A-Z]{2}$/.test(code) ? code : null;
}

export interface AllocatedNumber {
  guaranteeContractNumber: string;
  fiscalYear: number;
  serial: number;
}

/** Allocates the next 保証契約番号 of the surety for the fiscal year of `now` (Japan time). Call inside the conclusion's transaction. */
export async function allocateGuaranteeContractNumber(trx: DbOrTrx, surety: { id: string; issuerCode: string }, now: Date): Promise<AllocatedNumber> {
  const fiscalYear = fiscalYearOf(todayInJapan(now));
  const row = await trx
    .insertInto('guarantee_serials')
    .values({ surety_id: surety.id, fiscal_year: fiscalYear, last_serial: 1 })
    .onConflict((oc) => oc.columns(['surety_id', 'fiscal_year']).doUpdateSet((eb) => ({ last_serial: eb('guarantee_serials.last_serial', '+', 1) })))
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  const serial = Number(row.last_serial);
  return { guaranteeContractNumber: generateGuaranteeContractNumber(surety.issuerCode, fiscalYear, serial), fiscalYear, serial };
}
