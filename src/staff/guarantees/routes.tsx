// /staff/guarantees: the guarantees this surety concluded, and one guarantee with its
// certificate versions (signature checked against the surety's published keys) and fee statement.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { certificateStatus, certificateStatusLabel, todayInJapan, type CertificateContent } from '../../domain/index.ts';
import { issuerPublicJwks } from '../../issuance/signing-keys.ts';
import { verifyCertificate } from '../../signing/index.ts';
import { actorOf, requirePortal } from '../../web/guards.ts';
import { notFound } from '../../web/errors.ts';
import { Layout } from '../../web/layout.tsx';
import { sendPage } from '../../web/render.tsx';
import { FeeTable } from '../applications/views.tsx';
import { deliveryLabel, formatDateTime, idParam, Notice, STAFF_ROLES, staffView, typeLabel, wareki, yen } from '../common.tsx';
import { findGuaranteeForSurety, GUARANTEE_LIST_LIMIT, listGuarantees } from './queries.ts';

/** 有効 / 解約 / 期間満了 — computed from the current version and today, never stored. */
function statusLabel(status: 'active' | 'cancelled', content: CertificateContent, now: Date): string {
  return certificateStatusLabel(
    certificateStatus({ latestVersion: content.version, cancelled: status === 'cancelled' || content.cancelled, guaranteePeriodEnd: content.guaranteePeriodEnd, lastOpenedVersion: null, today: todayInJapan(now) }),
  );
}

