// `/`: tells a visitor which portal to use.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { Layout } from './layout.tsx';
import { PORTALS, type Portal } from './portals.ts';
import { sendPage } from './render.tsx';
import { viewContext } from './request-context.ts';

const DESCRIPTIONS: Record<Portal, string> = {
  enet: '保証の申込み、電子証書の確認、認証キー等のお知らせ（PDF）の取得を行います。',
  staff: '保証申込の審査、保証契約の締結、電子証書・認証キーの発行を行います。',
  dsure: '受注者から受け取った保証契約番号と認証キーで、電子証書を閲覧・確認します。',
};

export function registerHome(app: FastifyInstance, ctx: AppContext): void {
  app.get('/', { config: { public: true } }, async (request, reply) =>
    sendPage(
      reply,
      <Layout view={viewContext(ctx, request, reply, null)} title="ご利用の窓口">
        <h1>電子保証 — ご利用の窓口を選んでください</h1>
        <p class="lead">公共工事の前払金保証・中間前払金保証・契約保証を、書面に代わる電子証書でお届けします。</p>
        <ul class="portal-list">
          {(Object.keys(PORTALS) as Portal[]).map((p) => (
            <li class="portal-card">
              <h2>
                <a href={PORTALS[p].path}>{PORTALS[p].title}</a>
              </h2>
              <p class="portal-card__audience">{PORTALS[p].audience}</p>
              <p>{DESCRIPTIONS[p]}</p>
            </li>
          ))}
        </ul>
      </Layout>,
    ),
  );
}
