// The API's guard: `Authorization: Bearer <token>` → the orderer the token belongs to. No
// cookies, no CSRF (routes set config.csrf = false). Requests with a wrong token are counted
// per client address and locked for a while at the limit (tokens are not guessable, but
// nothing that answers "wrong" answers forever).
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { lockedUntil, recordFailure, type ThrottleRule } from '../security/throttle.ts';
import { AppError, tooManyRequests } from '../web/errors.ts';
import { authenticateApiToken, type ApiPrincipal } from './tokens/api-tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    apiPrincipal: ApiPrincipal | null;
  }
}

export const API_TOKEN_ADDRESS_RULE: ThrottleRule = { maxFailures: 20, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

export const UNAUTHORIZED_MESSAGE = 'APIトークンが正しくないか、無効になっています。D-Sure の「API連携」で発行したトークンを Authorization: Bearer ヘッダーで送信してください。';

function unauthorized(reply: FastifyReply): AppError {
  reply.header('WWW-Authenticate', 'Bearer realm="denshi-hosho", error="invalid_token"');
  return new AppError(401, 'unauthorized', UNAUTHORIZED_MESSAGE);
}

export function decorateApiPrincipal(app: import('fastify').FastifyInstance): void {
  if (!app.hasRequestDecorator('apiPrincipal')) app.decorateRequest('apiPrincipal', null);
}

export function requireApiToken(ctx: AppContext): preHandlerAsyncHookHandler {
  return async function apiTokenGuard(request: FastifyRequest, reply: FastifyReply) {
    const now = ctx.now();
    const throttleKey = `api-token-ip:${request.ip}`;
    if (await lockedUntil(ctx.db, throttleKey, now)) throw tooManyRequests();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([^\s]{1,200})$/i.exec(header.trim()) : null;
    const principal = match?.[1] ? await authenticateApiToken(ctx.db, match[1], now) : null;
    if (!principal) {
      if (header) await recordFailure(ctx.db, throttleKey, API_TOKEN_ADDRESS_RULE, now);
      throw unauthorized(reply);
    }
    request.apiPrincipal = principal;
  };
}

/** The principal of a route behind requireApiToken. */
export function principalOf(request: FastifyRequest): ApiPrincipal {
  if (!request.apiPrincipal) throw new AppError(401, 'unauthorized', UNAUTHORIZED_MESSAGE);
  return request.apiPrincipal;
}
