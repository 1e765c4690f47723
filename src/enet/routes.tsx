// e-Net保証: the contractor's portal (/enet). Each part registers its own routes:
// registration/ (利用者登録, activation), applications/ (保証申込, 申込一覧), users/ (利用者管理), faq/.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { ROLES_BY_PORTAL } from '../auth/policies.ts';
import { APPLICATION_STATUS_LABELS } from '../domain/application-status.ts';
import { actorOf, requirePortal } from '../web/guards.ts';
import { Layout } from '../web/layout.tsx';
import { sendPage } from '../web/render.tsx';
import { listApplications } from './applications/queries.ts';
import { registerApplicationRoutes } from './applications/routes.tsx';
import { registerFaqRoutes } from './faq/routes.tsx';
import { registerRegistrationRoutes } from './registration/routes.tsx';
import { ENET_NAV, enetView } from './shared/view.ts';
import { registerUserRoutes } from './users/routes.tsx';

export { ENET_NAV };

export function registerEnetRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/enet', { preHandler: requirePortal('enet', ROLES_BY_PORTAL.enet) }, async (request, reply) => {
    const actor = actorOf(request);
    const applications = await listApplications(ctx.db, actor.organisationId);
    const returned = applications.filter((a) => a.status === 'returned');
    const drafts = applications.filter((a) => a.status === 'draft');
    const open = applications.filter((a) => a.status === 'submitted' || a.status === 'under_review');
    return sendPage(
      reply,
      <Layout view={enetView(ctx, request, reply)} title="ホーム">
        <h1>e-Net保証 ホーム</h1>
        <p class="lead">{actor.organisationName} 様、ようこそ。</p>
        <p>保証の申込み、電子証書の確認、認証キーの取得はこちらから行えます。</p>
        {returned.length > 0 && (
          <div class="error-summary" role="alert">
            <h2>差戻しの申込が{returned.length}件あります</h2>
            <ul>
              {returned.map((a) => (
                <li>
                  <a href={`/enet/applications/${a.id}`}>{a.workName ?? '（工事名未入力）'}</a>
                </li>
              ))}
            </ul>
          </div>
        )}
        <ul class="portal-list">
          <li class="portal-card">
            <h2>
              <a href="/enet/applications/new">保証申込</a>
            </h2>
            <p>前払金保証・中間前払金保証・契約保証を申し込みます。電子交付（電子証書）を選べるかどうかは、入力の途中でお知らせします。</p>
          </li>
          <li class="portal-card">
            <h2>
              <a href="/enet/applications">申込一覧</a>
            </h2>
            <p>
              {APPLICATION_STATUS_LABELS.draft} {drafts.length}件・{APPLICATION_STATUS_LABELS.submitted}／{APPLICATION_STATUS_LABELS.under_review} {open.length}件・
              {APPLICATION_STATUS_LABELS.returned} {returned.length}件
            </p>
          </li>
          <li class="portal-card">
            <h2>
              <a href="/enet/certificates">電子証書の確認</a>
            </h2>
            <p>保証契約番号から電子証書を確認し、「認証キー等のお知らせ」を取得して発注者へ提出します。</p>
          </li>
          <li class="portal-card">
            <h2>
              <a href="/enet/faq">よくある質問</a>
            </h2>
            <p>電子保証の対象案件や、発注者ごとの認証キーの提出方法をご案内します。</p>
          </li>
          {actor.role === 'contractor_admin' && (
            <li class="portal-card">
              <h2>
                <a href="/enet/users">利用者管理</a>
              </h2>
              <p>貴社でe-Net保証を利用する方を追加・停止します。</p>
            </li>
          )}
        </ul>
      </Layout>,
    );
  });

  registerRegistrationRoutes(app, ctx);
  registerApplicationRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerFaqRoutes(app, ctx);
}
