// The application factory: tests run it in-process (inject) and on a real port.
// Order: cookies and bodies → who is signed in → CSRF → routes; errors rendered in one place.
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppContext } from './app-context.ts';
import { registerApiRoutes } from './api/routes.ts';
import { registerAuthRoutes } from './auth/routes.tsx';
import { isDatabaseReachable } from './db/database.ts';
import { registerDsureRoutes } from './dsure/routes.tsx';
import { registerEnetCertificateRoutes } from './enet/certificates/routes.tsx';
import { registerEnetRoutes } from './enet/routes.tsx';
import { registerIssuanceRoutes } from './issuance/routes.ts';
import { registerLifecycleRoutes } from './lifecycle/routes.tsx';
import { loggerOptions } from './ops/log-redaction.ts';
import { registerMetrics } from './ops/metrics.ts';
import { registerSecurityHeaders } from './security/headers.ts';
import { registerStaffRoutes } from './staff/routes.tsx';
import { registerStaffRegistrationRoutes } from './staff/registrations/routes.tsx';
import { registerSubmissionRoutes } from './submission/routes.tsx';
import { registerAssets } from './web/assets.ts';
import { frameworkErrorHandler, registerErrorHandling } from './web/error-handler.tsx';
import { registerFormBodies } from './web/form-body.ts';
import { registerHome } from './web/home.tsx';
import { registerRequestContext } from './web/request-context.ts';

export interface RouteEntry {
  method: string;
  url: string;
  public: boolean; // reachable without login (config: { public: true })
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

/** `logStream`: where the request log goes (standard output by default; tests read it). */
export async function buildApp(ctx: AppContext, options: { logStream?: { write(line: string): void } } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: ctx.config.logLevel === 'silent' ? false : loggerOptions(ctx.config.logLevel, options.logStream),
    trustProxy: process.env.TRUST_PROXY === '1',
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler(),
  });

  // The route table, for the authorization matrix test: every route, its method and its config.
  const routeTable: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, public: route.config?.public === true });
    }
  });
  app.decorate('routeTable', routeTable);

  await app.register(cookie);
  await registerFormBodies(app);
  registerSecurityHeaders(app, { https: ctx.config.baseUrl.startsWith('https://') });
  registerErrorHandling(app, ctx);
  registerRequestContext(app, ctx);

  app.get('/healthz', { config: { public: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true } }, async (_request, reply) => {
    const ok = await isDatabaseReachable(ctx.db);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'database unreachable' });
  });
  registerMetrics(app, ctx.metrics, { token: process.env.METRICS_TOKEN || undefined });
  registerAssets(app);
  registerHome(app, ctx);
  registerAuthRoutes(app, ctx);
  registerEnetRoutes(app, ctx);
  registerEnetCertificateRoutes(app, ctx);
  registerStaffRoutes(app, ctx);
  registerStaffRegistrationRoutes(app, ctx);
  registerIssuanceRoutes(app, ctx);
  registerDsureRoutes(app, ctx);
  registerSubmissionRoutes(app, ctx);
  registerApiRoutes(app, ctx);
  registerLifecycleRoutes(app, ctx);
  return app;
}
