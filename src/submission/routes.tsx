// 電子提出 (electronic submission of the key), both sides:
//   e-Net保証 (受注者)  GET/POST /enet/certificates/:number/submission — submit, and see 提出済 → 受付済 / 返戻 → 閲覧済
//   D-Sure   (発注者)  GET /dsure/inbox, GET /dsure/inbox/:id, POST …/accept (受付), POST …/return (返戻)
// Guards in order: requirePortal → the parameters and parseForm → the use case in one transaction.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { ROLES_BY_PORTAL } from '../auth/policies.ts';
import type { DsureSubmissionStatus } from '../db/schema.ts';
import { dsureNav } from '../dsure/views/nav.ts';
import { canonicalNumber, contractorActor } from '../enet/certificates/common.ts';
import { assertLookupAllowed, recordLookupMiss } from '../enet/certificates/lookup-throttle.ts';
import { isUuid } from '../enet/shared/ids.ts';
import { enetView } from '../enet/shared/view.ts';
import { notFound } from '../web/errors.ts';
import { parseForm, text, type FormErrors, type FormValues } from '../web/forms.tsx';
import { actorOf, requirePortal } from '../web/guards.ts';
import { sendPage } from '../web/render.tsx';
import { viewContext } from '../web/request-context.ts';
import { submitElectronically } from './enet/submit-electronically.ts';
import { loadSubmissionPage, submissionUrl } from './enet/submission-page.ts';
import { SubmissionPage } from './enet/views.tsx';
import { acceptSubmission } from './inbox/accept-submission.ts';
import { findInboxSubmission, inboxSummary, INBOX_STATUSES, listInbox } from './inbox/inbox-queries.ts';
import { returnSubmission } from './inbox/return-submission.ts';
import { InboxDetailPage, InboxPage } from './inbox/views.tsx';

const submitSchema = z.object({
  note: text('発注者への連絡事項', { max: 500, optional: true, multiline: true }).optional(),
  confirmed: z.literal('1', { error: '提出する内容を確認し、チェックを入れてください。' }),
});

const returnSchema = z.object({
  reason: text('返戻の理由', { max: 500, multiline: true }),
});

const inboxSchema = z.object({
  status: z
    .string()
    .optional()
    .refine((v) => !v || (INBOX_STATUSES as readonly string[]).includes(v), '状態を一覧から選んでください。'),
  section: text('提出先', { max: 100, optional: true }).optional(),
});