export function registerStaffGuaranteeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const guard = { preHandler: requirePortal('staff', STAFF_ROLES) };

  app.get('/staff/guarantees', guard, async (request, reply) => {
    const actor = actorOf(request);
    const rows = await listGuarantees(ctx.db, actor.organisationId);
    return sendPage(
      reply,
      <Layout view={staffView(ctx, request, reply)} title="保証契約一覧" wide>
        <h1>保証契約一覧</h1>
        <p class="lead">締結した保証契約です（新しい順{rows.length >= GUARANTEE_LIST_LIMIT ? `、先頭の${GUARANTEE_LIST_LIMIT}件` : ''}）。</p>
        {rows.length === 0 ? (
          <p>締結した保証契約はまだありません。</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">保証契約番号</th>
                <th scope="col">締結日時</th>
                <th scope="col">保証の種類</th>
                <th scope="col">受注者</th>
                <th scope="col">発注者</th>
                <th scope="col">工事名</th>
                <th scope="col" class="number">保証金額</th>
                <th scope="col">交付</th>
                <th scope="col">状態</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const content = r.content as CertificateContent;
                return (
                  <tr>
                    <td>
                      <a href={`/staff/guarantees/${r.id}`}>{r.guarantee_contract_number}</a>
                    </td>
                    <td>{formatDateTime(r.concluded_at)}</td>
                    <td>{typeLabel(r.guarantee_type)}</td>
                    <td>{r.contractor_name}</td>
                    <td>{r.orderer_name}</td>
                    <td>{content.work.name}</td>
                    <td class="number">{yen(content.guaranteedAmount)}</td>
                    <td>{deliveryLabel(r.delivery)}</td>
                    <td>{statusLabel(r.status, content, ctx.now())}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Layout>,
    );
  });

  app.get('/staff/guarantees/:id', guard, async (request, reply) => {
    const id = idParam(request);
    const actor = actorOf(request);
    const g = await findGuaranteeForSurety(ctx.db, actor.organisationId, id);
    if (!g) throw notFound();
    const jwks = await issuerPublicJwks(ctx.db, actor.organisationId);
    const latest = g.certificates[0];
    const content = latest?.signed.content;
    const notice = (request.query as Record<string, unknown>).notice === 'concluded'
      ? g.delivery === 'electronic'
        ? '保証契約を締結しました。電子証書を発行して D-Sure に登録し、受注者へ「電子証書・認証キー登録のお知らせ」メールを送信します。'
        : '保証契約を締結しました（保証証書は書面で発行します）。受注者へ締結のお知らせメールを送信します。'
      : undefined;
    return sendPage(
      reply,
      <Layout view={staffView(ctx, request, reply)} title={`保証契約 ${g.number}`} wide>
        <p>
          <a href="/staff/guarantees">← 保証契約一覧へ戻る</a>
        </p>
        <h1>保証契約 {g.number}</h1>
        <Notice message={notice} />
        <table class="kv">
          <tbody>
            <tr><th scope="row">保証契約番号</th><td><strong>{g.number}</strong></td></tr>
            <tr><th scope="row">状態</th><td>{content ? statusLabel(g.status, content, ctx.now()) : g.status === 'cancelled' ? '解約' : '有効'}</td></tr>
            <tr><th scope="row">保証の種類</th><td>{typeLabel(content?.guaranteeType)}</td></tr>
            <tr><th scope="row">保証契約者（受注者）</th><td>{content?.contractor.name}</td></tr>
            <tr><th scope="row">被保証者（発注者）</th><td>{content ? `${content.orderer.name}${content.orderer.section ? `（${content.orderer.section}）` : ''}` : '—'}</td></tr>
            <tr><th scope="row">工事名</th><td>{content?.work.name}</td></tr>
            <tr><th scope="row">保証金額</th><td>{yen(content?.guaranteedAmount)}</td></tr>
            <tr><th scope="row">保証期間</th><td>{wareki(content?.guaranteePeriodStart)} から {wareki(content?.guaranteePeriodEnd)} まで</td></tr>
            <tr><th scope="row">保証証書の交付</th><td>{deliveryLabel(g.delivery)}{g.delivery === 'paper' ? '（電子証書は D-Sure に登録していません）' : ''}</td></tr>
            <tr><th scope="row">認証キー</th><td>{g.hasAuthenticationKey ? '発行済み（受注者が e-Net保証で表示します。この画面には表示しません）' : '発行していません（書面交付）'}</td></tr>
            <tr><th scope="row">締結</th><td>{formatDateTime(g.concludedAt)}　{g.concludedBy}{g.proposedBy ? `（起案: ${g.proposedBy}）` : ''}</td></tr>
            <tr><th scope="row">申込</th><td><a href={`/staff/applications/${g.applicationId}`}>申込内容と審査の履歴</a></td></tr>
          </tbody>
        </table>

        <h2>電子証書の版</h2>
        {g.certificates.map((c) => {
          const verification = verifyCertificate(c.signed, jwks);
          return (
            <table class="kv">
              <caption class="visually-hidden">第{c.version}版</caption>
              <tbody>
                <tr><th scope="row">版</th><td>第{c.version}版（発行日 {wareki(c.signed.content.issueDate)}）</td></tr>
                <tr>
                  <th scope="row">署名の検証</th>
                  <td>{verification.valid ? <span class="status status--ok">有効</span> : <span class="status status--bad">無効: {verification.reason}</span>}</td>
                </tr>
                <tr><th scope="row">署名鍵ID</th><td><code>{c.signed.signature.keyId}</code></td></tr>
                <tr><th scope="row">内容ハッシュ（SHA-256）</th><td><code>{c.signed.signature.contentHash}</code></td></tr>
                <tr><th scope="row">署名日時</th><td>{formatDateTime(c.signed.signature.signedAt)}</td></tr>
                <tr><th scope="row">D-Sure</th><td>{c.depositedAt ? `登録済み（${formatDateTime(c.depositedAt)}）` : c.medium === 'paper' ? '対象外（書面）' : '未登録'}</td></tr>
                <tr><th scope="row">お客様控え</th><td>{c.customerCopy ? 'あり（受注者が e-Net保証で取得します）' : 'なし'}</td></tr>
              </tbody>
            </table>
          );
        })}

        <h2>保証料計算書</h2>
        {g.feeStatements.map((f) => (
          <FeeTable fee={f.breakdown} />
        ))}
      </Layout>,
    );
  });
}
