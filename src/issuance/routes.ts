// GET /.well-known/jwks.json: the public signing keys of every surety company (active and
// retired), so that anyone can verify a certificate's signature, also years later.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { unsafeAllPublicJwks } from './signing-keys.ts';

export function registerIssuanceRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/.well-known/jwks.json', { config: { public: true } }, async (_request, reply) => {
    const jwks = await unsafeAllPublicJwks(ctx.db);
    return reply
      .header('Cache-Control', 'public, max-age=300')
      .header('Access-Control-Allow-Origin', '*')
      .type('application/jwk-set+json; charset=utf-8')
      .send(JSON.stringify(jwks));
  });
}
