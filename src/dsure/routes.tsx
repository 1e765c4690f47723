// D-Sure: the orderer's verification service (/dsure). Its own module: certificates arrive only
// through intake.ts; orderers register them with 保証契約番号 + 認証キー and view them here.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { ROLES_BY_PORTAL } from '../auth/policies.ts';
import { actorOf, requirePortal } from '../web/guards.ts';
import { Layout } from '../web/layout.tsx';
import { sendPage } from '../web/render.tsx';
import { viewContext } from '../web/request-context.ts';
import { countHomeCertificates } from './certificates/list-certificates.ts';
import { registerCertificateRoutes } from './certificates/routes.tsx';
import { registerOrdererUserRoutes } from './users/routes.tsx';
import { dsureNav } from './views/nav.ts';
import { registerDsureAssets } from './views/styles.tsx';

/** The menu for a signed-in orderer (利用者管理 is added for administrators by dsureNav). */
export const DSURE_NAV = dsureNav(null);

export function registerDsureRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/dsure', { preHandler: requirePortal('dsure', ROLES_BY_PORTAL.dsure) }, async (request, reply) => {
    const actor = actorOf(request);
    const now = ctx.now();
    const { total, changed, expiringWithin30: expiring } = await countHomeCertificates(ctx.db, actor.organisationId, now);
    return sendPage(
      reply,
      <Layout view={viewContext(ctx, request, reply, 'dsure', dsureNav(actor))} title="ホーム">
        <h1>D-Sure 発注者用保証確認サービス</h1>
        <p class="lead">
          {actor.organisationName}　{actor.displayName} さん
        </p>
        <p>受注者から提出された保証契約番号と認証キーで、電子証書を閲覧できます。</p>
        <div class="actions">
          <a class="button" href="/dsure/view">
            保証契約番号と認証キーを入力する
          </a>
          <a class="button button--secondary" href="/dsure/certificates">
            電子証書一覧（{total}件）
          </a>
        </div>
        <ul>
          <li>
            <a href="/dsure/certificates?status=changed">前回の閲覧後に変更があった電子証書</a>：{changed}件
          </li>
          <li>
            <a href="/dsure/certificates?expiring=30">30日以内に保証期限を迎える電子証書</a>：{expiring}件
          </li>
        </ul>
      </Layout>,
    );
  });

  registerDsureAssets(app);
  registerCertificateRoutes(app, ctx);
  registerOrdererUserRoutes(app, ctx);
}
