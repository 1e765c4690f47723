// e-Net保証: the contractor's portal (/enet).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { ROLES_BY_PORTAL } from '../auth/policies.ts';
import { actorOf, requirePortal } from '../web/guards.ts';
import { Layout } from '../web/layout.tsx';
import { sendPage } from '../web/render.tsx';
import { viewContext } from '../web/request-context.ts';

export const ENET_NAV = [{ href: '/enet', label: 'ホーム' }];

export function registerEnetRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/enet', { preHandler: requirePortal('enet', ROLES_BY_PORTAL.enet) }, async (request, reply) => {
    const actor = actorOf(request);
    return sendPage(
      reply,
      <Layout view={viewContext(ctx, request, reply, 'enet', ENET_NAV)} title="ホーム">
        <h1>e-Net保証 ホーム</h1>
        <p class="lead">{actor.organisationName} 様、ようこそ。</p>
        <p>保証の申込み、電子証書の確認、認証キーの取得はこちらから行えます。</p>
      </Layout>,
    );
  });
}
