// The scale generator: loads N certificates into D-Sure's tables (one version each), spread
// over many orderers, and registers `registered` of them with one orderer — the data of a
// region's verification service after years of use. Rows are written in batches with unnest().
// The generated certificates carry realistic content but a placeholder signature: they are
// there to be listed and searched; the ones the benchmark opens are real deposits.
// Run by `npm run bench -- scale` (bench/scale.ts).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../src/db/database.ts';
import { generateGuaranteeContractNumber, type CertificateContent } from '../src/domain/index.ts';

export const BENCH_ISSUER = { code: 'BX', name: 'ベンチマーク建設業保証株式会社' };
const BATCH = 5000;
const TYPES = ['advance_payment', 'intermediate_advance_payment', 'contract_performance'] as const;

export async function generateCertificates(
  db: Db,
  options: { total: number; template: CertificateContent; registeredWith: { ordererId: string; ordererCode: string; userId: string; count: number } },
): Promise<{ seconds: number; vacuumAndCheckpointSeconds: number; rows: number }> {
  const started = performance.now();
  const now = new Date();
  await db
    .insertInto('dsure_issuers')
    .values({ code: BENCH_ISSUER.code, name: BENCH_ISSUER.name, registered_at: now, updated_at: now })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const big = options.registeredWith;
  for (let start = 0; start < options.total; start += BATCH) {
    const numbers: string[] = [];
    const ordererCodes: string[] = [];
    const types: string[] = [];
    const workNames: string[] = [];
    const contractors: string[] = [];
    const amounts: number[] = [];
    const periodEnds: string[] = [];
    const contents: string[] = [];
    const hmacs: string[] = [];
    for (let i = start; i < Math.min(options.total, start + BATCH); i++) {
      const fiscalYear = 2020 + Math.floor(i / 900_000);
      const number = generateGuaranteeContractNumber(BENCH_ISSUER.code, fiscalYear, (i % 900_000) + 1);
      // the first `count` belong to the big orderer; the rest to 1,000 other orderers
      const ordererCode = i < big.count ? big.ordererCode : `B${String(i % 1000).padStart(5, '0')}`;
      const type = TYPES[i % TYPES.length]!;
      const workName = `県道${(i % 97) + 1}号線道路改良工事（第${(i % 13) + 1}工区）その${i}`;
      const contractor = `株式会社ベンチ建設${i % 5000}`;
      const amount = 1_000_000 + (i % 500) * 100_000;
      const periodEnd = `202${6 + (i % 3)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      const content: CertificateContent = {
        ...options.template,
        guaranteeContractNumber: number,
        guaranteeType: type,
        issuer: { ...options.template.issuer, code: BENCH_ISSUER.code, name: BENCH_ISSUER.name },
        orderer: { ...options.template.orderer, code: ordererCode },
        contractor: { ...options.template.contractor, name: contractor },
        work: { ...options.template.work, name: workName },
        guaranteedAmount: amount,
        guaranteePeriodEnd: periodEnd,
      };
      numbers.push(number);
      ordererCodes.push(ordererCode);
      types.push(type);
      workNames.push(workName);
      contractors.push(contractor);
      amounts.push(amount);
      periodEnds.push(periodEnd);
      contents.push(JSON.stringify(content));
      hmacs.push(randomBytes(32).toString('hex'));
    }
    await sql`
      insert into dsure_guarantees (guarantee_contract_number, latest_version, issuer_code, orderer_code, guarantee_type, work_name,
                                    contractor_name, guaranteed_amount, guarantee_period_end, cancelled, updated_at)
      select n, 1, ${BENCH_ISSUER.code}, o, t, w, c, a, e::date, false, ${now}
        from unnest(${numbers}::text[], ${ordererCodes}::text[], ${types}::text[], ${workNames}::text[], ${contractors}::text[],
                    ${amounts}::bigint[], ${periodEnds}::text[]) as x(n, o, t, w, c, a, e)
    `.execute(db);
    await sql`
      insert into dsure_certificates (guarantee_contract_number, version, issuer_code, orderer_code, key_id, content_hash, content,
                                      signature, key_hmac, issue_date, change_kind, deposited_at)
      select n, 1, ${BENCH_ISSUER.code}, o, 'bench-placeholder-key', md5(j), j::jsonb,
             '{"alg":"EdDSA","keyId":"bench-placeholder-key","value":"placeholder"}'::jsonb, h, '2026-04-01'::date, null, ${now}
        from unnest(${numbers}::text[], ${ordererCodes}::text[], ${contents}::text[], ${hmacs}::text[]) as x(n, o, j, h)
    `.execute(db);
    const registered = numbers.filter((_n, k) => start + k < big.count);
    if (registered.length > 0) {
      await sql`
        insert into dsure_registrations (orderer_id, guarantee_contract_number, registered_at, registered_by_user_id, last_opened_version, last_opened_at)
        select ${big.ordererId}::uuid, n, ${now}::timestamptz - (ordinality || ' seconds')::interval, ${big.userId}::uuid, 1, ${now}
          from unnest(${registered}::text[]) with ordinality as x(n, ordinality)
      `.execute(db);
    }
  }
  // As an operator would after a bulk load: VACUUM sets the hint bits and the visibility map of the new rows (this
  // server runs without autovacuum), ANALYZE gives the planner their statistics, and CHECKPOINT writes the loaded pages
  // out now, before the measurements. Two runs without them gave list p99 51–52 ms and a third of the lookup's
  // throughput less; with them, 30 ms (bench/README.md, sixth session).
  const generated = performance.now();
  await sql`vacuum (analyze)`.execute(db);
  await sql`checkpoint`.execute(db);
  const tenths = (ms: number) => Math.round(ms / 100) / 10;
  return { seconds: tenths(generated - started), vacuumAndCheckpointSeconds: tenths(performance.now() - generated), rows: options.total };
}
