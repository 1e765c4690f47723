// Demo data for an empty database: 日田市 (orderer) with its e-guarantee policy,
// 西日本建設業保証 (surety), 株式会社日田建設 (contractor) and one user per portal.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { hashPassword } from '../auth/passwords.ts';
import type { Db } from '../db/database.ts';
import { HITA_CITY_POLICY, type OrdererPolicy } from '../domain/policy.ts';

export const DEMO_LOGINS = {
  contractor: 'demo-contractor',
  staff: 'demo-staff',
  orderer: 'demo-orderer',
  orderer2: 'demo-orderer-2',
} as const;

/**
 * A fictional second orderer that takes the key electronically (電子提出), with different
 * receiving sections per guarantee type, so the demo shows the path beyond paper too.
 */
export const DEMO_CITY_POLICY: OrdererPolicy = {
  ...HITA_CITY_POLICY,
  ordererCode: '999991',
  ordererName: 'デモ市',
  categories: {
    works: { ...HITA_CITY_POLICY.categories.works!, contractClauses: '「デモ市公共工事請負契約約款」（令和6年4月1日以降）', electronicFrom: '2024-04-01' },
    consulting: { ...HITA_CITY_POLICY.categories.consulting!, contractClauses: '「デモ市建設コンサルタント業務等委託契約約款」（令和6年4月1日以降）', electronicFrom: '2024-04-01' },
  },
  submissionChannels: ['electronic', 'email'],
  receivingSections: { contract_performance: '契約管財課', advance_payment: '建設課', intermediate_advance_payment: '建設課' },
  contactSection: '契約管財課',
  notes: ['デモ用の架空の発注者です。認証キーは、e-Net保証の電子証書の画面から「電子提出」できます（メールも可）。'],
};

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('organisations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

const SEED_LOCK = 727_002;

/**
 * Seeds the demo organisations and users in one transaction, only into an empty
 * database (checked under an advisory lock, so instances starting together seed once).
 * Returns the password used, or null when the database was not empty.
 */
export async function seedDemoData(db: Db, password: string | null): Promise<string | null> {
  const demoPassword = password ?? `demo-${randomBytes(9).toString('base64url')}1`;
  const passwordHash = await hashPassword(demoPassword);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx);
    const existing = await trx.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
    if (existing) return null;
    const orderer = await trx
      .insertInto('organisations')
      .values({ kind: 'orderer', code: HITA_CITY_POLICY.ordererCode, name: '日田市', address: '大分県日田市田島2丁目6番1号', phone: '0973-23-3111', corporate_number: null, representative: '日田市長', email: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const surety = await trx
      .insertInto('organisations')
      .values({ kind: 'surety', code: 'WJ', name: '西日本建設業保証株式会社', address: '大阪府大阪市西区立売堀2丁目1番2号', phone: null, corporate_number: null, representative: null, email: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const contractor = await trx
      .insertInto('organisations')
      .values({ kind: 'contractor', code: 'C-DEMO-0001', name: '株式会社日田建設', address: '大分県日田市三本松1丁目1番1号', phone: '0973-00-0000', corporate_number: null, representative: '代表取締役 日田 太郎', email: 'info@hita-kensetsu.example' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('orderer_policies').values({ orderer_id: orderer.id, policy: JSON.stringify(HITA_CITY_POLICY) }).execute();
    const demoCity = await trx
      .insertInto('organisations')
      .values({ kind: 'orderer', code: DEMO_CITY_POLICY.ordererCode, name: DEMO_CITY_POLICY.ordererName, address: null, phone: null, corporate_number: null, representative: null, email: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('orderer_policies').values({ orderer_id: demoCity.id, policy: JSON.stringify(DEMO_CITY_POLICY) }).execute();
    await trx
      .insertInto('users')
      .values([
        { organisation_id: contractor.id, login_id: DEMO_LOGINS.contractor, display_name: '日田 花子', email: 'hanako@hita-kensetsu.example', role: 'contractor_admin', password_hash: passwordHash },
        { organisation_id: surety.id, login_id: DEMO_LOGINS.staff, display_name: '保証 一郎', email: 'staff@wjcs.example', role: 'surety_admin', password_hash: passwordHash },
        { organisation_id: orderer.id, login_id: DEMO_LOGINS.orderer, display_name: '契約 検査', email: 'keiyaku@city.hita.example', role: 'orderer_admin', password_hash: passwordHash },
        { organisation_id: demoCity.id, login_id: DEMO_LOGINS.orderer2, display_name: '建設 太郎', email: 'kensetsu@city.demo.example', role: 'orderer_admin', password_hash: passwordHash },
      ])
      .execute();
    return demoPassword;
  });
}
