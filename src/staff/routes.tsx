// The surety company's back office (/staff).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { ROLES_BY_PORTAL } from '../auth/policies.ts';
import { actorOf, requirePortal } from '../web/guards.ts';
import { Layout } from '../web/layout.tsx';
import { sendPage } from '../web/render.tsx';
import { viewContext } from '../web/request-context.ts';

export const STAFF_NAV = [{ href: '/staff', label: 'ホーム' }];

export function registerStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/staff', { preHandler: requirePortal('staff', ROLES_BY_PORTAL.staff) }, async (request, reply) => {
    const actor = actorOf(request);
    return sendPage(
      reply,
      <Layout view={viewContext(ctx, request, reply, 'staff', STAFF_NAV)} title="ホーム">
        <h1>保証会社 業務システム</h1>
        <p class="lead">{actor.organisationName}　{actor.displayName} さん</p>
        <p>保証申込の審査、保証契約の締結、電子証書の発行を行います。</p>
      </Layout>,
    );
  });
}
