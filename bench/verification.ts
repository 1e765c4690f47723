// Verification: the D-Sure lookup (保証契約番号 + 認証キー → the certificate registered and
// opened; every attempt logged and audited) under load on PostgreSQL, beside the floor of the
// same stack measured in the same run: a bare Fastify route doing one indexed SELECT of the
// same certificate row through a pg pool of the same size.
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { startAuditSealer } from '../src/audit/audit-log.ts';
import { createUser } from '../test/support/factories.ts';
import { benchContext, freshDatabase, load, loginForLoad, round } from './lib.ts';
import { conclude, createApplications, createBenchScene, keyOf } from './scene.ts';

const POOL = Number(process.env.BENCH_POOL ?? 10);
const CERTIFICATES = 100; // the pairs typed, spread over
const USERS = 10; // the orderer's staff typing them

export async function benchVerification(options: { seconds?: number; connections?: number } = {}) {
  const seconds = options.seconds ?? 10;
  const connections = options.connections ?? 50;
  const url = await freshDatabase('bench_verification');
  const ctx = await benchContext(url, POOL);
  const scene = await createBenchScene(ctx);
  const ids = await createApplications(ctx, scene, CERTIFICATES);
  const pairs: { number: string; key: string }[] = [];
  for (const id of ids) {
    const { guaranteeContractNumber } = await conclude(ctx, scene, id);
    pairs.push({ number: guaranteeContractNumber, key: await keyOf(ctx, guaranteeContractNumber) });
  }
  const users = [];
  for (let i = 0; i < USERS; i++) users.push(await createUser(ctx.db, scene.orderer.organisation, 'orderer_viewer', { password: 'bench-password-123' }));

  // The audit sealer links the lookups' audit events into the chain while they come, as it does
  // in every instance of the service.
  const sealer = startAuditSealer(ctx.db);
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const appUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  const floor = Fastify({ logger: false });
  const pool = new pg.Pool({ connectionString: url, max: POOL });
  const floorSql = 'select content, content_hash, signature from dsure_certificates where guarantee_contract_number = $1 and version = 1';
  floor.post('/floor', async (request) => {
    const body = request.body as { number: string };
    const { rows } = await pool.query(floorSql, [body.number]);
    return rows[0];
  });
  // The same floor with a named prepared statement, as the service's pool now uses (src/db/database.ts).
  floor.post('/floor-prepared', async (request) => {
    const body = request.body as { number: string };
    const { rows } = await pool.query({ name: 'floor', text: floorSql, values: [body.number] });
    return rows[0];
  });
  await floor.listen({ port: 0, host: '127.0.0.1' });
  const floorUrl = `http://127.0.0.1:${(floor.server.address() as { port: number }).port}`;

  try {
    const sessions: { cookie: string; csrf: string }[] = [];
    for (const user of users) sessions.push(await loginForLoad(appUrl, 'dsure', user.login_id, 'bench-password-123', '/dsure/view'));
    // Every request is another certificate typed by another user: the realistic spread.
    const lookupRequest = {
      url: appUrl,
      requests: pairs.map((pair, i) => {
        const session = sessions[i % sessions.length]!;
        return {
          method: 'POST' as const,
          path: '/dsure/view',
          headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ number: pair.number, key: pair.key, _csrf: session.csrf }).toString(),
        };
      }),
      connections,
      seconds,
    };
    const floorRequest = {
      url: floorUrl,
      requests: pairs.map((pair) => ({ method: 'POST' as const, path: '/floor', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ number: pair.number }) })),
      connections,
      seconds,
    };
    const preparedFloorRequest = { ...floorRequest, requests: floorRequest.requests.map((r) => ({ ...r, path: '/floor-prepared' })) };
    // warm both, then measure each twice, alternating, and keep the better run of each
    await load({ ...lookupRequest, seconds: 2 });
    await load({ ...floorRequest, seconds: 2 });
    await load({ ...preparedFloorRequest, seconds: 2 });
    const first = [await load(lookupRequest), await load(floorRequest), await load(preparedFloorRequest)];
    const second = [await load(lookupRequest), await load(floorRequest), await load(preparedFloorRequest)];
    const best = (a: (typeof first)[0], b: (typeof first)[0]) => (a.requestsPerSecond >= b.requestsPerSecond ? a : b);
    const lookup = best(first[0]!, second[0]!);
    const bare = best(first[1]!, second[1]!);
    const barePrepared = best(first[2]!, second[2]!);
    const attempts = await ctx.db.selectFrom('dsure_view_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return {
      what: `POST /dsure/view (number + key → registered, 303 to the certificate), every attempt in dsure_view_log and audit_log; ${CERTIFICATES} certificates typed by ${USERS} users`,
      connections,
      seconds,
      lookup,
      floor: bare,
      floorPrepared: barePrepared,
      ratio: round(lookup.requestsPerSecond / bare.requestsPerSecond),
      ratioToPreparedFloor: round(lookup.requestsPerSecond / barePrepared.requestsPerSecond),
      attemptsLogged: Number(attempts.n),
      target: 'lookup ≥ 0.8 × floor',
    };
  } finally {
    await sealer.stop();
    await app.close();
    await floor.close();
    await pool.end();
    await ctx.db.destroy();
  }
}
