// お客様ID (login ID) and organisation codes given by the system: short, unambiguous, unique.
import { randomInt } from 'node:crypto';
import type { DbOrTrx } from '../../db/database.ts';

/** e + 8 digits (login IDs are compared in lower case). */
export async function newLoginId(trx: DbOrTrx): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = `e${String(randomInt(10_000_000, 100_000_000))}`;
    const taken = await trx.selectFrom('users').select('id').where('login_id', '=', candidate).executeTakeFirst();
    if (!taken) return candidate;
  }
  throw new Error('could not find a free login ID');
}

/** C- + 8 digits: the contractor's organisation code. */
export async function newContractorCode(trx: DbOrTrx): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = `C-${String(randomInt(10_000_000, 100_000_000))}`;
    const taken = await trx.selectFrom('organisations').select('id').where('code', '=', candidate).executeTakeFirst();
    if (!taken) return candidate;
  }
  throw new Error('could not find a free organisation code');
}
