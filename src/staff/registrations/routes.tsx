// /staff/registrations: the surety's minimal approval screen for contractor registrations.
// (The rest of /staff is the back office's own module; this registers only these routes.)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { ROLES_BY_PORTAL } from '../../auth/policies.ts';
import type { Role } from '../../db/schema.ts';
import { isUuid } from '../../enet/shared/ids.ts';
import { parseForm, text, type FormErrors } from '../../web/forms.tsx';
import { actorOf, requirePortal } from '../../web/guards.ts';
import { notFound } from '../../web/errors.ts';
import { sendPage } from '../../web/render.tsx';
import { staffView } from '../common.tsx';
import { approveRegistration } from './approve-registration.ts';
import { declineRegistration } from './decline-registration.ts';
import { listAdminsAwaitingActivation, listPendingRegistrations } from './queries.ts';
import { resendAdminActivation } from './resend-admin-activation.ts';
import { RegistrationsPage } from './views.tsx';

const DECIDERS: readonly Role[] = ['surety_approver', 'surety_admin'];

const NOTICES: Record<string, string> = {
  approved: '登録を承認し、パスワード設定のご案内メールを送信しました。',
  declined: '登録を承認しないこととし、申請者にお知らせのメールを送信しました。',
  resent: 'パスワード設定のご案内メールを再送しました。以前のURLは使用できなくなりました。',
  stale: 'この申請は既に処理されています。最新の状態を表示しました。',
};

const declineSchema = z.object({ reason: text('承認しない理由', { max: 500 }) });

export function registerStaffRegistrationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const render = async (request: FastifyRequest, reply: FastifyReply, extra: { notice?: string; errors?: FormErrors; status?: number } = {}) => {
    const actor = actorOf(request);
    const [pending, awaiting] = await Promise.all([listPendingRegistrations(ctx.db), listAdminsAwaitingActivation(ctx.db)]);
    return sendPage(
      reply,
      <RegistrationsPage
        view={staffView(ctx, request, reply)}
        pending={pending}
        awaiting={awaiting}
        canDecide={DECIDERS.includes(actor.role)}
        notice={extra.notice}
        errors={extra.errors}
      />,
      extra.status ?? 200,
    );
  };

  app.get('/staff/registrations', { preHandler: requirePortal('staff', ROLES_BY_PORTAL.staff) }, async (request, reply) => {
    const done = (request.query as { done?: string }).done;
    return render(request, reply, { notice: done ? NOTICES[done] : undefined });
  });

  app.post('/staff/registrations/:id/approve', { preHandler: requirePortal('staff', DECIDERS) }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw notFound();
    const result = await approveRegistration(ctx.db, actorOf(request), id, { ip: request.ip, now: ctx.now(), baseUrl: ctx.config.baseUrl });
    return reply.redirect(`/staff/registrations?done=${result.ok ? 'approved' : 'stale'}`, 303);
  });

  app.post('/staff/registrations/:id/decline', { preHandler: requirePortal('staff', DECIDERS) }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw notFound();
    const form = parseForm(declineSchema, request.body);
    if (!form.ok) return render(request, reply, { errors: { _form: form.errors.reason ?? '承認しない理由を入力してください。' }, status: 400 });
    const result = await declineRegistration(ctx.db, actorOf(request), id, form.data.reason, { ip: request.ip, now: ctx.now() });
    return reply.redirect(`/staff/registrations?done=${result.ok ? 'declined' : 'stale'}`, 303);
  });

  app.post('/staff/registrations/users/:id/resend', { preHandler: requirePortal('staff', DECIDERS) }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw notFound();
    const sent = await resendAdminActivation(ctx.db, actorOf(request), id, { ip: request.ip, now: ctx.now(), baseUrl: ctx.config.baseUrl });
    if (!sent) throw notFound();
    return reply.redirect('/staff/registrations?done=resent', 303);
  });
}
