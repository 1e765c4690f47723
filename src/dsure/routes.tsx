// D-Sure: the orderer's verification service (/dsure).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { ROLES_BY_PORTAL } from '../auth/policies.ts';
import { actorOf, requirePortal } from '../web/guards.ts';
import { Layout } from '../web/layout.tsx';
import { sendPage } from '../web/render.tsx';
import { viewContext } from '../web/request-context.ts';

export const DSURE_NAV = [{ href: '/dsure', label: 'ホーム' }];

export function registerDsureRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/dsure', { preHandler: requirePortal('dsure', ROLES_BY_PORTAL.dsure) }, async (request, reply) => {
    const actor = actorOf(request);
    return sendPage(
      reply,
      <Layout view={viewContext(ctx, request, reply, 'dsure', DSURE_NAV)} title="ホーム">
        <h1>D-Sure 発注者用保証確認サービス</h1>
        <p class="lead">{actor.organisationName}　{actor.displayName} さん</p>
        <p>受注者から提出された保証契約番号と認証キーで、電子証書を閲覧できます。</p>
      </Layout>,
    );
  });
}
