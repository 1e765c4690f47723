// The people and applications the benchmarks work on, made with the tests' factories.
import type { AppContext } from '../src/app-context.ts';
import { concludeGuarantee, type StaffActor } from '../src/issuance/conclude-guarantee.ts';
import { openAuthenticationKey } from '../src/issuance/authentication-keys.ts';
import { createContractor, createOrderer, createSubmittedApplication, createSurety } from '../test/issuance/fixtures.ts';

export async function createBenchScene(ctx: AppContext) {
  const surety = await createSurety(ctx.db);
  const orderer = await createOrderer(ctx.db);
  const contractor = await createContractor(ctx.db);
  const actor: StaffActor = { userId: surety.admin.id, organisationId: surety.organisation.id, role: 'surety_admin', ip: '127.0.0.1' };
  return { surety, orderer, contractor, actor };
}

export type BenchScene = Awaited<ReturnType<typeof createBenchScene>>;

export async function createApplications(ctx: AppContext, scene: BenchScene, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const application = await createSubmittedApplication(
      ctx.db,
      { surety: scene.surety.organisation, contractor: scene.contractor.organisation, applicantUserId: scene.contractor.user.id, orderer: scene.orderer.organisation },
      { work_name: `市道田島線道路改良工事（第${i + 1}工区）` },
    );
    ids.push(application.id);
  }
  return ids;
}

export async function conclude(ctx: AppContext, scene: BenchScene, applicationId: string) {
  const result = await ctx.db.transaction().execute((trx) =>
    concludeGuarantee(trx, { secrets: ctx.secrets, baseUrl: ctx.config.baseUrl }, scene.actor, { applicationId, revision: null }, ctx.now()),
  );
  if (!result.ok) throw new Error(`conclusion failed: ${JSON.stringify(result)}`);
  return result;
}

/** The 認証キー of a concluded guarantee, as the contractor would read it on its screen. */
export async function keyOf(ctx: AppContext, guaranteeContractNumber: string): Promise<string> {
  const row = await ctx.db
    .selectFrom('guarantees')
    .select('authentication_key_sealed')
    .where('guarantee_contract_number', '=', guaranteeContractNumber)
    .executeTakeFirstOrThrow();
  return openAuthenticationKey(ctx.secrets, row.authentication_key_sealed!, guaranteeContractNumber);
}
