// The fee tariff of a surety company: its own when one is stored, else the domain's example.
// A stored tariff that the domain finds unusable is reported (and blocks conclusion), never
// silently replaced.
import type { DbOrTrx } from '../db/database.ts';
import { DEFAULT_TARIFF, feeTariffProblems, type FeeTariff } from '../domain/index.ts';

export type SuretyTariff = { ok: true; tariff: FeeTariff } | { ok: false; problems: string[] };

export async function suretyTariff(db: DbOrTrx, suretyId: string): Promise<SuretyTariff> {
  const row = await db.selectFrom('surety_settings').select('fee_tariff').where('surety_id', '=', suretyId).executeTakeFirst();
  return storedTariffOf(row?.fee_tariff);
}

/** A tariff as read from surety_settings.fee_tariff (null or undefined: none stored). */
export function storedTariffOf(stored: unknown): SuretyTariff {
  if (stored === null || stored === undefined) return { ok: true, tariff: DEFAULT_TARIFF };
  try {
    const problems = feeTariffProblems(stored as FeeTariff);
    return problems.length === 0 ? { ok: true, tariff: stored as FeeTariff } : { ok: false, problems };
  } catch {
    return { ok: false, problems: ['登録されている保証料率表の形式が正しくありません。'] };
  }
}

export async function suretySettings(db: DbOrTrx, suretyId: string): Promise<{ fourEyes: boolean }> {
  const row = await db.selectFrom('surety_settings').select('four_eyes').where('surety_id', '=', suretyId).executeTakeFirst();
  return { fourEyes: row?.four_eyes ?? false };
}
