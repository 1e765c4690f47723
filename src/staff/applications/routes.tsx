// /staff/applications: the work queue, the examination screen and its actions
// (審査開始, 差戻し, 謝絶, 締結の起案, 保証契約締結).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { APPLICATION_STATUS_LABELS, type ApplicationStatus } from '../../domain/application-status.ts';
import { GUARANTEE_TYPES, type GuaranteeType } from '../../domain/index.ts';
import { DsureIntakeError } from '../../dsure/intake.ts';
import { concludeGuarantee, type ConcludeResult } from '../../issuance/conclude-guarantee.ts';
import { APPROVER_ROLES } from '../../issuance/four-eyes.ts';
import { examineApplication } from '../../issuance/examination.ts';
import { issuerCodeOf } from '../../issuance/guarantee-number.ts';
import { loadOrdererPolicy } from '../../issuance/orderer-policy.ts';
import { suretySettings, suretyTariff } from '../../issuance/tariff.ts';
import { renderChangeApplication } from '../../lifecycle/routes.tsx';
import { parseForm, text } from '../../web/forms.tsx';
import { actorOf, requirePortal } from '../../web/guards.ts';
import { notFound } from '../../web/errors.ts';
import { sendPage } from '../../web/render.tsx';
import { idParam, STAFF_ROLES, staffActor, staffView } from '../common.tsx';
import { declineApplication } from './decline-application.ts';
import { proposeConclusion } from './propose-conclusion.ts';
import { findApplicationForSurety, listQueue, QUEUE_LIMIT, queueOrderers } from './queries.ts';
import { returnApplication } from './return-application.ts';
import { startReview } from './start-review.ts';
import type { TransitionResult } from './transition.ts';
import { ApplicationPage, QueuePage, type ActionForms } from './views.tsx';

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const queueFilterSchema = z.object({
  status: z.preprocess(blankToUndefined, z.enum(['submitted', 'under_review'], { error: '状態の指定が正しくありません。' }).optional()).transform((v) => (v ?? null) as ApplicationStatus | null),
  orderer: z.preprocess(blankToUndefined, z.uuid({ error: '発注者の指定が正しくありません。' }).optional()).transform((v) => v ?? null),
  type: z
    .preprocess(blankToUndefined, z.enum(GUARANTEE_TYPES as [GuaranteeType, ...GuaranteeType[]], { error: '保証の種類の指定が正しくありません。' }).optional())
    .transform((v) => v ?? null),
});

const returnSchema = z.object({ message: text('差戻しの理由', { max: 2000, multiline: true }) });
const declineSchema = z.object({ reason: text('謝絶の理由', { max: 2000, multiline: true }) });
const proposeSchema = z.object({ note: text('申し送り', { max: 1000, optional: true, multiline: true }) });
const concludeSchema = z.object({ revision: z.coerce.number({ error: '画面を開き直してください。' }).int().min(1) });

const NOTICES: Record<string, string> = {
  review_started: '審査を開始しました（状態: 審査中）。',
  returned: '申込を差戻し、受注者へお知らせしました。',
  declined: '申込を謝絶し、受注者へお知らせしました。',
  proposed: '締結を起案しました。決裁者の締結をお待ちください。',
};

function statusMessage(status: ApplicationStatus): string {
  return `この申込は現在「${APPLICATION_STATUS_LABELS[status]}」のため、この操作はできません。`;
}

