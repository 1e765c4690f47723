// 保証申込 (/enet/applications): 申込一覧, the four steps (発注者と保証の種類 → 契約の内容と受取方法
// → 確認 → 申込み), drafts and their resumption, the detail page with its history, 取下げ.
// Guards in one order: requirePortal → parseForm → one use case (one transaction).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { ROLES_BY_PORTAL } from '../../auth/policies.ts';
import { APPLICATION_STATUS_LABELS, canApply, isEditableByContractor } from '../../domain/application-status.ts';
import { BUILT_IN_CATEGORY_LABELS, normalizeTyped, policyCategoryLabel } from '../../domain/index.ts';
import { changeDetailsOf } from '../../lifecycle/change-details.ts';
import { parseForm, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { actorOf, requirePortal } from '../../web/guards.ts';
import { notFound } from '../../web/errors.ts';
import { sendPage } from '../../web/render.tsx';
import { amountInputValue, formatWarekiDateTime } from '../shared/format.ts';
import { isUuid } from '../shared/ids.ts';
import { enetView } from '../shared/view.ts';
import { contentOf, type ApplicationContent } from './content.ts';
import { createApplicationDraft } from './create-draft.ts';
import { basicsSchema, contractSchema, submitSchema, withdrawSchema, type ContractForm } from './forms.ts';
import { DetailPage, ListPage, WithdrawPage } from './list-views.tsx';
import {
  findApplication,
  findGuaranteeOfApplication,
  findOrdererWithPolicy,
  findSuretyName,
  listActiveSureties,
  listApplicationEvents,
  listApplications,
  listOrderersWithPolicies,
  type ApplicationEventView,
  type ApplicationRow,
  type OrdererChoice,
} from './queries.ts';
import { BASICS_REQUIRED, basicsProblems, CONTRACT_REQUIRED, contractProblems, eligibilityOf, ordererNotices, submissionProblems, withMissingFields } from './rules.ts';
import { saveApplicationBasics } from './save-basics.ts';
import { saveContractDetails } from './save-contract-details.ts';
import { BasicsPage, ConfirmPage, ContractPage, type ReturnInfo } from './step-views.tsx';
import { submitApplication } from './submit-application.ts';
import { withdrawApplication } from './withdraw-application.ts';

const DETAIL_NOTICES: Record<string, string> = {
  submitted: '保証申込を受け付けました。保証会社の審査結果をお待ちください。受付のお知らせをメールでお送りしました。',
  resubmitted: '修正した内容で再申込みを受け付けました。保証会社の審査結果をお待ちください。',
  withdrawn: '申込を取り下げました。',
  already: 'この申込は既に受け付けています（二重に申し込まれてはいません）。',
  not_editable: 'この申込は現在の状況では修正できません。',
};

const STALE = 'この申込は、ほかの画面または別の担当者によって更新されています。最新の内容をご確認のうえ、もう一度操作してください。';

function basicsValues(content: Pick<ApplicationContent, 'ordererId' | 'category' | 'initialContractDate' | 'guaranteeType'> & { suretyId?: string | null }): FormValues {
  return {
    suretyId: content.suretyId ?? '',
    ordererId: content.ordererId ?? '',
    category: content.category ?? '',
    initialContractDate: content.initialContractDate ?? '',
    guaranteeType: content.guaranteeType ?? '',
  };
}

function contractValues(content: ApplicationContent): FormValues {
  const contractDate = content.contractDate ?? content.initialContractDate ?? '';
  return {
    workName: content.workName ?? '',
    workSite: content.workSite ?? '',
    contractPrice: amountInputValue(content.contractPrice),
    contractDate,
    workPeriodStart: content.workPeriodStart ?? '',
    workPeriodEnd: content.workPeriodEnd ?? '',
    guaranteedAmount: amountInputValue(content.guaranteedAmount),
    previousAdvanceAmount: amountInputValue(content.previousAdvanceAmount),
    guaranteePeriodStart: content.guaranteePeriodStart ?? contractDate,
    guaranteePeriodEnd: content.guaranteePeriodEnd ?? '',
    lowBid: content.lowBid ? '1' : '',
    contactNotes: content.contactNotes ?? '',
    delivery: content.delivery ?? '',
    clausesConfirmed: content.clausesConfirmed ? '1' : '',
  };
}

function contractDetailsOf(form: ContractForm) {
  const { revision: _revision, intent: _intent, ...details } = form;
  return details;
}

function latestReturn(events: ApplicationEventView[]): ReturnInfo | null {
  const returned = events.filter((e) => e.kind === 'returned').at(-1);
  return returned ? { message: returned.message, at: returned.at } : null;
}

const CATEGORY_ORDER = Object.keys(BUILT_IN_CATEGORY_LABELS);

const BASICS_ORDER = ['suretyId', 'ordererId', 'category', 'initialContractDate', 'guaranteeType'];
const CONTRACT_ORDER = [
  'workName',
  'workSite',
  'contractPrice',
  'contractDate',
  'workPeriodStart',
  'workPeriodEnd',
  'lowBid',
  'previousAdvanceAmount',
  'guaranteedAmount',
  'guaranteePeriodStart',
  'guaranteePeriodEnd',
  'contactNotes',
  'delivery',
  'clausesConfirmed',
];

/** All the problems of a refused 手順1 form (format and, unless only saving, the empty required fields). */
function refusedBasics(errors: FormErrors, values: FormValues): FormErrors {
  return withMissingFields(errors, values, values.intent === 'save' ? [] : BASICS_REQUIRED, BASICS_ORDER);
}

/** All the problems of a refused 手順2 form. */
function refusedContract(errors: FormErrors, values: FormValues): FormErrors {
  return withMissingFields(errors, values, values.intent === 'next' || values.intent === undefined ? CONTRACT_REQUIRED : [], CONTRACT_ORDER);
}

/** Every contract category the listed orderers know, built-in ones first. */
function categoryOptions(orderers: OrdererChoice[]): { value: string; label: string }[] {
  const labels = new Map<string, string>();
  for (const o of orderers) for (const code of Object.keys(o.policy.categories)) if (!labels.has(code)) labels.set(code, policyCategoryLabel(o.policy, code));
  const rank = (code: string) => (CATEGORY_ORDER.includes(code) ? CATEGORY_ORDER.indexOf(code) : CATEGORY_ORDER.length);
  return [...labels].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0])).map(([value, label]) => ({ value, label }));
}

