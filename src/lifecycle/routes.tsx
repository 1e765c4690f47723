// The lifecycle's routes. Contractor (e-Net保証): /enet/certificates/:number/change — the form
// (変更 or 解約) → the confirmation → submit (an application of kind 'change' in the surety's
// queue). Surety (/staff): the change request's examination screen (shown by the work queue's
// detail route for applications of kind 'change') and POST …/conclude-change.
// Guards in one order: requirePortal → the parameters and the form → one transaction.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { ROLES_BY_PORTAL } from '../auth/policies.ts';
import { APPLICATION_STATUS_LABELS } from '../domain/application-status.ts';
import { certificateStatus, certificateStatusLabel, formatWareki, paidFee, parseGuaranteeContractNumber, todayInJapan } from '../domain/index.ts';
import { DsureIntakeError } from '../dsure/intake.ts';
import { assertLookupAllowed, recordLookupMiss } from '../enet/certificates/lookup-throttle.ts';
import { enetView } from '../enet/shared/view.ts';
import { APPROVER_ROLES } from '../issuance/four-eyes.ts';
import { loadOrdererPolicy } from '../issuance/orderer-policy.ts';
import { suretySettings, suretyTariff } from '../issuance/tariff.ts';
import type { ApplicationDetail } from '../staff/applications/queries.ts';
import { findApplicationForSurety } from '../staff/applications/queries.ts';
import type { ActionForms } from '../staff/applications/views.tsx';
import { idParam, STAFF_ROLES, staffActor, staffView } from '../staff/common.tsx';
import { formValues, parseForm, type FormErrors, type FormValues } from '../web/forms.tsx';
import { actorOf, requirePortal } from '../web/guards.ts';
import { notFound } from '../web/errors.ts';
import { sendPage } from '../web/render.tsx';
import { checkChange, formErrorsOf } from './check-change.ts';
import { concludeChange, type ConcludeChangeResult } from './conclude-change.ts';
import { examineChange } from './examine-change.ts';
import { changeTypeOf, initialValues, orderedErrors, parseChangeForm, valuesOf, type ChangeType } from './forms.ts';
import { findChangeTarget, type ChangeTarget } from './queries.ts';
import { requestCertificateChange } from './request-change.ts';
import { ChangeApplicationPage } from './staff-page.tsx';
import { ChangeConfirmPage, ChangeFormPage, type ChangeScreenTarget } from './views.tsx';

const concludeSchema = z.object({ revision: z.coerce.number({ error: '画面を開き直してください。' }).int().min(1) });

const STAFF_NOTICES: Record<string, string> = {
  change_concluded: '締結しました。新しい版の電子証書を発行し、受注者へお知らせのメールを送信します。電子交付の保証契約は D-Sure に登録し、登録済みの発注者へもお知らせします。',
};

function refusalOf(target: ChangeTarget, now: Date): string | null {
  const c = target.current.content;
  if (target.status === 'cancelled' || c.cancelled) return 'この保証契約は解約されているため、変更・解約の申込みはできません。';
  if (c.guaranteePeriodEnd < todayInJapan(now)) return `保証期間（${formatWareki(c.guaranteePeriodEnd)}まで）が満了しているため、変更・解約の申込みはできません。`;
  return null;
}

function screenTarget(target: ChangeTarget, now: Date): ChangeScreenTarget {
  const c = target.current.content;
  const status = certificateStatus({
    latestVersion: c.version,
    cancelled: target.status === 'cancelled' || c.cancelled,
    guaranteePeriodEnd: c.guaranteePeriodEnd,
    lastOpenedVersion: null,
    today: todayInJapan(now),
  });
  return { number: target.guaranteeContractNumber, current: c, statusLabel: certificateStatusLabel(status) };
}

/** The surety's screen of a change request; the work queue's detail route shows it for applications of kind 'change'. */
export async function renderChangeApplication(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  detail: ApplicationDetail,
  extra: { status?: number; forms?: ActionForms; notice?: string; alert?: { message: string; items?: string[] } } = {},
) {
  const actor = actorOf(request);
  const examination = await examineChange(ctx.db, actor.organisationId, detail.application, ctx.now());
  const settings = await suretySettings(ctx.db, actor.organisationId);
  const noticeKey = String((request.query as Record<string, unknown> | undefined)?.notice ?? '');
  return sendPage(
    reply,
    <ChangeApplicationPage
      view={staffView(ctx, request, reply)}
      detail={detail}
      examination={examination}
      fourEyes={settings.fourEyes}
      actorUserId={actor.userId}
      canApprove={APPROVER_ROLES.includes(actor.role)}
      forms={extra.forms}
      notice={extra.notice ?? STAFF_NOTICES[noticeKey]}
      alert={extra.alert}
    />,
    extra.status ?? 200,
  );
}

