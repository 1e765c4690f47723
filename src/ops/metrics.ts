// Prometheus metrics at /metrics, for the operator only (a bearer token from
// METRICS_TOKEN, or, without one, requests from this machine). One registry per
// app instance; database-derived gauges (outbox depth, active lockouts) are read at scrape time.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/database.ts';

export interface Metrics {
  registry: Registry;
  issuances: Counter<'kind'>; // guarantees concluded and certificate versions issued
  lookups: Counter<'result'>; // D-Sure number + key lookups: success, refused, locked
}

export function createMetrics(db: Db, now: () => Date): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'denshi_hosho_' });
  const issuances = new Counter({ name: 'denshi_hosho_issuances_total', help: 'Certificates issued (by kind: new, change)', labelNames: ['kind'], registers: [registry] });
  const lookups = new Counter({ name: 'denshi_hosho_lookups_total', help: 'D-Sure certificate lookups by result', labelNames: ['result'], registers: [registry] });
  new Gauge({
    name: 'denshi_hosho_mail_outbox_depth',
    help: 'Messages waiting in the outbox',
    registers: [registry],
    async collect() {
      const row = await db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('sent_at', 'is', null).executeTakeFirstOrThrow();
      this.set(Number(row.n));
    },
  });
  new Gauge({
    name: 'denshi_hosho_active_lockouts',
    help: 'Keys (accounts, addresses, certificates) locked now',
    registers: [registry],
    async collect() {
      const row = await db.selectFrom('throttles').select((eb) => eb.fn.countAll<number>().as('n')).where('locked_until', '>', now()).executeTakeFirstOrThrow();
      this.set(Number(row.n));
    },
  });
  return { registry, issuances, lookups };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function isOperator(request: FastifyRequest, token: string | undefined): boolean {
  if (!token) return LOOPBACK.has(request.ip);
  const given = Buffer.from(String(request.headers.authorization ?? ''));
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function registerMetrics(app: FastifyInstance, metrics: Metrics, options: { token?: string }): void {
  const requests = new Counter({ name: 'denshi_hosho_http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [metrics.registry] });
  const latency = new Histogram({
    name: 'denshi_hosho_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [metrics.registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { config: { public: true } }, async (request, reply) => {
    if (!isOperator(request, options.token)) return reply.code(403).type('text/plain; charset=utf-8').send('forbidden\n');
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