function matches(orderer: OrdererChoice, query: string): boolean {
  const q = normalizeTyped(query);
  return normalizeTyped(orderer.name).includes(q) || normalizeTyped(orderer.code).includes(q) || normalizeTyped(orderer.policy.ordererName).includes(q);
}

export function registerApplicationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const guard = { preHandler: requirePortal('enet', ROLES_BY_PORTAL.enet) };

  /** The caller's own application from the URL, or 404 (also for another company's). */
  const ownApplication = async (request: FastifyRequest): Promise<ApplicationRow> => {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw notFound();
    const row = await findApplication(ctx.db, actorOf(request).organisationId, id);
    if (!row) throw notFound();
    return row;
  };

  const renderBasics = async (
    request: FastifyRequest,
    reply: FastifyReply,
    input: { row: ApplicationRow | null; values: FormValues; errors?: FormErrors; status?: number; saved?: string; query?: string },
  ) => {
    const query = (input.query ?? '').slice(0, 50);
    const [all, sureties] = await Promise.all([listOrderersWithPolicies(ctx.db), listActiveSureties(ctx.db)]);
    const filtered = query.trim() ? all.filter((o) => matches(o, query)) : all;
    const noMatch = query.trim() !== '' && filtered.length === 0;
    const values = { ...input.values };
    if (query.trim() && filtered.length === 1 && !values.ordererId) values.ordererId = filtered[0]!.id;
    const shown = noMatch ? all : [...filtered];
    const chosen = all.find((o) => o.id === values.ordererId) ?? null;
    if (chosen && !shown.includes(chosen)) shown.unshift(chosen);
    const basics = {
      ordererId: values.ordererId || null,
      category: values.category || null,
      initialContractDate: /^\d{4}-\d{2}-\d{2}$/.test(values.initialContractDate ?? '') ? values.initialContractDate! : null,
      guaranteeType: (values.guaranteeType || null) as ApplicationContent['guaranteeType'],
    };
    const hasErrors = input.errors && Object.keys(input.errors).length > 0;
    const eligibility = hasErrors ? null : eligibilityOf(basics, chosen);
    const events = input.row ? await listApplicationEvents(ctx.db, input.row.contractor_id, input.row.id) : [];
    return sendPage(
      reply,
      <BasicsPage
        view={enetView(ctx, request, reply)}
        applicationId={input.row?.id ?? null}
        revision={input.row?.revision ?? null}
        query={query}
        orderers={shown}
        noMatch={noMatch}
        categories={categoryOptions(all)}
        sureties={input.row && input.row.status !== 'draft' ? [] : sureties}
        suretyName={input.row ? await findSuretyName(ctx.db, input.row.surety_id) : sureties.length === 1 ? sureties[0]!.name : null}
        values={values}
        errors={input.errors}
        eligibility={eligibility}
        ordererName={chosen?.name ?? null}
        saved={input.saved}
        returned={input.row?.status === 'returned' ? latestReturn(events) : null}
      />,
      input.status ?? 200,
    );
  };

  const renderContract = async (
    request: FastifyRequest,
    reply: FastifyReply,
    input: { row: ApplicationRow; orderer: OrdererChoice; values: FormValues; errors?: FormErrors; status?: number; saved?: string },
  ) => {
    const content = contentOf(input.row);
    const eligibility = eligibilityOf(content, input.orderer);
    if (!eligibility) return reply.redirect(`/enet/applications/${input.row.id}/basics?check=1`, 303);
    const events = await listApplicationEvents(ctx.db, input.row.contractor_id, input.row.id);
    return sendPage(
      reply,
      <ContractPage
        view={enetView(ctx, request, reply)}
        applicationId={input.row.id}
        revision={input.row.revision}
        content={content}
        orderer={input.orderer}
        eligibility={eligibility}
        notices={ordererNotices(input.orderer, content.category)}
        values={input.values}
        errors={input.errors}
        saved={input.saved}
        returned={input.row.status === 'returned' ? latestReturn(events) : null}
      />,
      input.status ?? 200,
    );
  };

  const renderDetail = async (request: FastifyRequest, reply: FastifyReply, row: ApplicationRow, extra: { notice?: string; error?: string; status?: number } = {}) => {
    const orderer = row.orderer_id ? await findOrdererWithPolicy(ctx.db, row.orderer_id) : null;
    const ordererName = orderer?.name ?? (row.orderer_id ? ((await ctx.db.selectFrom('organisations').select('name').where('id', '=', row.orderer_id).executeTakeFirst())?.name ?? null) : null);
    const events = await listApplicationEvents(ctx.db, row.contractor_id, row.id);
    return sendPage(
      reply,
      <DetailPage
        view={enetView(ctx, request, reply)}
        applicationId={row.id}
        status={row.status}
        content={contentOf(row)}
        names={{ suretyName: await findSuretyName(ctx.db, row.surety_id), orderer, ordererName }}
        submittedAt={row.submitted_at ? new Date(row.submitted_at) : null}
        events={events}
        returned={latestReturn(events)}
        notice={extra.notice}
        error={extra.error}
        guarantee={row.status === 'concluded' ? await findGuaranteeOfApplication(ctx.db, row.contractor_id, row.id) : null}
        change={changeSummaryOf(row)}
      />,
      extra.status ?? 200,
    );
  };

  const renderConfirm = async (request: FastifyRequest, reply: FastifyReply, row: ApplicationRow, extra: { message?: string; status?: number } = {}) => {
    const orderer = row.orderer_id ? await findOrdererWithPolicy(ctx.db, row.orderer_id) : null;
    const content = contentOf(row);
    const problems = submissionProblems(content, orderer);
    if (problems || !orderer) return reply.redirect(`/enet/applications/${row.id}/${problems?.step ?? 'basics'}?check=1`, 303);
    return sendPage(
      reply,
      <ConfirmPage
        view={enetView(ctx, request, reply)}
        applicationId={row.id}
        revision={row.revision}
        content={content}
        names={{ suretyName: await findSuretyName(ctx.db, row.surety_id), orderer, ordererName: orderer.name }}
        eligibility={eligibilityOf(content, orderer)!}
        notices={ordererNotices(orderer, content.category)}
        resubmission={row.status === 'returned'}
        message={extra.message}
      />,
      extra.status ?? 200,
    );
  };

  // 申込一覧 -----------------------------------------------------------------

  app.get('/enet/applications', guard, async (request, reply) => {
    const items = await listApplications(ctx.db, actorOf(request).organisationId);
    return sendPage(reply, <ListPage view={enetView(ctx, request, reply)} items={items} />);
  });

  // 手順1 (new) --------------------------------------------------------------

  app.get('/enet/applications/new', guard, async (request, reply) => {
    const q = (request.query as { q?: string }).q ?? '';
    return renderBasics(request, reply, { row: null, values: {}, query: typeof q === 'string' ? q : '' });
  });

  app.post('/enet/applications/new', guard, async (request, reply) => {
    const form = parseForm(basicsSchema, request.body);
    if (!form.ok) return renderBasics(request, reply, { row: null, values: form.values, errors: refusedBasics(form.errors, form.values), status: 400 });
    const data = form.data;
    const orderer = data.ordererId ? await findOrdererWithPolicy(ctx.db, data.ordererId) : null;
    const errors = basicsProblems(data, orderer, { complete: data.intent !== 'save' });
    const sureties = await listActiveSureties(ctx.db);
    let suretyId: string | null = null;
    if (sureties.length === 0) errors._form = '現在、保証の申込みを受け付けている保証会社がありません。しばらくしてから、もう一度お試しください。';
    else if (sureties.length === 1) suretyId = sureties[0]!.id;
    else if (!data.suretyId) errors.suretyId = '申込先の保証会社を選択してください。';
    else if (!sureties.some((s) => s.id === data.suretyId)) errors.suretyId = '申込先の保証会社を選択し直してください。';
    else suretyId = data.suretyId;
    if (Object.keys(errors).length > 0 || !suretyId) return renderBasics(request, reply, { row: null, values: form.values, errors: withMissingFields(errors, {}, [], BASICS_ORDER), status: 400 });
    if (data.intent === 'check') return renderBasics(request, reply, { row: null, values: form.values });
    const id = await createApplicationDraft(ctx.db, actorOf(request), { ...data, suretyId }, { ip: request.ip, now: ctx.now() });
    return reply.redirect(data.intent === 'save' ? `/enet/applications/${id}/basics?saved=1` : `/enet/applications/${id}/contract`, 303);
  });

  // 申込の内容・履歴 ------------------------------------------------------------

  app.get('/enet/applications/:id', guard, async (request, reply) => {
    const row = await ownApplication(request);
    const done = (request.query as { done?: string }).done;
    return renderDetail(request, reply, row, { notice: done ? DETAIL_NOTICES[done] : undefined });
  });

  app.get('/enet/applications/:id/resume', guard, async (request, reply) => {
    const row = await ownApplication(request);
    if (!isEditableByContractor(row.status)) return reply.redirect(`/enet/applications/${row.id}`, 303);
    const orderer = row.orderer_id ? await findOrdererWithPolicy(ctx.db, row.orderer_id) : null;
    const content = contentOf(row);
    if (Object.keys(basicsProblems(content, orderer, { complete: true })).length > 0 || !orderer) return reply.redirect(`/enet/applications/${row.id}/basics`, 303);
    if (Object.keys(contractProblems(content, orderer)).length > 0) return reply.redirect(`/enet/applications/${row.id}/contract`, 303);
    return reply.redirect(`/enet/applications/${row.id}/confirm`, 303);
  });

  // 手順1 (edit) -------------------------------------------------------------

  app.get('/enet/applications/:id/basics', guard, async (request, reply) => {
    const row = await ownApplication(request);
    if (!isEditableByContractor(row.status)) return reply.redirect(`/enet/applications/${row.id}?done=not_editable`, 303);
    const query = request.query as { q?: string; saved?: string; check?: string };
    const content = contentOf(row);
    let errors: FormErrors | undefined;
    if (query.check) {
      const orderer = row.orderer_id ? await findOrdererWithPolicy(ctx.db, row.orderer_id) : null;
      errors = basicsProblems(content, orderer, { complete: true });
    }
    return renderBasics(request, reply, {
      row,
      values: basicsValues(content),
      errors,
      query: typeof query.q === 'string' ? query.q : '',
      saved: query.saved ? formatWarekiDateTime(row.updated_at) : undefined,
    });
  });

  app.post('/enet/applications/:id/basics', guard, async (request, reply) => {
    const row = await ownApplication(request);
    const form = parseForm(basicsSchema, request.body);
    if (!form.ok) return renderBasics(request, reply, { row, values: form.values, errors: refusedBasics(form.errors, form.values), status: 400 });
    const data = form.data;
    const orderer = data.ordererId ? await findOrdererWithPolicy(ctx.db, data.ordererId) : null;
    const errors = basicsProblems(data, orderer, { complete: data.intent !== 'save' });
    let suretyId: string | null = null;
    if (data.suretyId && row.status === 'draft') {
      const sureties = await listActiveSureties(ctx.db);
      if (!sureties.some((s) => s.id === data.suretyId)) errors.suretyId = '申込先の保証会社を選択し直してください。';
      else suretyId = data.suretyId;
    }
    if (data.revision === undefined) errors._form = '画面の有効期限が切れました。画面を再読み込みしてから、もう一度操作してください。';
    if (Object.keys(errors).length > 0) return renderBasics(request, reply, { row, values: form.values, errors: withMissingFields(errors, {}, [], BASICS_ORDER), status: 400 });
    if (data.intent === 'check') return renderBasics(request, reply, { row, values: form.values });
    const result = await saveApplicationBasics(ctx.db, actorOf(request), row.id, data.revision!, { ...data, suretyId }, orderer, { ip: request.ip, now: ctx.now() });
    if (!result.ok) {
      if (result.reason === 'not_found') throw notFound();
      if (result.reason === 'not_editable') return reply.redirect(`/enet/applications/${row.id}?done=not_editable`, 303);
      return renderBasics(request, reply, { row: result.row ?? row, values: form.values, errors: { _form: STALE }, status: 409 });
    }
    return reply.redirect(data.intent === 'save' ? `/enet/applications/${row.id}/basics?saved=1` : `/enet/applications/${row.id}/contract`, 303);
  });

  // 手順2 -------------------------------------------------------------------

  app.get('/enet/applications/:id/contract', guard, async (request, reply) => {
    const row = await ownApplication(request);
    if (!isEditableByContractor(row.status)) return reply.redirect(`/enet/applications/${row.id}?done=not_editable`, 303);
    const orderer = row.orderer_id ? await findOrdererWithPolicy(ctx.db, row.orderer_id) : null;
    const content = contentOf(row);
    if (!orderer || Object.keys(basicsProblems(content, orderer, { complete: true })).length > 0) return reply.redirect(`/enet/applications/${row.id}/basics?check=1`, 303);
    const query = request.query as { saved?: string; check?: string };
    const errors = query.check ? contractProblems(content, orderer) : undefined;
    return renderContract(request, reply, { row, orderer, values: contractValues(content), errors, saved: query.saved ? formatWarekiDateTime(row.updated_at) : undefined });
  });

  app.post('/enet/applications/:id/contract', guard, async (request, reply) => {
    const row = await ownApplication(request);
    if (!isEditableByContractor(row.status)) return reply.redirect(`/enet/applications/${row.id}?done=not_editable`, 303);
    const orderer = row.orderer_id ? await findOrdererWithPolicy(ctx.db, row.orderer_id) : null;
    if (!orderer || Object.keys(basicsProblems(contentOf(row), orderer, { complete: true })).length > 0) return reply.redirect(`/enet/applications/${row.id}/basics?check=1`, 303);
    const form = parseForm(contractSchema, request.body);
    if (!form.ok) return renderContract(request, reply, { row, orderer, values: form.values, errors: refusedContract(form.errors, form.values), status: 400 });
    const details = contractDetailsOf(form.data);
    const merged: ApplicationContent = { ...contentOf(row), ...details };
    let errors: FormErrors = {};
    if (form.data.intent === 'next') {
      errors = contractProblems(merged, orderer);
    } else if (details.delivery === 'electronic') {
      const allowed = eligibilityOf(merged, orderer);
      if (allowed && !allowed.allowed) errors.delivery = `電子交付は選択できません。${allowed.reasons.join('')}`;
    }
    if (Object.keys(errors).length > 0) return renderContract(request, reply, { row, orderer, values: form.values, errors: withMissingFields(errors, {}, [], CONTRACT_ORDER), status: 400 });
    const result = await saveContractDetails(ctx.db, actorOf(request), row.id, form.data.revision, details, { ip: request.ip, now: ctx.now() });
    if (!result.ok) {
      if (result.reason === 'not_found') throw notFound();
      if (result.reason === 'not_editable') return reply.redirect(`/enet/applications/${row.id}?done=not_editable`, 303);
      return renderContract(request, reply, { row: result.row ?? row, orderer, values: form.values, errors: { _form: STALE }, status: 409 });
    }
    const next = { next: 'confirm', save: 'contract?saved=1', back: 'basics' }[form.data.intent];
    return reply.redirect(`/enet/applications/${row.id}/${next}`, 303);
  });

  // 手順3・4 ------------------------------------------------------------------

  app.get('/enet/applications/:id/confirm', guard, async (request, reply) => {
    const row = await ownApplication(request);
    if (!isEditableByContractor(row.status)) return reply.redirect(`/enet/applications/${row.id}`, 303);
    return renderConfirm(request, reply, row);
  });

  app.post('/enet/applications/:id/submit', guard, async (request, reply) => {
    const row = await ownApplication(request);
    const form = parseForm(submitSchema, request.body);
    if (!form.ok) return renderConfirm(request, reply, row, { message: '画面の有効期限が切れました。内容を確認して、もう一度申し込んでください。', status: 400 });
    const result = await submitApplication(ctx.db, actorOf(request), row.id, form.data.revision, { ip: request.ip, now: ctx.now(), baseUrl: ctx.config.baseUrl });
    if (result.ok) return reply.redirect(`/enet/applications/${row.id}?done=${result.resubmitted ? 'resubmitted' : 'submitted'}`, 303);
    switch (result.reason) {
      case 'not_found':
        throw notFound();
      case 'not_submittable':
        return reply.redirect(`/enet/applications/${row.id}?done=${result.row.status === 'submitted' ? 'already' : 'not_editable'}`, 303);
      case 'stale': {
        const fresh = (await findApplication(ctx.db, actorOf(request).organisationId, row.id)) ?? row;
        return renderConfirm(request, reply, fresh, { message: STALE, status: 409 });
      }
      case 'invalid':
        return reply.redirect(`/enet/applications/${row.id}/${result.step}?check=1`, 303);
    }
  });

  // 取下げ -------------------------------------------------------------------

  app.get('/enet/applications/:id/withdraw', guard, async (request, reply) => {
    const row = await ownApplication(request);
    if (!canApply('withdraw', row.status)) return renderDetail(request, reply, row, { error: withdrawRefusal(row) });
    return sendPage(reply, <WithdrawPage view={enetView(ctx, request, reply)} applicationId={row.id} workName={row.work_name} status={row.status} values={{}} />);
  });

  app.post('/enet/applications/:id/withdraw', guard, async (request, reply) => {
    const row = await ownApplication(request);
    const form = parseForm(withdrawSchema, request.body);
    if (!form.ok) {
      return sendPage(reply, <WithdrawPage view={enetView(ctx, request, reply)} applicationId={row.id} workName={row.work_name} status={row.status} values={form.values} errors={form.errors} />, 400);
    }
    const result = await withdrawApplication(ctx.db, actorOf(request), row.id, form.data.reason, { ip: request.ip, now: ctx.now() });
    if (result.ok) return reply.redirect(`/enet/applications/${row.id}?done=withdrawn`, 303);
    if (result.reason === 'not_found') throw notFound();
    return renderDetail(request, reply, result.row, { error: withdrawRefusal(result.row), status: 409 });
  });
}

/** What a change request (変更・解約の申込み, src/lifecycle) changes, for its detail page. */
function changeSummaryOf(row: ApplicationRow) {
  const details = changeDetailsOf(row);
  return details ? { guaranteeContractNumber: details.guaranteeContractNumber, baseVersion: details.baseVersion, cancellation: details.type === 'cancellation' } : null;
}

function withdrawRefusal(row: ApplicationRow): string {
  if (row.status === 'concluded') return 'この申込は保証契約が締結されているため、取り下げできません。保証の変更・解約は保証会社にご相談ください。';
  return `この申込は「${APPLICATION_STATUS_LABELS[row.status]}」のため、取り下げできません。`;
}
