// 利用者管理 (/dsure/users): orderer admins add users of their own organisation and stop or
// resume their use. Guards: requirePortal(admin) → parseForm → one transaction.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { normalizeLoginId } from '../../auth/login.ts';
import { passwordProblem } from '../../auth/passwords.ts';
import { emailAddress, parseForm, text, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { actorOf, requirePortal } from '../../web/guards.ts';
import { notFound } from '../../web/errors.ts';
import { sendPage } from '../../web/render.tsx';
import { viewContext } from '../../web/request-context.ts';
import { dsureNav } from '../views/nav.ts';
import { UsersPage } from '../views/users-page.tsx';
import { createOrdererUser, hashInitialPassword } from './create-orderer-user.ts';
import { listOrdererUsers, ORDERER_ROLES } from './orderer-users.ts';
import { setOrdererUserStatus } from './set-orderer-user-status.ts';

const adminGuard = requirePortal('dsure', ['orderer_admin']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const createUserSchema = z.object({
  displayName: text('氏名', { max: 100 }),
  loginId: text('ログインID', { max: 64 })
    .transform((value) => normalizeLoginId(value))
    .refine((value) => /^[a-z0-9][a-z0-9._@-]{2,63}$/.test(value), 'ログインIDは半角英数字と . _ - @ で3〜64文字にしてください（先頭は英数字）。'),
  email: emailAddress('メールアドレス', { optional: true, example: 'keiyaku@city.example.lg.jp' }),
  role: z.enum(ORDERER_ROLES, { error: '権限を選んでください。' }),
  password: z
    .string({ error: '初期パスワードを入力してください。' })
    .superRefine((value, check) => {
      const problem = value.length === 0 ? '初期パスワードを入力してください。' : passwordProblem(value);
      if (problem) check.addIssue({ code: 'custom', message: problem });
    }),
});

export function registerOrdererUserRoutes(app: FastifyInstance, ctx: AppContext): void {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { values?: FormValues; errors?: FormErrors; notice?: string; message?: string; status?: number } = {},
  ) => {
    const actor = actorOf(request);
    const users = await listOrdererUsers(ctx.db, actor.organisationId);
    const view = viewContext(ctx, request, reply, 'dsure', dsureNav(actor));
    const values = { role: 'orderer_viewer', ...options.values };
    return sendPage(
      reply,
      <UsersPage view={view} users={users} selfId={actor.userId} values={values} errors={options.errors} notice={options.notice} message={options.message} />,
      options.status ?? 200,
    );
  };

  app.get('/dsure/users', { preHandler: adminGuard }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const notice = query.done === 'created' ? '利用者を追加しました。' : query.done === 'disabled' ? '利用を停止しました。' : query.done === 'enabled' ? '利用を再開しました。' : undefined;
    return page(request, reply, { notice });
  });

  app.post('/dsure/users', { preHandler: adminGuard }, async (request, reply) => {
    const actor = actorOf(request);
    const form = parseForm(createUserSchema, request.body);
    const { password: _password, ...keptValues } = form.values;
    if (!form.ok) return page(request, reply, { values: keptValues, errors: form.errors, status: 400 });
    const passwordHash = await hashInitialPassword(form.data.password);
    const result = await ctx.db.transaction().execute((trx) =>
      createOrdererUser(
        trx,
        { userId: actor.userId, organisationId: actor.organisationId, ip: request.ip },
        { loginId: form.data.loginId, displayName: form.data.displayName, email: form.data.email || null, role: form.data.role, passwordHash },
        ctx.now(),
      ),
    );
    if (!result.ok) return page(request, reply, { values: keptValues, errors: { [result.field]: result.message }, status: 400 });
    return reply.redirect('/dsure/users?done=created', 303);
  });

  for (const [action, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    app.post(`/dsure/users/:id/${action}`, { preHandler: adminGuard }, async (request, reply) => {
      const actor = actorOf(request);
      const id = (request.params as { id: string }).id;
      if (!UUID.test(id)) throw notFound();
      const result = await ctx.db.transaction().execute((trx) =>
        setOrdererUserStatus(trx, { userId: actor.userId, organisationId: actor.organisationId, ip: request.ip }, id, status, ctx.now()),
      );
      if (!result.ok && result.reason === 'not_found') throw notFound();
      if (!result.ok) return page(request, reply, { message: result.reason === 'self' ? result.message : undefined, status: 400 });
      return reply.redirect(`/dsure/users?done=${status === 'active' ? 'enabled' : 'disabled'}`, 303);
    });
  }
}
