// Issuance: concluded guarantees per second on PostgreSQL — the whole conclusion
// transaction (number, signed certificate, 認証キー, fee statement, customer copy,
// D-Sure deposit, audit events, the notice mail in the outbox), with several
// concurrent workers as several staff (or instances) would.
import { startAuditSealer } from '../src/audit/audit-log.ts';
import { benchContext, cpuTimes, freshDatabase, percentile, round, walBytesSince, walPosition } from './lib.ts';
import { conclude, createApplications, createBenchScene } from './scene.ts';

export async function benchIssuance(options: { count?: number; concurrency?: number } = {}) {
  const count = options.count ?? 2000;
  const concurrency = options.concurrency ?? 8;
  const ctx = await benchContext(await freshDatabase('bench_issuance'), concurrency + 2);
  try {
    const scene = await createBenchScene(ctx);
    // A running service is warm: 200 conclusions first, so that the timed ones meet compiled code and prepared statements.
    const warmup = await createApplications(ctx, scene, 200);
    for (const id of warmup) await conclude(ctx, scene, id);
    const ids = await createApplications(ctx, scene, count);
    // The audit sealer runs beside the conclusions, as it does in every instance of the service.
    const sealer = startAuditSealer(ctx.db);
    const latencies: number[] = [];
    let next = 0;
    const cpuBefore = cpuTimes();
    const walBefore = await walPosition();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < ids.length) {
          const id = ids[next++]!;
          const t0 = performance.now();
          await conclude(ctx, scene, id);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = cpuTimes();
    await sealer.stop(); // the sealing of these conclusions' audit events is part of their cost
    const walBytes = await walBytesSince(walBefore);
    const outbox = await ctx.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return {
      concluded: count,
      concurrency,
      seconds: round(seconds),
      perSecond: round(count / seconds, 1),
      latencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
      mailsQueued: Number(outbox.n),
      walBytesPerConclusion: round(walBytes / count, 0),
      cpuMsPerConclusion: { service: round((cpuAfter.self - cpuBefore.self) / count, 3), postgres: round((cpuAfter.postgres - cpuBefore.postgres) / count, 3) },
      target: '≥ 200 per second',
    };
  } finally {
    await ctx.db.destroy();
  }
}

/**
 * Rounds of 8 and of 16 workers, alternating, each on a fresh database: this machine's speed
 * moves from minute to minute, so the result is every round and the median of each.
 */
export async function benchIssuanceRounds(rounds = 3) {
  const byWorkers: Record<'workers8' | 'workers16', Awaited<ReturnType<typeof benchIssuance>>[]> = { workers8: [], workers16: [] };
  for (let round = 0; round < rounds; round++) {
    byWorkers.workers8.push(await benchIssuance({ concurrency: 8 }));
    byWorkers.workers16.push(await benchIssuance({ concurrency: 16 }));
  }
  const summary = (runs: Awaited<ReturnType<typeof benchIssuance>>[]) => ({
    perSecondMedian: percentile(runs.map((r) => r.perSecond), 50),
    perSecond: runs.map((r) => r.perSecond),
    runs,
  });
  return { rounds, target: '≥ 200 per second', workers8: summary(byWorkers.workers8), workers16: summary(byWorkers.workers16) };
}
