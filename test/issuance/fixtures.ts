// Test data of the surety side: a surety company with its three kinds of staff, an orderer with
// Hita City's policy, a contractor, and applications already submitted through e-Net保証.
import { randomBytes, randomInt } from 'node:crypto';
import type { DbOrTrx } from '../../src/db/database.ts';
import type { Application, Organisation } from '../../src/db/schema.ts';
import { HITA_CITY_POLICY, type OrdererPolicy } from '../../src/domain/index.ts';
import { createOrganisation, createUser } from '../support/factories.ts';

const BASE36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A surety company with an issuer code of two characters, and an examiner, an approver and an admin. */
export async function createSurety(db: DbOrTrx, name = `テスト建設業保証株式会社${randomBytes(2).toString('hex')}`) {
  for (let attempt = 0; ; attempt++) {
    const code = `${BASE36[randomInt(10, 36)]}${BASE36[randomInt(36)]}`;
    const taken = await db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirst();
    if (taken && attempt < 50) continue;
    const organisation = await createOrganisation(db, 'surety', { code, name });
    const examiner = await createUser(db, organisation, 'surety_examiner');
    const approver = await createUser(db, organisation, 'surety_approver');
    const admin = await createUser(db, organisation, 'surety_admin');
    return { organisation, examiner, approver, admin };
  }
}

export type Surety = Awaited<ReturnType<typeof createSurety>>;

/** An orderer organisation with Hita City's e-guarantee policy under its own code. */
export async function createOrderer(db: DbOrTrx, overrides: Partial<OrdererPolicy> = {}) {
  const code = String(randomInt(100000, 999999));
  const name = overrides.ordererName ?? `日田市${code.slice(0, 2)}`;
  const organisation = await createOrganisation(db, 'orderer', { code, name });
  const policy: OrdererPolicy = { ...HITA_CITY_POLICY, ...overrides, ordererCode: code, ordererName: name };
  await db.insertInto('orderer_policies').values({ orderer_id: organisation.id, policy: JSON.stringify(policy) }).execute();
  return { organisation, policy };
}

export async function createContractor(db: DbOrTrx) {
  const organisation = await db
    .insertInto('organisations')
    .values({
      kind: 'contractor',
      code: `C-${randomBytes(4).toString('hex')}`,
      name: `株式会社日田建設${randomBytes(2).toString('hex')}`,
      corporate_number: null,
      address: '大分県日田市三本松1丁目1番1号',
      representative: '代表取締役 日田 太郎',
      phone: null,
      email: 'info@hita-kensetsu.example',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const user = await createUser(db, organisation, 'contractor_admin', { email: `hanako-${randomBytes(3).toString('hex')}@hita-kensetsu.example` });
  return { organisation, user };
}

/** A 前払金保証 application in status 'submitted', every contract field filled, 電子交付. */
export async function createSubmittedApplication(
  db: DbOrTrx,
  parties: { surety: Organisation; contractor: Organisation; applicantUserId: string; orderer: Organisation },
  overrides: Partial<Omit<Application, 'id' | 'details'>> = {},
): Promise<Application> {
  return db
    .insertInto('applications')
    .values({
      contractor_id: parties.contractor.id,
      surety_id: parties.surety.id,
      orderer_id: parties.orderer.id,
      applicant_user_id: parties.applicantUserId,
      status: 'submitted',
      guarantee_type: 'advance_payment',
      category: 'works',
      initial_contract_date: '2026-10-15',
      work_name: '市道田島線道路改良工事',
      work_site: '大分県日田市田島二丁目地内',
      contract_price: 30_800_000,
      contract_date: '2026-10-15',
      period_start: '2026-10-16',
      period_end: '2027-03-19',
      guaranteed_amount: 12_300_000,
      previous_advance_amount: null,
      guarantee_period_start: '2026-10-16',
      guarantee_period_end: '2027-03-19',
      low_bid: false,
      delivery: 'electronic',
      contact_notes: '前払金の請求予定日は10月20日です。',
      clauses_confirmed: true,
      submitted_at: new Date('2026-11-20T09:00:00+09:00'),
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Everything one test needs: a surety, an orderer, a contractor and a submitted application. */
export async function createScene(db: DbOrTrx, overrides: Partial<Omit<Application, 'id' | 'details'>> = {}) {
  const surety = await createSurety(db);
  const orderer = await createOrderer(db);
  const contractor = await createContractor(db);
  const application = await createSubmittedApplication(
    db,
    { surety: surety.organisation, contractor: contractor.organisation, applicantUserId: contractor.user.id, orderer: orderer.organisation },
    overrides,
  );
  return { surety, orderer, contractor, application };
}
