// Login and logout for the three portals.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { CsrfField, ErrorSummary, parseForm, text, TextField, type FormErrors, type FormValues } from '../web/forms.tsx';
import { Layout, type ViewContext } from '../web/layout.tsx';
import { PORTALS, portalForKind, safeReturnPath, type Portal } from '../web/portals.ts';
import { sendPage } from '../web/render.tsx';
import { cookieOptions, SESSION_COOKIE, viewContext } from '../web/request-context.ts';
import { LOGIN_MESSAGES, logIn } from './login.ts';
import { revokeSession } from './sessions.ts';

const loginSchema = z.object({
  loginId: text('ログインID', { max: 100 }),
  password: z.string().min(1, 'パスワードを入力してください。').max(200, 'パスワードが長すぎます。'),
  next: z.string().optional(),
});

function LoginPage(props: { view: ViewContext; portal: Portal; values: FormValues; errors?: FormErrors; message?: string; notice?: string }) {
  const portal = PORTALS[props.portal];
  return (
    <Layout view={props.view} title="ログイン">
      <h1>{portal.title} ログイン</h1>
      <p class="lead">{portal.audience}のログイン画面です。</p>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      {props.message && (
        <div class="error-summary" role="alert">
          <p>{props.message}</p>
        </div>
      )}
      <ErrorSummary errors={props.errors} />
      <form method="post" action={`${portal.path}/login`} class="form form--narrow" novalidate>
        <CsrfField token={props.view.csrfToken} />
        <input type="hidden" name="next" value={props.values.next ?? ''} />
        <TextField name="loginId" label="ログインID" values={props.values} errors={props.errors} required autocomplete="username" autocapitalize="none" spellcheck={false} />
        <TextField name="password" label="パスワード" type="password" values={{}} errors={props.errors} required autocomplete="current-password" />
        <button type="submit" class="button">ログイン</button>
      </form>
      {props.portal === 'enet' && (
        <p>
          はじめてご利用の方は <a href="/enet/register">利用者登録</a> を行ってください。
        </p>
      )}
    </Layout>
  );
}

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const portal of Object.keys(PORTALS) as Portal[]) {
    const path = PORTALS[portal].path;

    app.get(`${path}/login`, { config: { public: true } }, async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      if (request.actor && request.actor.organisationKind === PORTALS[portal].kind) return reply.redirect(safeReturnPath(portal, query.next), 303);
      const notice = query.loggedOut === '1' ? 'ログアウトしました。' : query.expired === '1' ? 'ログインの有効期限が切れました。もう一度ログインしてください。' : undefined;
      return sendPage(reply, <LoginPage view={viewContext(ctx, request, reply, portal)} portal={portal} values={{ next: typeof query.next === 'string' ? safeReturnPath(portal, query.next) : '' }} notice={notice} />);
    });

    app.post(`${path}/login`, { config: { public: true } }, async (request, reply) => {
      const form = parseForm(loginSchema, request.body);
      if (!form.ok) {
        return sendPage(reply, <LoginPage view={viewContext(ctx, request, reply, portal)} portal={portal} values={form.values} errors={form.errors} />, 400);
      }
      const result = await logIn(ctx.db, {
        loginId: form.data.loginId,
        password: form.data.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        now: ctx.now(),
      });
      if (!result.ok) {
        const message =
          result.reason === 'locked'
            ? LOGIN_MESSAGES.locked(Math.max(1, Math.ceil((result.until.getTime() - ctx.now().getTime()) / 60000)))
            : LOGIN_MESSAGES.invalid;
        const status = result.reason === 'locked' ? 429 : 401;
        return sendPage(reply, <LoginPage view={viewContext(ctx, request, reply, portal)} portal={portal} values={form.values} message={message} />, status);
      }
      // A new session at every login (the old one, if any, ends): session fixation is impossible.
      if (request.sessionToken) await revokeSession(ctx.db, request.sessionToken, ctx.now());
      reply.setCookie(SESSION_COOKIE, result.sessionToken, cookieOptions(ctx));
      const user = await ctx.db
        .selectFrom('users')
        .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
        .select('organisations.kind')
        .where('users.id', '=', result.userId)
        .executeTakeFirstOrThrow();
      const home = portalForKind(user.kind);
      return reply.redirect(home === portal ? safeReturnPath(portal, form.data.next) : PORTALS[home].path, 303);
    });
  }

  app.post('/logout', { config: { public: true } }, async (request, reply) => {
    const portal = request.actor ? portalForKind(request.actor.organisationKind) : null;
    if (request.sessionToken) await revokeSession(ctx.db, request.sessionToken, ctx.now());
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect(portal ? `${PORTALS[portal].path}/login?loggedOut=1` : '/', 303);
  });
}
