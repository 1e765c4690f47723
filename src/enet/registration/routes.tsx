// 利用者登録 (public) and the activation link: /enet/register, /enet/activate/:token.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { passwordProblem } from '../../auth/passwords.ts';
import { parseForm, text } from '../../web/forms.tsx';
import { sendPage } from '../../web/render.tsx';
import { corporateNumberField, emailField, phoneField } from '../shared/typed.ts';
import { enetView } from '../shared/view.ts';
import { inspectActivationToken } from './activation-tokens.ts';
import { activateAccount } from './activate-account.ts';
import { registerContractor } from './register-contractor.ts';
import { ActivatedPage, ActivatePage, ActivationUnusablePage, RegisteredPage, RegisterPage } from './views.tsx';

const registrationSchema = z.object({
  name: text('商号', { max: 100 }),
  corporateNumber: corporateNumberField(),
  address: text('所在地', { max: 200 }),
  representative: text('代表者', { max: 100 }),
  contactName: text('担当者', { max: 100 }),
  email: emailField(),
  phone: phoneField(),
});

const activationSchema = z
  .object({
    password: z.string({ error: 'パスワードを入力してください。' }).max(200, 'パスワードは128文字以内で入力してください。'),
    passwordConfirmation: z.string({ error: '確認のため、パスワードをもう一度入力してください。' }).max(200),
  })
  .superRefine((v, c) => {
    if (v.password === '') {
      c.addIssue({ code: 'custom', path: ['password'], message: 'パスワードを入力してください。' });
      return;
    }
    const problem = passwordProblem(v.password);
    if (problem) c.addIssue({ code: 'custom', path: ['password'], message: problem });
    else if (v.passwordConfirmation !== v.password) {
      c.addIssue({ code: 'custom', path: ['passwordConfirmation'], message: '確認のために入力したパスワードが一致しません。' });
    }
  });

export function registerRegistrationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/enet/register', { config: { public: true } }, async (request, reply) => sendPage(reply, <RegisterPage view={enetView(ctx, request, reply)} values={{}} />));

  app.post('/enet/register', { config: { public: true } }, async (request, reply) => {
    const form = parseForm(registrationSchema, request.body);
    if (!form.ok) return sendPage(reply, <RegisterPage view={enetView(ctx, request, reply)} values={form.values} errors={form.errors} />, 400);
    const result = await registerContractor(ctx.db, form.data, { ip: request.ip, now: ctx.now() });
    if (!result.ok) {
      if (result.reason === 'throttled') {
        const minutes = Math.max(1, Math.ceil((result.until.getTime() - ctx.now().getTime()) / 60000));
        const message = `このネットワークからの登録申請が短時間に続いたため、受け付けを一時停止しています。約${minutes}分後に再度お試しください。`;
        return sendPage(reply, <RegisterPage view={enetView(ctx, request, reply)} values={form.values} message={message} />, 429);
      }
      return sendPage(reply, <RegisterPage view={enetView(ctx, request, reply)} values={form.values} errors={result.errors} />, 400);
    }
    return sendPage(reply, <RegisteredPage view={enetView(ctx, request, reply)} email={form.data.email} />);
  });

  app.get('/enet/activate/:token', { config: { public: true } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const link = await inspectActivationToken(ctx.db, token, ctx.now());
    const view = enetView(ctx, request, reply);
    if (link.state !== 'valid') {
      return sendPage(reply, <ActivationUnusablePage view={view} state={link.state} expiresAt={link.state === 'expired' ? link.expiresAt : undefined} />, link.state === 'unknown' ? 404 : 410);
    }
    return sendPage(reply, <ActivatePage view={view} token={token} link={link} />);
  });

  app.post('/enet/activate/:token', { config: { public: true } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const link = await inspectActivationToken(ctx.db, token, ctx.now());
    if (link.state !== 'valid') {
      const view = enetView(ctx, request, reply);
      return sendPage(reply, <ActivationUnusablePage view={view} state={link.state} expiresAt={link.state === 'expired' ? link.expiresAt : undefined} />, link.state === 'unknown' ? 404 : 410);
    }
    const form = parseForm(activationSchema, request.body);
    if (!form.ok) return sendPage(reply, <ActivatePage view={enetView(ctx, request, reply)} token={token} link={link} errors={form.errors} />, 400);
    const result = await activateAccount(ctx.db, { token, password: form.data.password }, { ip: request.ip, now: ctx.now() });
    if (!result.ok) return sendPage(reply, <ActivationUnusablePage view={enetView(ctx, request, reply)} state="used" />, 410);
    return sendPage(reply, <ActivatedPage view={enetView(ctx, request, reply)} loginId={result.loginId} />);
  });
}