export function registerLifecycleRoutes(app: FastifyInstance, ctx: AppContext): void {
  const enetGuard = { preHandler: requirePortal('enet', ROLES_BY_PORTAL.enet) };
  const staffGuard = { preHandler: requirePortal('staff', STAFF_ROLES) };

  /** Another company's or an unknown 保証契約番号: a throttled miss (404), like the certificate screen. */
  const missed = async (request: FastifyRequest): Promise<never> => {
    await recordLookupMiss(ctx.db, actorOf(request).userId, ctx.now());
    throw notFound();
  };

  /** The caller's own guarantee of the URL's 保証契約番号, or 404. */
  const ownTarget = async (request: FastifyRequest): Promise<ChangeTarget> => {
    const actor = actorOf(request);
    await assertLookupAllowed(ctx.db, actor.userId, ctx.now());
    const raw = (request.params as { guaranteeContractNumber?: unknown }).guaranteeContractNumber;
    const number = typeof raw === 'string' && raw.length <= 60 ? parseGuaranteeContractNumber(raw)?.canonical : null;
    if (!number) return missed(request);
    const target = await findChangeTarget(ctx.db, { contractorId: actor.organisationId }, { number });
    if (!target) return missed(request);
    return target;
  };

  const renderForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    target: ChangeTarget,
    input: { type: ChangeType; values: FormValues; errors?: FormErrors; status?: number },
  ) => {
    const now = ctx.now();
    const refusal = refusalOf(target, now);
    const pending = refusal || !target.openChange ? null : { applicationId: target.openChange.id, status: target.openChange.status as keyof typeof APPLICATION_STATUS_LABELS };
    const errors = input.errors && Object.keys(input.errors).length > 0 ? orderedErrors(input.type, input.errors) : undefined;
    return sendPage(
      reply,
      <ChangeFormPage view={enetView(ctx, request, reply)} target={screenTarget(target, now)} type={input.type} values={input.values} errors={errors} refusal={refusal} pending={pending} />,
      input.status ?? (refusal || pending ? 409 : 200),
    );
  };

  app.get('/enet/certificates/:guaranteeContractNumber/change', enetGuard, async (request, reply) => {
    const target = await ownTarget(request);
    const type = changeTypeOf((request.query as Record<string, unknown>).type);
    return renderForm(request, reply, target, { type, values: initialValues(type, target.current.content) });
  });

  // The form → the confirmation (or back to the form with the values, to correct them).
  app.post('/enet/certificates/:guaranteeContractNumber/change', enetGuard, async (request, reply) => {
    const target = await ownTarget(request);
    const values = formValues(request.body);
    const type = changeTypeOf(values.type);
    const now = ctx.now();
    if (refusalOf(target, now) || target.openChange) return renderForm(request, reply, target, { type, values });
    if (values.intent === 'edit') return renderForm(request, reply, target, { type, values, status: 200 });
    const parsed = parseChangeForm(type, values);
    if (!parsed.ok) return renderForm(request, reply, target, { type, values, errors: parsed.errors, status: 400 });
    const check = checkChange({
      current: target.current.content,
      currentHash: target.current.contentHash,
      request: parsed.request,
      policy: await loadOrdererPolicy(ctx.db, target.ordererId),
      tariff: await suretyTariff(ctx.db, target.suretyId),
      previousAdvanceAmount: target.previousAdvanceAmount,
      paid: paidFee(target.feeStatements),
      today: todayInJapan(now),
    });
    if (check.errors.length > 0 || !check.amended || !check.kind) {
      return renderForm(request, reply, target, { type, values, errors: check.errors.length > 0 ? formErrorsOf(check.errors) : { _form: '入力内容を確認できません。' }, status: 400 });
    }
    return sendPage(
      reply,
      <ChangeConfirmPage
        view={enetView(ctx, request, reply)}
        target={screenTarget(target, now)}
        request={parsed.request}
        kind={check.kind}
        amended={check.amended}
        fee={check.fee}
        feeProblem={check.feeProblem}
        values={valuesOf(parsed.request)}
      />,
    );
  });

  app.post('/enet/certificates/:guaranteeContractNumber/change/submit', enetGuard, async (request, reply) => {
    const target = await ownTarget(request);
    const values = formValues(request.body);
    const type = changeTypeOf(values.type);
    const parsed = parseChangeForm(type, values);
    if (!parsed.ok) return renderForm(request, reply, target, { type, values, errors: parsed.errors, status: 400 });
    const actor = actorOf(request);
    const result = await ctx.db
      .transaction()
      .execute((trx) =>
        requestCertificateChange(
          trx,
          { userId: actor.userId, organisationId: actor.organisationId, organisationName: actor.organisationName, ip: request.ip },
          { guaranteeContractNumber: target.guaranteeContractNumber, request: parsed.request },
          { baseUrl: ctx.config.baseUrl },
          ctx.now(),
        ),
      );
    if (result.ok) return reply.redirect(`/enet/applications/${result.applicationId}?done=submitted`, 303);
    switch (result.reason) {
      case 'not_found':
        return missed(request);
      case 'cancelled':
      case 'pending': {
        const fresh = (await findChangeTarget(ctx.db, { contractorId: actor.organisationId }, { guaranteeId: target.guaranteeId })) ?? target;
        return renderForm(request, reply, fresh, { type, values, status: 409 });
      }
      case 'invalid':
        return renderForm(request, reply, target, { type, values, errors: result.errors, status: 400 });
    }
  });

  // 変更・解約の締結 (the surety): only for applications of kind 'change'.
  app.post('/staff/applications/:id/conclude-change', staffGuard, async (request, reply) => {
    const id = idParam(request);
    const actor = actorOf(request);
    const detail = await findApplicationForSurety(ctx.db, actor.organisationId, id);
    if (!detail || detail.application.kind !== 'change') throw notFound();
    const form = parseForm(concludeSchema, request.body);
    if (!form.ok) {
      return renderChangeApplication(ctx, request, reply, detail, { status: 400, alert: { message: '送信内容を確認できませんでした。画面を開き直してから、もう一度操作してください。' } });
    }
    let result: ConcludeChangeResult;
    try {
      result = await ctx.db
        .transaction()
        .execute((trx) => concludeChange(trx, { secrets: ctx.secrets, baseUrl: ctx.config.baseUrl }, staffActor(request), { applicationId: id, revision: form.data.revision }, ctx.now()));
    } catch (error) {
      if (error instanceof DsureIntakeError) {
        request.log.error({ err: error }, 'D-Sure refused the new certificate version');
        return renderChangeApplication(ctx, request, reply, detail, {
          status: 502,
          alert: { message: `D-Sure（発注者用保証確認サービス）に新しい版を登録できなかったため、変更の締結を取り消しました。時間をおいて再度お試しください。（${error.message}）` },
        });
      }
      throw error;
    }
    if (result.ok) {
      ctx.metrics.issuances.inc({ kind: 'change' });
      return reply.redirect(`/staff/applications/${id}?notice=change_concluded`, 303);
    }
    const fresh = (await findApplicationForSurety(ctx.db, actor.organisationId, id)) ?? detail;
    const fail = (message: string, items?: string[]) => renderChangeApplication(ctx, request, reply, fresh, { status: 409, alert: { message, items } });
    switch (result.reason) {
      case 'not_found':
        throw notFound();
      case 'already_concluded':
        return fail(`この変更・解約の申込は既に締結されています${result.guaranteeContractNumber ? `（保証契約番号 ${result.guaranteeContractNumber}）` : ''}。新しい版が二重に発行されることはありません。`);
      case 'wrong_status':
        return fail(`この申込は現在「${APPLICATION_STATUS_LABELS[result.status]}」のため、この操作はできません。`);
      case 'stale':
        return fail('申込の状態が更新されています。内容を確認してから、もう一度操作してください。');
      case 'blocked':
        return fail('変更・解約を締結できません。', result.problems);
      case 'four_eyes':
        return fail(result.message);
    }
  });
}
