// Per request: who is signed in (from the session cookie), the CSRF token for
// forms, and the CSRF check on every state-changing request.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { loadSession, type Actor } from '../auth/sessions.ts';
import { csrfToken, isValidCsrfToken } from '../security/csrf.ts';
import { csrfRejected } from './errors.ts';
import type { ViewContext } from './layout.tsx';
import type { Portal } from './portals.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    /** false for token-authenticated API routes, which carry no cookies */
    csrf?: boolean;
    /** true for pages reachable without login (login, registration, help); every other portal route must be guarded */
    public?: boolean;
  }
}

export const SESSION_COOKIE = 'sid';
const ANONYMOUS_COOKIE = 'aid';

export function cookieOptions(ctx: AppContext) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.baseUrl.startsWith('https://') };
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerRequestContext(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token || token.length > 100) return;
    const actor = await loadSession(ctx.db, token, ctx.now());
    if (actor) {
      request.actor = actor;
      request.sessionToken = token;
    }
  });

  app.addHook('preHandler', async (request) => {
    if (!STATE_CHANGING.has(request.method) || request.routeOptions.config?.csrf === false) return;
    const body = request.body as Record<string, unknown> | undefined;
    const given = (body && typeof body === 'object' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
    const basis = request.sessionToken ?? request.cookies[ANONYMOUS_COOKIE] ?? null;
    if (!isValidCsrfToken(ctx.secrets.key('cookie'), basis, given)) throw csrfRejected();
  });
}

/** The token to put in a form on this page; sets the anonymous cookie for a visitor without session. */
export function csrfTokenFor(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): string {
  let basis = request.sessionToken ?? request.cookies[ANONYMOUS_COOKIE] ?? null;
  if (!basis) {
    basis = randomBytes(24).toString('base64url');
    reply.setCookie(ANONYMOUS_COOKIE, basis, cookieOptions(ctx));
  }
  return csrfToken(ctx.secrets.key('cookie'), basis);
}

export function viewContext(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  portal: Portal | null,
  nav?: ViewContext['nav'],
): ViewContext {
  const actor = request.actor;
  return {
    portal,
    csrfToken: csrfTokenFor(ctx, request, reply),
    user: actor ? { displayName: actor.displayName, organisationName: actor.organisationName } : null,
    ...(nav ? { nav } : {}),
  };
}