export function registerStaffApplicationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const guard = { preHandler: requirePortal('staff', STAFF_ROLES) };

  async function renderDetail(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: { status?: number; forms?: ActionForms; notice?: string; alert?: { message: string; items?: string[] } } = {},
  ) {
    const actor = actorOf(request);
    const detail = await findApplicationForSurety(ctx.db, actor.organisationId, id);
    if (!detail) throw notFound();
    if (detail.application.kind === 'change') return renderChangeApplication(ctx, request, reply, detail, extra); // 変更・解約: src/lifecycle
    const policy = await loadOrdererPolicy(ctx.db, detail.application.orderer_id);
    const tariff = await suretyTariff(ctx.db, actor.organisationId);
    const settings = await suretySettings(ctx.db, actor.organisationId);
    const examination = examineApplication(detail.application, policy, tariff, issuerCodeOf(actor.organisationCode));
    return sendPage(
      reply,
      <ApplicationPage
        view={staffView(ctx, request, reply)}
        detail={detail}
        examination={examination}
        policy={policy}
        fourEyes={settings.fourEyes}
        actorUserId={actor.userId}
        canApprove={APPROVER_ROLES.includes(actor.role)}
        exampleTariff={tariff.ok && tariff.tariff.example}
        forms={extra.forms}
        notice={extra.notice}
        alert={extra.alert}
      />,
      extra.status ?? 200,
    );
  }

  function transitionFailure(request: FastifyRequest, reply: FastifyReply, id: string, result: Exclude<TransitionResult, { ok: true }>) {
    if (result.reason === 'not_found') throw notFound();
    return renderDetail(request, reply, id, { status: 409, alert: { message: statusMessage(result.status) } });
  }

  app.get('/staff/applications', guard, async (request, reply) => {
    const actor = actorOf(request);
    const parsed = parseForm(queueFilterSchema, request.query);
    const orderers = await queueOrderers(ctx.db, actor.organisationId);
    const view = staffView(ctx, request, reply);
    if (!parsed.ok) {
      return sendPage(reply, <QueuePage view={view} items={[]} orderers={orderers} values={parsed.values} errors={parsed.errors} limit={QUEUE_LIMIT} />, 400);
    }
    const items = await listQueue(ctx.db, actor.organisationId, { status: parsed.data.status, ordererId: parsed.data.orderer, guaranteeType: parsed.data.type });
    return sendPage(reply, <QueuePage view={view} items={items} orderers={orderers} values={parsed.values} limit={QUEUE_LIMIT} />);
  });

  app.get('/staff/applications/:id', guard, async (request, reply) => {
    const id = idParam(request);
    const notice = NOTICES[String((request.query as Record<string, unknown>).notice ?? '')];
    return renderDetail(request, reply, id, { notice });
  });

  app.post('/staff/applications/:id/start-review', guard, async (request, reply) => {
    const id = idParam(request);
    const actor = staffActor(request);
    const result = await ctx.db.transaction().execute((trx) => startReview(trx, actor, id, ctx.now()));
    if (!result.ok) return transitionFailure(request, reply, id, result);
    return reply.redirect(`/staff/applications/${id}?notice=review_started`, 303);
  });

  app.post('/staff/applications/:id/return', guard, async (request, reply) => {
    const id = idParam(request);
    const form = parseForm(returnSchema, request.body);
    if (!form.ok) return renderDetail(request, reply, id, { status: 400, forms: { return: { values: form.values, errors: form.errors } } });
    const actor = staffActor(request);
    const suretyName = actorOf(request).organisationName;
    const result = await ctx.db
      .transaction()
      .execute((trx) => returnApplication(trx, actor, { applicationId: id, message: form.data.message, suretyName, baseUrl: ctx.config.baseUrl }, ctx.now()));
    if (!result.ok) return transitionFailure(request, reply, id, result);
    return reply.redirect(`/staff/applications/${id}?notice=returned`, 303);
  });

  app.post('/staff/applications/:id/decline', guard, async (request, reply) => {
    const id = idParam(request);
    const form = parseForm(declineSchema, request.body);
    if (!form.ok) return renderDetail(request, reply, id, { status: 400, forms: { decline: { values: form.values, errors: form.errors } } });
    const actor = staffActor(request);
    const suretyName = actorOf(request).organisationName;
    const result = await ctx.db
      .transaction()
      .execute((trx) => declineApplication(trx, actor, { applicationId: id, reason: form.data.reason, suretyName, baseUrl: ctx.config.baseUrl }, ctx.now()));
    if (!result.ok) return transitionFailure(request, reply, id, result);
    return reply.redirect(`/staff/applications/${id}?notice=declined`, 303);
  });

  app.post('/staff/applications/:id/propose', guard, async (request, reply) => {
    const id = idParam(request);
    const form = parseForm(proposeSchema, request.body);
    if (!form.ok) return renderDetail(request, reply, id, { status: 400, forms: { propose: { values: form.values, errors: form.errors } } });
    const actor = staffActor(request);
    const result = await ctx.db.transaction().execute((trx) => proposeConclusion(trx, actor, { applicationId: id, note: form.data.note || null }, ctx.now()));
    if (!result.ok) {
      if (result.reason === 'not_found') throw notFound();
      const message = result.reason === 'already_proposed' ? 'この申込は既に締結が起案されています。' : statusMessage(result.status);
      return renderDetail(request, reply, id, { status: 409, alert: { message } });
    }
    return reply.redirect(`/staff/applications/${id}?notice=proposed`, 303);
  });

  app.post('/staff/applications/:id/conclude', guard, async (request, reply) => {
    const id = idParam(request);
    const form = parseForm(concludeSchema, request.body);
    if (!form.ok) {
      return renderDetail(request, reply, id, { status: 400, alert: { message: '送信内容を確認できませんでした。画面を開き直してから、もう一度操作してください。' } });
    }
    const actor = staffActor(request);
    let result: ConcludeResult;
    try {
      result = await ctx.db
        .transaction()
        .execute((trx) => concludeGuarantee(trx, { secrets: ctx.secrets, baseUrl: ctx.config.baseUrl }, actor, { applicationId: id, revision: form.data.revision }, ctx.now()));
    } catch (error) {
      if (error instanceof DsureIntakeError) {
        request.log.error({ err: error }, 'D-Sure refused the certificate');
        return renderDetail(request, reply, id, {
          status: 502,
          alert: { message: `D-Sure（発注者用保証確認サービス）に電子証書を登録できなかったため、保証契約の締結を取り消しました。時間をおいて再度お試しください。（${error.message}）` },
        });
      }
      throw error;
    }
    if (result.ok) {
      ctx.metrics.issuances.inc({ kind: 'new' });
      return reply.redirect(`/staff/guarantees/${result.guaranteeId}?notice=concluded`, 303);
    }
    switch (result.reason) {
      case 'not_found':
        throw notFound();
      case 'already_concluded':
        return renderDetail(request, reply, id, {
          status: 409,
          alert: { message: `この申込は既に保証契約を締結しています（保証契約番号 ${result.guaranteeContractNumber}）。二重に締結されることはありません。` },
        });
      case 'wrong_status':
        return renderDetail(request, reply, id, { status: 409, alert: { message: statusMessage(result.status) } });
      case 'stale':
        return renderDetail(request, reply, id, { status: 409, alert: { message: '申込の状態が更新されています。内容を確認してから、もう一度操作してください。' } });
      case 'blocked':
        return renderDetail(request, reply, id, { status: 409, alert: { message: '保証契約を締結できません。', items: result.problems } });
      case 'four_eyes':
        return renderDetail(request, reply, id, { status: 409, alert: { message: result.message } });
    }
  });
}
