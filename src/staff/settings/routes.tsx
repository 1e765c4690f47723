// /staff/settings (管理者): the four-eyes rule and the signing keys (list, rotation).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { issuerCodeOf } from '../../issuance/guarantee-number.ts';
import { listSigningKeys, rotateSigningKey } from '../../issuance/signing-keys.ts';
import { suretySettings } from '../../issuance/tariff.ts';
import { CsrfField, parseForm } from '../../web/forms.tsx';
import { actorOf, requirePortal } from '../../web/guards.ts';
import { Layout } from '../../web/layout.tsx';
import { sendPage } from '../../web/render.tsx';
import { Alert, ADMIN_ROLES, formatDateTime, Notice, staffActor, staffView } from '../common.tsx';
import { updateFourEyes } from './update-four-eyes.ts';

const fourEyesSchema = z.object({ fourEyes: z.enum(['on', 'off'], { error: '二者確認の設定を選択してください。' }) });

const NOTICES: Record<string, string> = {
  four_eyes_on: '締結の二者確認を有効にしました。',
  four_eyes_off: '締結の二者確認を無効にしました。',
  rotated: '署名鍵を更新しました。以前の鍵は公開鍵一覧に残るため、発行済みの電子証書は引き続き検証できます。',
};

export function registerStaffSettingsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const guard = { preHandler: requirePortal('staff', ADMIN_ROLES) };

  async function page(request: FastifyRequest, reply: FastifyReply, extra: { status?: number; notice?: string; alert?: string } = {}) {
    const actor = actorOf(request);
    const settings = await suretySettings(ctx.db, actor.organisationId);
    const keys = await listSigningKeys(ctx.db, actor.organisationId);
    const view = staffView(ctx, request, reply);
    return sendPage(
      reply,
      <Layout view={view} title="署名鍵・設定" wide>
        <h1>署名鍵・設定</h1>
        <Notice message={extra.notice} />
        <Alert message={extra.alert} />
        <h2>締結の二者確認</h2>
        <p>
          現在: <strong>{settings.fourEyes ? '有効' : '無効'}</strong>（有効にすると、審査担当者が締結を起案し、起案者とは別の決裁者が締結します。）
        </p>
        <form method="post" action="/staff/settings/four-eyes" class="actions">
          <CsrfField token={view.csrfToken} />
          <input type="hidden" name="fourEyes" value={settings.fourEyes ? 'off' : 'on'} />
          <button type="submit" class="button button--secondary">{settings.fourEyes ? '二者確認を無効にする' : '二者確認を有効にする'}</button>
        </form>

        <h2>電子証書の署名鍵（Ed25519）</h2>
        <p>
          保証事業会社コード: <strong>{issuerCodeOf(actor.organisationCode) ?? `${actor.organisationCode}（保証契約番号に使えない形式です）`}</strong>　
          公開鍵一覧: <a href="/.well-known/jwks.json">/.well-known/jwks.json</a>
        </p>
        {keys.length === 0 ? (
          <p>署名鍵はまだありません。最初の保証契約の締結時に自動で作成します。</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">鍵ID</th>
                <th scope="col">状態</th>
                <th scope="col">作成</th>
                <th scope="col">更新（使用終了）</th>
                <th scope="col" class="number">署名した証書</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr>
                  <td><code>{k.keyId}</code></td>
                  <td>{k.status === 'active' ? <span class="status status--ok">使用中</span> : <span class="status status--neutral">使用終了（公開中）</span>}</td>
                  <td>{formatDateTime(k.createdAt)}</td>
                  <td>{k.retiredAt ? formatDateTime(k.retiredAt) : '—'}</td>
                  <td class="number">{k.certificates}件</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form method="post" action="/staff/settings/signing-keys/rotate" class="actions">
          <CsrfField token={view.csrfToken} />
          <button type="submit" class="button button--secondary">{keys.length === 0 ? '署名鍵を作成する' : '署名鍵を更新する（ローテーション）'}</button>
        </form>
        <p class="field__hint">秘密鍵は暗号化して保存しています。更新後も以前の公開鍵は公開を続けるため、発行済みの電子証書の検証には影響しません。</p>
      </Layout>,
      extra.status ?? 200,
    );
  }

  app.get('/staff/settings', guard, async (request, reply) => {
    return page(request, reply, { notice: NOTICES[String((request.query as Record<string, unknown>).notice ?? '')] });
  });

  app.post('/staff/settings/four-eyes', guard, async (request, reply) => {
    const form = parseForm(fourEyesSchema, request.body);
    if (!form.ok) return page(request, reply, { status: 400, alert: form.errors.fourEyes ?? '送信内容を確認できませんでした。' });
    const actor = staffActor(request);
    const on = form.data.fourEyes === 'on';
    await ctx.db.transaction().execute((trx) => updateFourEyes(trx, actor, on, ctx.now()));
    return reply.redirect(`/staff/settings?notice=${on ? 'four_eyes_on' : 'four_eyes_off'}`, 303);
  });

  app.post('/staff/settings/signing-keys/rotate', guard, async (request, reply) => {
    const actor = actorOf(request);
    const issuerCode = issuerCodeOf(actor.organisationCode);
    if (!issuerCode) {
      return page(request, reply, { status: 409, alert: '保証事業会社コードが保証契約番号に使えない形式（英数字2文字以外）のため、署名鍵を作成できません。' });
    }
    const staff = staffActor(request);
    await ctx.db
      .transaction()
      .execute((trx) => rotateSigningKey(trx, ctx.secrets, { id: actor.organisationId, code: issuerCode, name: actor.organisationName }, { userId: staff.userId, organisationId: staff.organisationId, ip: staff.ip }, ctx.now()));
    return reply.redirect('/staff/settings?notice=rotated', 303);
  });
}
