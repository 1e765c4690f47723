// /staff/users (管理者): the surety's users — add (activation link by email), disable, enable —
// and /staff/activate, where a new user sets a password.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { hashPassword, PASSWORD_RULE, passwordProblem } from '../../auth/passwords.ts';
import { ROLE_LABELS } from '../../auth/policies.ts';
import type { Role } from '../../db/schema.ts';
import { lockedUntil, recordFailure, type ThrottleRule } from '../../security/throttle.ts';
import { CsrfField, ErrorSummary, parseForm, SelectField, text, TextField, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { actorOf, requirePortal } from '../../web/guards.ts';
import { notFound, tooManyRequests } from '../../web/errors.ts';
import { Layout, type ViewContext } from '../../web/layout.tsx';
import { sendPage } from '../../web/render.tsx';
import { viewContext } from '../../web/request-context.ts';
import { Alert, ADMIN_ROLES, formatDateTime, idParam, Notice, staffActor, staffView } from '../common.tsx';
import { activateAccount } from './activate-account.ts';
import { readActivationToken } from './activation-token.ts';
import { addStaffUser } from './add-staff-user.ts';
import { listStaffUsers } from './queries.ts';
import { resendActivation } from './resend-activation.ts';
import { setUserStatus } from './set-user-status.ts';

const STAFF_ROLE_OPTIONS: Role[] = ['surety_examiner', 'surety_approver', 'surety_admin'];
const USER_STATUS_LABELS = { active: '利用中', pending: '登録手続中（パスワード未設定）', disabled: '利用停止' } as const;

const addUserSchema = z.object({
  displayName: text('氏名', { max: 100 }),
  loginId: text('ログインID', { max: 100 }).pipe(
    z
      .string()
      .transform((s) => s.normalize('NFKC'))
      .pipe(z.string().regex(/^[A-Za-z0-9._@-]{3,100}$/, 'ログインIDは3文字以上の半角英数字（. _ @ - を含められます）で入力してください。')),
  ),
  email: text('メールアドレス', { max: 254 }).pipe(z.email('メールアドレスの形式が正しくありません。')),
  role: z.enum(STAFF_ROLE_OPTIONS as [Role, ...Role[]], { error: '権限を選択してください。' }),
});

const activationSchema = z
  .object({
    token: z.string().max(200),
    password: z.string({ error: 'パスワードを入力してください。' }).max(200, 'パスワードが長すぎます。'),
    passwordConfirm: z.string({ error: '確認のため、もう一度パスワードを入力してください。' }).max(200),
  })
  .superRefine((v, issue) => {
    const problem = passwordProblem(v.password);
    if (problem) issue.addIssue({ code: 'custom', path: ['password'], message: problem });
    else if (v.password !== v.passwordConfirm) issue.addIssue({ code: 'custom', path: ['passwordConfirm'], message: '確認用のパスワードが一致しません。' });
  });

const ACTIVATION_ADDRESS_RULE: ThrottleRule = { maxFailures: 20, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

const NOTICES: Record<string, string> = {
  added: '利用者を追加しました。パスワード設定用のリンクをメールで送信します。',
  disabled: '利用者を利用停止にしました。ログイン中の場合もすぐに利用できなくなります。',
  enabled: '利用者の利用停止を解除しました。',
  resent: 'パスワード設定用のリンクを再送しました。',
};

function NewUserPage(props: { view: ViewContext; values: FormValues; errors?: FormErrors }) {
  return (
    <Layout view={props.view} title="利用者の追加">
      <p>
        <a href="/staff/users">← 利用者管理へ戻る</a>
      </p>
      <h1>利用者の追加</h1>
      <p class="lead">追加した方には、パスワードを設定するためのリンクをメールでお送りします。</p>
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/staff/users" class="form" novalidate>
        <CsrfField token={props.view.csrfToken} />
        <TextField name="displayName" label="氏名" required maxLength={100} values={props.values} errors={props.errors} autocomplete="off" />
        <TextField name="loginId" label="ログインID" required maxLength={100} hint="半角英数字（. _ @ - を含められます）。ログインに使います。" values={props.values} errors={props.errors} autocomplete="off" autocapitalize="none" spellcheck={false} />
        <TextField name="email" label="メールアドレス" type="email" required maxLength={254} values={props.values} errors={props.errors} autocomplete="off" />
        <SelectField name="role" label="権限" required placeholder="選択してください" options={STAFF_ROLE_OPTIONS.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} values={props.values} errors={props.errors} hint="審査担当: 審査・差戻し・締結の起案。決裁者: 締結。管理者: すべてと利用者・設定の管理。" />
        <button type="submit" class="button">追加してメールを送信する</button>
      </form>
    </Layout>
  );
}

function ActivationPage(props: { view: ViewContext; token: string; values: FormValues; errors?: FormErrors; invalid?: boolean }) {
  return (
    <Layout view={props.view} title="パスワードの設定">
      <h1>保証会社 業務システム パスワードの設定</h1>
      {props.invalid ? (
        <div class="error-summary" role="alert">
          <p>このリンクは無効か、有効期限が切れているか、既に使用されています。管理者にリンクの再送を依頼してください。</p>
        </div>
      ) : (
        <>
          <ErrorSummary errors={props.errors} />
          <form method="post" action="/staff/activate" class="form form--narrow" novalidate>
            <CsrfField token={props.view.csrfToken} />
            <input type="hidden" name="token" value={props.token} />
            <TextField name="password" label="パスワード" type="password" required hint={PASSWORD_RULE} values={{}} errors={props.errors} autocomplete="new-password" />
            <TextField name="passwordConfirm" label="パスワード（確認）" type="password" required values={{}} errors={props.errors} autocomplete="new-password" />
            <button type="submit" class="button">パスワードを設定する</button>
          </form>
        </>
      )}
    </Layout>
  );
}

export function registerStaffUserRoutes(app: FastifyInstance, ctx: AppContext): void {
  const guard = { preHandler: requirePortal('staff', ADMIN_ROLES) };

  async function listPage(request: FastifyRequest, reply: FastifyReply, extra: { status?: number; notice?: string; alert?: string } = {}) {
    const actor = actorOf(request);
    const users = await listStaffUsers(ctx.db, actor.organisationId);
    const view = staffView(ctx, request, reply);
    return sendPage(
      reply,
      <Layout view={view} title="利用者管理" wide>
        <h1>利用者管理</h1>
        <Notice message={extra.notice} />
        <Alert message={extra.alert} />
        <p class="actions">
          <a class="button" href="/staff/users/new">利用者を追加する</a>
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">氏名</th>
              <th scope="col">ログインID</th>
              <th scope="col">メールアドレス</th>
              <th scope="col">権限</th>
              <th scope="col">状態</th>
              <th scope="col">登録日時</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td>{u.display_name}</td>
                <td>{u.login_id}</td>
                <td>{u.email ?? '—'}</td>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>{USER_STATUS_LABELS[u.status]}</td>
                <td>{formatDateTime(u.created_at)}</td>
                <td>
                  {u.id === actor.userId ? (
                    '（ご本人）'
                  ) : (
                    <>
                      <form method="post" action={`/staff/users/${u.id}/${u.status === 'disabled' ? 'enable' : 'disable'}`} class="inline-form">
                        <CsrfField token={view.csrfToken} />
                        <button type="submit" class="button button--secondary">{u.status === 'disabled' ? '利用を再開する' : '利用停止にする'}</button>
                      </form>
                      {u.status === 'pending' && (
                        <form method="post" action={`/staff/users/${u.id}/resend`} class="inline-form">
                          <CsrfField token={view.csrfToken} />
                          <button type="submit" class="button button--secondary">リンクを再送する</button>
                        </form>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Layout>,
      extra.status ?? 200,
    );
  }

  app.get('/staff/users', guard, async (request, reply) => listPage(request, reply, { notice: NOTICES[String((request.query as Record<string, unknown>).notice ?? '')] }));

  app.get('/staff/users/new', guard, async (request, reply) => sendPage(reply, <NewUserPage view={staffView(ctx, request, reply)} values={{}} />));

  app.post('/staff/users', guard, async (request, reply) => {
    const form = parseForm(addUserSchema, request.body);
    if (!form.ok) return sendPage(reply, <NewUserPage view={staffView(ctx, request, reply)} values={form.values} errors={form.errors} />, 400);
    const actor = { ...staffActor(request), organisationName: actorOf(request).organisationName };
    const result = await ctx.db.transaction().execute((trx) => addStaffUser(trx, { secrets: ctx.secrets, baseUrl: ctx.config.baseUrl }, actor, form.data, ctx.now()));
    if (!result.ok) return sendPage(reply, <NewUserPage view={staffView(ctx, request, reply)} values={form.values} errors={{ [result.field]: result.message }} />, 400);
    return reply.redirect('/staff/users?notice=added', 303);
  });

  for (const action of ['disable', 'enable'] as const) {
    app.post(`/staff/users/:id/${action}`, guard, async (request, reply) => {
      const userId = idParam(request);
      const actor = staffActor(request);
      const result = await ctx.db.transaction().execute((trx) => setUserStatus(trx, actor, { userId, enabled: action === 'enable' }, ctx.now()));
      if (!result.ok) {
        if (result.reason === 'not_found') throw notFound();
        return listPage(request, reply, { status: 409, alert: result.reason === 'self' ? 'ご自身のアカウントは利用停止にできません。' : 'この利用者の状態は既に変更されています。' });
      }
      return reply.redirect(`/staff/users?notice=${action === 'enable' ? 'enabled' : 'disabled'}`, 303);
    });
  }

  app.post('/staff/users/:id/resend', guard, async (request, reply) => {
    const userId = idParam(request);
    const actor = { ...staffActor(request), organisationName: actorOf(request).organisationName };
    const result = await ctx.db.transaction().execute((trx) => resendActivation(trx, { secrets: ctx.secrets, baseUrl: ctx.config.baseUrl }, actor, userId, ctx.now()));
    if (!result.ok) {
      if (result.reason === 'not_found') throw notFound();
      return listPage(request, reply, { status: 409, alert: result.reason === 'no_email' ? 'メールアドレスが登録されていないため送信できません。' : 'この利用者は既にパスワードを設定済みです。' });
    }
    return reply.redirect('/staff/users?notice=resent', 303);
  });

  // Activation: anonymous, by the link in the email.
  app.get('/staff/activate', { config: { public: true } }, async (request, reply) => {
    const token = String((request.query as Record<string, unknown>).token ?? '');
    const view = viewContext(ctx, request, reply, 'staff');
    const userId = readActivationToken(ctx.secrets, token, ctx.now());
    const pending = userId
      ? await ctx.db.selectFrom('users').select('id').where('id', '=', userId).where('status', '=', 'pending').executeTakeFirst()
      : undefined;
    if (!pending) return sendPage(reply, <ActivationPage view={view} token="" values={{}} invalid />, 400);
    return sendPage(reply, <ActivationPage view={view} token={token} values={{}} />);
  });

  app.post('/staff/activate', { config: { public: true } }, async (request, reply) => {
    const addressKey = `staff-activation-ip:${request.ip}`;
    if (await lockedUntil(ctx.db, addressKey, ctx.now())) throw tooManyRequests();
    const view = viewContext(ctx, request, reply, 'staff');
    const form = parseForm(activationSchema, request.body);
    const token = form.values.token ?? '';
    const userId = readActivationToken(ctx.secrets, token, ctx.now());
    if (!userId) {
      await recordFailure(ctx.db, addressKey, ACTIVATION_ADDRESS_RULE, ctx.now());
      return sendPage(reply, <ActivationPage view={view} token="" values={{}} invalid />, 400);
    }
    if (!form.ok) return sendPage(reply, <ActivationPage view={view} token={token} values={form.values} errors={form.errors} />, 400);
    const passwordHash = await hashPassword(form.data.password);
    const result = await ctx.db.transaction().execute((trx) => activateAccount(trx, { userId, passwordHash, ip: request.ip }, ctx.now()));
    if (!result.ok) return sendPage(reply, <ActivationPage view={view} token="" values={{}} invalid />, 400);
    return reply.redirect('/staff/login?activated=1', 303);
  });
}
