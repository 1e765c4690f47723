// 利用者管理 (/enet/users): a contractor administrator manages its own company's users.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { parseForm, text, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { actorOf, requirePortal } from '../../web/guards.ts';
import { AppError, notFound } from '../../web/errors.ts';
import { sendPage } from '../../web/render.tsx';
import { isUuid } from '../shared/ids.ts';
import { emailField } from '../shared/typed.ts';
import { enetView } from '../shared/view.ts';
import { addCompanyUser } from './add-user.ts';
import { disableCompanyUser } from './disable-user.ts';
import { enableCompanyUser } from './enable-user.ts';
import { listCompanyUsers } from './queries.ts';
import { resendActivation } from './resend-activation.ts';
import { UsersPage } from './views.tsx';

const ADMIN = ['contractor_admin'] as const;

const addSchema = z.object({
  displayName: text('氏名', { max: 100 }),
  email: emailField(),
  role: z.enum(['contractor_admin', 'contractor_member'], { error: '権限を選択してください。' }),
});

const NOTICES: Record<string, string> = {
  added: '利用者を追加し、パスワード設定のご案内メールを送信しました。',
  disabled: '利用を停止しました。その方はログインできなくなり、ログイン中の画面も使えなくなりました。',
  enabled: '利用を再開しました。',
  enabled_pending: '利用を再開しました。パスワードが未設定のため、案内メールを再送してください。',
  resent: 'パスワード設定のご案内メールを再送しました。以前のURLは使用できなくなりました。',
};

export function registerUserRoutes(app: FastifyInstance, ctx: AppContext): void {
  const guard = { preHandler: requirePortal('enet', ADMIN) };

  const render = async (request: FastifyRequest, reply: FastifyReply, extra: { values?: FormValues; errors?: FormErrors; notice?: string; status?: number } = {}) => {
    const actor = actorOf(request);
    const users = await listCompanyUsers(ctx.db, actor.organisationId);
    return sendPage(
      reply,
      <UsersPage view={enetView(ctx, request, reply)} users={users} selfId={actor.userId} values={extra.values ?? {}} errors={extra.errors} notice={extra.notice} />,
      extra.status ?? 200,
    );
  };

  const userIdOf = (request: FastifyRequest): string => {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw notFound();
    return id;
  };

  app.get('/enet/users', guard, async (request, reply) => {
    const done = (request.query as { done?: string }).done;
    return render(request, reply, { notice: done ? NOTICES[done] : undefined });
  });

  app.post('/enet/users', guard, async (request, reply) => {
    const form = parseForm(addSchema, request.body);
    if (!form.ok) return render(request, reply, { values: form.values, errors: form.errors, status: 400 });
    await addCompanyUser(ctx.db, actorOf(request), form.data, { ip: request.ip, now: ctx.now(), baseUrl: ctx.config.baseUrl });
    return reply.redirect('/enet/users?done=added', 303);
  });

  app.post('/enet/users/:id/disable', guard, async (request, reply) => {
    const result = await disableCompanyUser(ctx.db, actorOf(request), userIdOf(request), { ip: request.ip, now: ctx.now() });
    if (!result.ok) {
      if (result.reason === 'not_found') throw notFound();
      if (result.reason === 'self') throw new AppError(400, 'self_disable', 'ご自身の利用は停止できません。ほかの管理者に依頼してください。');
    }
    return reply.redirect('/enet/users?done=disabled', 303);
  });

  app.post('/enet/users/:id/enable', guard, async (request, reply) => {
    const result = await enableCompanyUser(ctx.db, actorOf(request), userIdOf(request), { ip: request.ip, now: ctx.now() });
    if (!result.ok && result.reason === 'not_found') throw notFound();
    return reply.redirect(`/enet/users?done=${result.ok && result.status === 'pending' ? 'enabled_pending' : 'enabled'}`, 303);
  });

  app.post('/enet/users/:id/resend', guard, async (request, reply) => {
    const sent = await resendActivation(ctx.db, actorOf(request), userIdOf(request), { ip: request.ip, now: ctx.now(), baseUrl: ctx.config.baseUrl });
    if (!sent) throw notFound();
    return reply.redirect('/enet/users?done=resent', 303);
  });
}
