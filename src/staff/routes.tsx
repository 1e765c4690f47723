// The surety company's back office (/staff): the home page and every back-office module.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { ROLE_LABELS } from '../auth/policies.ts';
import { requirePortal, actorOf } from '../web/guards.ts';
import { Layout } from '../web/layout.tsx';
import { sendPage } from '../web/render.tsx';
import { registerStaffApplicationRoutes } from './applications/routes.tsx';
import { ADMIN_ROLES, STAFF_NAV, STAFF_ROLES, staffView } from './common.tsx';
import { registerStaffGuaranteeRoutes } from './guarantees/routes.tsx';
import { registerStaffOrdererRoutes } from './orderers/routes.tsx';
import { registerStaffSettingsRoutes } from './settings/routes.tsx';
import { registerStaffUserRoutes } from './users/routes.tsx';

export { STAFF_NAV };

export function registerStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/staff', { preHandler: requirePortal('staff', STAFF_ROLES) }, async (request, reply) => {
    const actor = actorOf(request);
    const counts = await ctx.db
      .selectFrom('applications')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('surety_id', '=', actor.organisationId)
      .where('status', 'in', ['submitted', 'under_review'])
      .groupBy('status')
      .execute();
    const count = (status: string) => Number(counts.find((c) => c.status === status)?.n ?? 0);
    const admin = ADMIN_ROLES.includes(actor.role);
    return sendPage(
      reply,
      <Layout view={staffView(ctx, request, reply)} title="ホーム">
        <h1>保証会社 業務システム</h1>
        <p class="lead">
          {actor.organisationName}　{actor.displayName} さん（{ROLE_LABELS[actor.role]}）
        </p>
        <ul class="portal-list">
          <li class="portal-card">
            <h2>
              <a href="/staff/applications">審査一覧</a>
            </h2>
            <p>
              申込済 {count('submitted')}件・審査中 {count('under_review')}件
            </p>
            <p>保証申込の審査、差戻し・謝絶、保証契約の締結を行います。</p>
          </li>
          <li class="portal-card">
            <h2>
              <a href="/staff/guarantees">保証契約一覧</a>
            </h2>
            <p>締結した保証契約と電子証書、保証料計算書を確認します。</p>
          </li>
          <li class="portal-card">
            <h2>
              <a href="/staff/orderers">発注者の設定</a>
            </h2>
            <p>発注者（自治体など）の電子保証の設定（対象日・保証の種類・提出方法・割合）を管理します。</p>
          </li>
          {(admin || actor.role === 'surety_approver') && (
            <li class="portal-card">
              <h2>
                <a href="/staff/registrations">利用者登録の承認</a>
              </h2>
              <p>e-Net保証の利用者登録（受注者）の申請を確認し、承認します。</p>
            </li>
          )}
          {admin && (
            <li class="portal-card">
              <h2>
                <a href="/staff/users">利用者管理</a>
              </h2>
              <p>審査担当・決裁者・管理者の追加と利用停止を行います。</p>
            </li>
          )}
          {admin && (
            <li class="portal-card">
              <h2>
                <a href="/staff/settings">署名鍵・設定</a>
              </h2>
              <p>締結の二者確認と、電子証書の署名鍵（更新）を管理します。</p>
            </li>
          )}
        </ul>
      </Layout>,
    );
  });

  registerStaffApplicationRoutes(app, ctx);
  registerStaffGuaranteeRoutes(app, ctx);
  registerStaffOrdererRoutes(app, ctx);
  registerStaffUserRoutes(app, ctx);
  registerStaffSettingsRoutes(app, ctx);
}
