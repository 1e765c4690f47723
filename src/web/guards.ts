// Guards, in one order on every route: authenticate (portal) → authorise (role)
// → then the handler validates its input and runs its use case in a transaction.
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { canUsePortal, hasRole } from '../auth/policies.ts';
import type { Actor } from '../auth/sessions.ts';
import type { Role } from '../db/schema.ts';
import { AppError, forbidden } from './errors.ts';
import { PORTALS, portalForKind, type Portal } from './portals.ts';

export function requirePortal(portal: Portal, roles?: readonly Role[]): preHandlerAsyncHookHandler {
  return async function portalGuard(request: FastifyRequest, reply: FastifyReply) {
    const actor = request.actor;
    if (!actor) {
      if (request.method === 'GET') {
        const next = encodeURIComponent(request.url);
        return reply.redirect(`${PORTALS[portal].path}/login?next=${next}`, 303);
      }
      throw new AppError(401, 'unauthenticated', 'ログインの有効期限が切れました。もう一度ログインしてください。');
    }
    if (!canUsePortal(actor, portal)) {
      const own = PORTALS[portalForKind(actor.organisationKind)];
      throw forbidden(`このページは${PORTALS[portal].audience}向けです。${actor.organisationName}の方は「${own.title}」（${own.path}）をご利用ください。`);
    }
    if (roles && !hasRole(actor, roles)) {
      throw forbidden('この操作を行う権限がありません。管理者にお問い合わせください。');
    }
  };
}

/** The actor of a route behind requirePortal. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError(401, 'unauthenticated', 'ログインしてください。');
  return request.actor;
}