export function registerSubmissionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const enetGuard = { preHandler: requirePortal('enet', ROLES_BY_PORTAL.enet) };
  const dsureGuard = { preHandler: requirePortal('dsure', ROLES_BY_PORTAL.dsure) };

  // ---- e-Net保証: 電子提出 ------------------------------------------------------------

  /** The canonical 保証契約番号 of the URL (throttled like every certificate lookup; a miss is counted). */
  const numberOf = async (request: FastifyRequest): Promise<string> => {
    const actor = actorOf(request);
    await assertLookupAllowed(ctx.db, actor.userId, ctx.now());
    const number = canonicalNumber((request.params as { guaranteeContractNumber?: unknown }).guaranteeContractNumber);
    if (!number) return missed(request);
    return number;
  };
  const missed = async (request: FastifyRequest): Promise<never> => {
    await recordLookupMiss(ctx.db, actorOf(request).userId, ctx.now());
    throw notFound();
  };

  const submissionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    number: string,
    options: { values?: FormValues; errors?: FormErrors; refusal?: string; notice?: string; status?: number } = {},
  ) => {
    const data = await loadSubmissionPage(ctx.db, actorOf(request).organisationId, number);
    if (!data) return missed(request);
    return sendPage(
      reply,
      <SubmissionPage view={enetView(ctx, request, reply)} data={data} values={options.values ?? {}} errors={options.errors} refusal={options.refusal} notice={options.notice} />,
      options.status ?? 200,
    );
  };

  app.get('/enet/certificates/:guaranteeContractNumber/submission', enetGuard, async (request, reply) => {
    const number = await numberOf(request);
    if ((request.params as { guaranteeContractNumber: string }).guaranteeContractNumber !== number) return reply.redirect(submissionUrl(number), 301);
    const done = (request.query as Record<string, unknown>).done;
    return submissionPage(request, reply, number, { notice: done === 'submitted' ? '電子提出しました。発注者が受け付けると、状態が「受付済」に変わります。' : undefined });
  });

  app.post('/enet/certificates/:guaranteeContractNumber/submission', enetGuard, async (request, reply) => {
    const number = await numberOf(request);
    const form = parseForm(submitSchema, request.body);
    if (!form.ok) return submissionPage(request, reply, number, { values: form.values, errors: form.errors, status: 400 });
    const actor = contractorActor(request);
    const result = await ctx.db
      .transaction()
      .execute((trx) => submitElectronically(trx, ctx.secrets, actor, { guaranteeContractNumber: number, note: form.data.note || null }, ctx.now()));
    if (!result.ok && result.reason === 'not_found') return missed(request);
    if (!result.ok) return submissionPage(request, reply, number, { values: form.values, refusal: result.message, status: 400 });
    return reply.redirect(`${submissionUrl(number)}?done=submitted`, 303);
  });

  // ---- D-Sure: 受付 inbox --------------------------------------------------------------

  const dsureView = (request: FastifyRequest, reply: FastifyReply) => viewContext(ctx, request, reply, 'dsure', dsureNav(request.actor));
  const ordererActor = (request: FastifyRequest) => {
    const actor = actorOf(request);
    return { userId: actor.userId, organisationId: actor.organisationId, organisationCode: actor.organisationCode, organisationName: actor.organisationName, ip: request.ip };
  };
  const submissionIdOf = (request: FastifyRequest): string => {
    const id = (request.params as { id?: unknown }).id;
    if (!isUuid(id)) throw notFound();
    return id.toLowerCase();
  };

  app.get('/dsure/inbox', dsureGuard, async (request, reply) => {
    const actor = actorOf(request);
    const form = parseForm(inboxSchema, request.query);
    const summary = await inboxSummary(ctx.db, actor.organisationId);
    if (!form.ok) {
      return sendPage(
        reply,
        <InboxPage view={dsureView(request, reply)} rows={[]} status="submitted" section="" counts={summary.counts} sections={summary.sections} values={form.values} errors={form.errors} />,
        400,
      );
    }
    const status = (form.data.status || 'submitted') as DsureSubmissionStatus;
    const section = form.data.section ?? '';
    const rows = await listInbox(ctx.db, actor.organisationId, { status, ...(section ? { section } : {}) });
    const done = (request.query as Record<string, unknown>).done;
    return sendPage(
      reply,
      <InboxPage
        view={dsureView(request, reply)}
        rows={rows}
        status={status}
        section={section}
        counts={summary.counts}
        sections={summary.sections}
        values={form.values}
        notice={done === 'returned' ? '返戻しました。受注者の画面に返戻の理由が表示され、メールでもお知らせします。' : undefined}
      />,
    );
  });

  const detailPage = async (request: FastifyRequest, reply: FastifyReply, id: string, options: { values?: FormValues; errors?: FormErrors; refusal?: string; status?: number } = {}) => {
    const submission = await findInboxSubmission(ctx.db, actorOf(request).organisationId, id);
    if (!submission) throw notFound();
    return sendPage(
      reply,
      <InboxDetailPage view={dsureView(request, reply)} submission={submission} values={options.values ?? {}} errors={options.errors} refusal={options.refusal} />,
      options.status ?? 200,
    );
  };

  app.get('/dsure/inbox/:id', dsureGuard, async (request, reply) => detailPage(request, reply, submissionIdOf(request)));

  app.post('/dsure/inbox/:id/accept', dsureGuard, async (request, reply) => {
    const id = submissionIdOf(request);
    const result = await ctx.db.transaction().execute((trx) => acceptSubmission(trx, ordererActor(request), id, ctx.now()));
    if (!result.ok && result.reason === 'not_found') throw notFound();
    if (!result.ok) return detailPage(request, reply, id, { refusal: result.message, status: 409 });
    return reply.redirect(`/dsure/certificates/${encodeURIComponent(result.guaranteeContractNumber)}`, 303);
  });

  app.post('/dsure/inbox/:id/return', dsureGuard, async (request, reply) => {
    const id = submissionIdOf(request);
    const form = parseForm(returnSchema, request.body);
    if (!form.ok) return detailPage(request, reply, id, { values: form.values, errors: form.errors, status: 400 });
    const result = await ctx.db
      .transaction()
      .execute((trx) => returnSubmission(trx, { baseUrl: ctx.config.baseUrl }, ordererActor(request), { submissionId: id, reason: form.data.reason }, ctx.now()));
    if (!result.ok && result.reason === 'not_found') throw notFound();
    if (!result.ok) return detailPage(request, reply, id, { values: form.values, refusal: result.message, status: 409 });
    return reply.redirect('/dsure/inbox?done=returned', 303);
  });
}
