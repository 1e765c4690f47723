// API連携 (/dsure/api), for orderer administrators: issue and revoke API tokens, register and
// stop webhook receivers, see the latest deliveries. Guards: requirePortal(admin) → parseForm →
// one transaction. A new token or secret is shown in the POST's response only (never stored in
// clear, never in a URL).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { dsureNav } from '../../dsure/views/nav.ts';
import { isUuid } from '../../enet/shared/ids.ts';
import { notFound } from '../../web/errors.ts';
import { parseForm, text, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { actorOf, requirePortal } from '../../web/guards.ts';
import { sendPage } from '../../web/render.tsx';
import { viewContext } from '../../web/request-context.ts';
import { listApiTokens } from '../tokens/api-tokens.ts';
import { createApiToken, type AdminActor } from '../tokens/create-api-token.ts';
import { revokeApiToken } from '../tokens/revoke-api-token.ts';
import { createWebhookEndpoint } from '../webhooks/create-webhook-endpoint.ts';
import { disableWebhookEndpoint } from '../webhooks/disable-webhook-endpoint.ts';
import { listWebhookEndpoints, recentWebhookDeliveries } from '../webhooks/webhook-endpoints.ts';
import { webhookUrlProblem } from '../webhooks/webhook-url.ts';
import { ApiAdminPage, type Revealed } from './views.tsx';

const adminGuard = { preHandler: requirePortal('dsure', ['orderer_admin']) };

const tokenSchema = z.object({ name: text('トークンの名前', { max: 100 }) });

function webhookSchema(production: boolean) {
  return z.object({
    url: text('受信先URL', { max: 500 })
      .transform((value) => value.normalize('NFKC').trim())
      .superRefine((value, check) => {
        const problem = webhookUrlProblem(value, { production });
        if (problem) check.addIssue({ code: 'custom', message: problem });
      }),
    description: text('説明', { max: 100, optional: true }).optional(),
  });
}

const NOTICES: Record<string, string> = {
  revoked: 'APIトークンを無効にしました。以後、このトークンでのリクエストは拒否されます。',
  disabled: '受信先を停止しました。送信待ちの通知は中止しました。',
};

export function registerApiAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const schemaForWebhooks = webhookSchema(ctx.config.production);
  const adminOf = (request: FastifyRequest): AdminActor => {
    const actor = actorOf(request);
    return { userId: actor.userId, organisationId: actor.organisationId, ip: request.ip };
  };

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      revealed?: Revealed;
      notice?: string;
      tokenValues?: FormValues;
      tokenErrors?: FormErrors;
      webhookValues?: FormValues;
      webhookErrors?: FormErrors;
      status?: number;
    } = {},
  ) => {
    const actor = actorOf(request);
    const [tokens, endpoints, deliveries] = await Promise.all([
      listApiTokens(ctx.db, actor.organisationId),
      listWebhookEndpoints(ctx.db, actor.organisationId),
      recentWebhookDeliveries(ctx.db, actor.organisationId),
    ]);
    const { status, ...rest } = options;
    return sendPage(
      reply,
      <ApiAdminPage view={viewContext(ctx, request, reply, 'dsure', dsureNav(actor))} baseUrl={ctx.config.baseUrl} tokens={tokens} endpoints={endpoints} deliveries={deliveries} {...rest} />,
      status ?? 200,
    );
  };

  app.get('/dsure/api', adminGuard, async (request, reply) => {
    const done = (request.query as Record<string, unknown>).done;
    return page(request, reply, { notice: typeof done === 'string' ? NOTICES[done] : undefined });
  });

  app.post('/dsure/api/tokens', adminGuard, async (request, reply) => {
    const form = parseForm(tokenSchema, request.body);
    if (!form.ok) return page(request, reply, { tokenValues: form.values, tokenErrors: form.errors, status: 400 });
    const result = await ctx.db.transaction().execute((trx) => createApiToken(trx, adminOf(request), { name: form.data.name }, ctx.now()));
    if (!result.ok) return page(request, reply, { tokenValues: form.values, tokenErrors: { [result.field]: result.message }, status: 400 });
    return page(request, reply, { revealed: { kind: 'token', name: form.data.name, value: result.token } });
  });

  app.post('/dsure/api/tokens/:id/revoke', adminGuard, async (request, reply) => {
    const id = (request.params as { id?: unknown }).id;
    if (!isUuid(id)) throw notFound();
    const result = await ctx.db.transaction().execute((trx) => revokeApiToken(trx, adminOf(request), id.toLowerCase(), ctx.now()));
    if (!result.ok) throw notFound();
    return reply.redirect('/dsure/api?done=revoked', 303);
  });

  app.post('/dsure/api/webhooks', adminGuard, async (request, reply) => {
    const form = parseForm(schemaForWebhooks, request.body);
    if (!form.ok) return page(request, reply, { webhookValues: form.values, webhookErrors: form.errors, status: 400 });
    const description = form.data.description ?? '';
    const result = await ctx.db
      .transaction()
      .execute((trx) => createWebhookEndpoint(trx, ctx.secrets, adminOf(request), { url: form.data.url, description }, ctx.now()));
    if (!result.ok) return page(request, reply, { webhookValues: form.values, webhookErrors: { [result.field]: result.message }, status: 400 });
    return page(request, reply, { revealed: { kind: 'secret', name: description || form.data.url, value: result.secret } });
  });

  app.post('/dsure/api/webhooks/:id/disable', adminGuard, async (request, reply) => {
    const id = (request.params as { id?: unknown }).id;
    if (!isUuid(id)) throw notFound();
    const result = await ctx.db.transaction().execute((trx) => disableWebhookEndpoint(trx, adminOf(request), id.toLowerCase(), ctx.now()));
    if (!result.ok) throw notFound();
    return reply.redirect('/dsure/api?done=disabled', 303);
  });
}
