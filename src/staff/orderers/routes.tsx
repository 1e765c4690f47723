// /staff/orderers: the orderers' e-guarantee policies. Everyone in the back office reads them;
// the administrator adds a municipality and edits its dates, types, channels, sections, ratios.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { formValues } from '../../web/forms.tsx';
import { actorOf, requirePortal } from '../../web/guards.ts';
import { notFound } from '../../web/errors.ts';
import { sendPage } from '../../web/render.tsx';
import { ADMIN_ROLES, idParam, STAFF_ROLES, staffActor, staffView } from '../common.tsx';
import { createOrderer } from './create-orderer.ts';
import { blankPolicyValues, categoryCodesOf, policyFromForm, policyToValues } from './policy-form.ts';
import { unsafeFindOrderer, unsafeListOrderers } from './queries.ts';
import { updateOrdererPolicy } from './update-orderer-policy.ts';
import { OrdererListPage, PolicyFormPage } from './views.tsx';

const NOTICES: Record<string, string> = {
  created: '発注者を追加しました。',
  saved: '電子保証の設定を保存しました。',
};

export function registerStaffOrdererRoutes(app: FastifyInstance, ctx: AppContext): void {
  const readGuard = { preHandler: requirePortal('staff', STAFF_ROLES) };
  const adminGuard = { preHandler: requirePortal('staff', ADMIN_ROLES) };
  const notice = (query: unknown) => NOTICES[String((query as Record<string, unknown>).notice ?? '')];

  app.get('/staff/orderers', readGuard, async (request, reply) => {
    const actor = actorOf(request);
    const orderers = await unsafeListOrderers(ctx.db);
    return sendPage(reply, <OrdererListPage view={staffView(ctx, request, reply)} orderers={orderers} admin={ADMIN_ROLES.includes(actor.role)} notice={notice(request.query)} />);
  });

  app.get('/staff/orderers/new', adminGuard, async (request, reply) => {
    const values = blankPolicyValues();
    return sendPage(reply, <PolicyFormPage view={staffView(ctx, request, reply)} mode="new" action="/staff/orderers" categoryCodes={categoryCodesOf(values)} values={values} />);
  });

  app.post('/staff/orderers', adminGuard, async (request, reply) => {
    const values = formValues(request.body);
    const parsed = policyFromForm(values);
    const render = (errors: Record<string, string>) =>
      sendPage(reply, <PolicyFormPage view={staffView(ctx, request, reply)} mode="new" action="/staff/orderers" categoryCodes={categoryCodesOf(values)} values={values} errors={errors} />, 400);
    if (!parsed.ok) return render(parsed.errors);
    const actor = staffActor(request);
    const result = await ctx.db.transaction().execute((trx) => createOrderer(trx, actor, parsed.policy, ctx.now()));
    if (!result.ok) return render({ [result.field]: result.message });
    return reply.redirect(`/staff/orderers/${result.ordererId}?notice=created`, 303);
  });

  app.get('/staff/orderers/:id', readGuard, async (request, reply) => {
    const id = idParam(request);
    const actor = actorOf(request);
    const orderer = await unsafeFindOrderer(ctx.db, id);
    if (!orderer) throw notFound();
    const values = orderer.policy ? policyToValues(orderer.policy) : { ...blankPolicyValues(), ordererCode: orderer.code, ordererName: orderer.name };
    return sendPage(
      reply,
      <PolicyFormPage
        view={staffView(ctx, request, reply)}
        mode="edit"
        action={`/staff/orderers/${orderer.id}`}
        ordererCode={orderer.code}
        categoryCodes={categoryCodesOf(values)}
        values={values}
        notice={notice(request.query) ?? (orderer.storedPolicy !== null && !orderer.policy ? '保存されている設定に誤りがあるため、初期値を表示しています。' : undefined)}
        readOnly={!ADMIN_ROLES.includes(actor.role)}
      />,
    );
  });

  app.post('/staff/orderers/:id', adminGuard, async (request, reply) => {
    const id = idParam(request);
    const orderer = await unsafeFindOrderer(ctx.db, id);
    if (!orderer) throw notFound();
    const values = formValues(request.body);
    const parsed = policyFromForm(values, { existing: orderer.policy ?? undefined, fixedCode: orderer.code });
    if (!parsed.ok) {
      return sendPage(
        reply,
        <PolicyFormPage view={staffView(ctx, request, reply)} mode="edit" action={`/staff/orderers/${orderer.id}`} ordererCode={orderer.code} categoryCodes={categoryCodesOf(values)} values={values} errors={parsed.errors} />,
        400,
      );
    }
    const actor = staffActor(request);
    const saved = await ctx.db.transaction().execute((trx) => updateOrdererPolicy(trx, actor, { ordererId: orderer.id, policy: parsed.policy }, ctx.now()));
    if (!saved) throw notFound();
    return reply.redirect(`/staff/orderers/${orderer.id}?notice=saved`, 303);
  });
}
