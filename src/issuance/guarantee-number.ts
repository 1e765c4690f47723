// 保証契約番号: issuer code + Japanese fiscal year + serial + check digits (domain
// identifiers). The serial comes from a PostgreSQL sequence per surety and fiscal year
// (created on first use). A sequence never blocks: concurrent conclusions do not wait for
// each other's commit, so issuance scales with the database. Serials are unique and
// increasing; a conclusion that rolls back after taking one leaves a gap in the series
// (as every sequence does), which is harmless for a guarantee number.
import { sql } from 'kysely';
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

const CREATE_LOCK = 727_004; // only while a new sequence is created

function sequenceName(suretyId: string, fiscalYear: number): string {
  const id = suretyId.replaceAll('-', '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(id) || !Number.isInteger(fiscalYear)) throw new Error(`invalid serial sequence key: ${suretyId} ${fiscalYear}`);
  return `guarantee_serial_${id}_${fiscalYear}`;
}

/** The sequence of the surety's serials for the fiscal year of `now` (Japan time), for nextSerialExpression. */
export function serialSequenceOf(suretyId: string, now: Date): string {
  return sequenceName(suretyId, fiscalYearOf(todayInJapan(now)));
}

/**
 * The next serial of a sequence (serialSequenceOf) as an SQL expression, for a use case that
 * draws it within a statement of its own (the conclusion's winning update): null while the
 * year's sequence does not exist yet (nextval is strict). Hand the result to
 * allocateGuaranteeContractNumber.
 */
export function nextSerialExpression(serialSequence: string) {
  return sql<number | string | null>`nextval(to_regclass(${serialSequence}))`;
}

/**
 * Allocates the next 保証契約番号 of the surety for the fiscal year of `now` (Japan time).
 * `drawn`: the value of nextSerialExpression when the caller has drawn it already.
 */
export async function allocateGuaranteeContractNumber(
  trx: DbOrTrx,
  surety: { id: string; issuerCode: string },
  now: Date,
  drawn?: number | string | null,
): Promise<AllocatedNumber> {
  const fiscalYear = fiscalYearOf(todayInJapan(now));
  const name = sequenceName(surety.id, fiscalYear);
  // One statement in the usual case (nextval is strict: null while the sequence does not exist yet).
  let serial = drawn !== undefined ? drawn : (await sql<{ serial: number | null }>`select nextval(to_regclass(${name})) as serial`.execute(trx)).rows[0]?.serial;
  if (serial === null || serial === undefined) {
    await sql`select pg_advisory_xact_lock(${CREATE_LOCK})`.execute(trx);
    await sql`create sequence if not exists ${sql.id(name)} minvalue 1 maxvalue 999999 no cycle`.execute(trx);
    serial = (await sql<{ serial: number }>`select nextval(to_regclass(${name})) as serial`.execute(trx)).rows[0]!.serial;
  }
  serial = Number(serial);
  return { guaranteeContractNumber: generateGuaranteeContractNumber(surety.issuerCode, fiscalYear, serial), fiscalYear, serial };
}
