// 電子証書の確認 (/enet/certificates): STEP 3 and 4 of the leaflet. The company's guarantee
// contracts → the certificate screen (prints as the 保証証書) → 「認証キー」の表示 → the PDF
// 『電子証書閲覧用「認証キー」等のお知らせ』; also the PDFs of the certificate, the お客様控え and
// the 保証料計算書. Guards in order: requirePortal → the parameters and form → one transaction.
// Only the contractor company's users see its certificates; anything else is 404.
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { ROLES_BY_PORTAL } from '../../auth/policies.ts';
import { GUARANTEE_TYPES, todayInJapan, type GuaranteeType } from '../../domain/index.ts';
import { versionLabel } from '../../documents/index.ts';
import { viewingHistory } from '../../dsure/viewing-history.ts';
import { issuerPublicJwks } from '../../issuance/signing-keys.ts';
import { verifyCertificate } from '../../signing/index.ts';
import { electronicSubmissionLink } from '../../submission/enet/submission-page.ts';
import { parseForm } from '../../web/forms.tsx';
import { actorOf, requirePortal } from '../../web/guards.ts';
import { AppError, notFound } from '../../web/errors.ts';
import { sendPage } from '../../web/render.tsx';
import { isUuid } from '../shared/ids.ts';
import { enetView } from '../shared/view.ts';
import { canonicalNumber, contractorActor, sendPdf, statusOf, statusOfLatest, versionOf } from './common.ts';
import { displayAuthenticationKey } from './display-authentication-key.ts';
import { downloadAuthenticationKeyNotice } from './download-authentication-key-notice.ts';
import { downloadCertificatePdf } from './download-certificate-pdf.ts';
import { downloadCustomerCopy } from './download-customer-copy.ts';
import { downloadFeeStatement } from './download-fee-statement.ts';
import { assertLookupAllowed, recordLookupMiss } from './lookup-throttle.ts';
import { CERTIFICATE_LIST_PAGE_SIZE, contractorOrderers, findContractorGuarantee, listContractorCertificates, type ListStatus } from './queries.ts';
import { AuthenticationKeyPage, CertificatePage, ListPage } from './views.tsx';

const STYLESHEET = readFileSync(new URL('./certificate.css', import.meta.url));

const PAPER_NO_KEY = '書面で交付する保証契約のため、認証キーはありません。保証事業会社からお届けする書面の保証証書を発注者へご提出ください。';
const PAPER_NO_PDF = '書面で交付する保証契約のため、保証証書のPDFはありません。書面の保証証書をご利用ください。';

const filterSchema = z.object({
  type: z
    .string()
    .optional()
    .refine((v) => !v || (GUARANTEE_TYPES as readonly string[]).includes(v), '保証の種類は一覧から選んでください。'),
  orderer: z
    .string()
    .optional()
    .refine((v) => !v || isUuid(v), '発注者は一覧から選んでください。'),
  status: z
    .string()
    .optional()
    .refine((v) => !v || v === 'valid' || v === 'expired' || v === 'cancelled', '状態は一覧から選んでください。'),
  page: z
    .string()
    .optional()
    .refine((v) => !v || /^[1-9]\d{0,4}$/.test(v), 'ページの指定が正しくありません。'),
});

export function registerEnetCertificateRoutes(app: FastifyInstance, ctx: AppContext): void {
  const guard = { preHandler: requirePortal('enet', ROLES_BY_PORTAL.enet) };

  /** The canonical 保証契約番号 of the URL; throttled, and a miss is counted. */
  const numberOf = async (request: FastifyRequest): Promise<string> => {
    const actor = actorOf(request);
    await assertLookupAllowed(ctx.db, actor.userId, ctx.now());
    const number = canonicalNumber((request.params as { guaranteeContractNumber?: unknown }).guaranteeContractNumber);
    if (!number) return missed(request);
    return number;
  };

  const missed = async (request: FastifyRequest, message?: string): Promise<never> => {
    await recordLookupMiss(ctx.db, actorOf(request).userId, ctx.now());
    throw notFound(message);
  };

  const queryOf = (request: FastifyRequest) => request.query as Record<string, unknown>;

  app.get('/enet/certificates/certificate.css', guard, async (_request, reply) =>
    reply.header('Cache-Control', 'private, max-age=3600').type('text/css; charset=utf-8').send(STYLESHEET),
  );

  // 電子証書の確認: the list, filtered by type, orderer and status; newest first.
  app.get('/enet/certificates', guard, async (request, reply) => {
    const actor = actorOf(request);
    const form = parseForm(filterSchema, request.query);
    const orderers = await contractorOrderers(ctx.db, actor.organisationId);
    const view = enetView(ctx, request, reply);
    if (!form.ok) {
      return sendPage(reply, <ListPage view={view} items={[]} total={0} page={1} pageCount={1} orderers={orderers} values={form.values} errors={form.errors} pageUrl={() => '/enet/certificates'} />, 400);
    }
    const filter = {
      ...(form.data.type ? { guaranteeType: form.data.type as GuaranteeType } : {}),
      ...(form.data.orderer ? { ordererId: form.data.orderer.toLowerCase() } : {}),
      ...(form.data.status ? { status: form.data.status as ListStatus } : {}),
    };
    const page = Number(form.data.page ?? '1');
    const now = ctx.now();
    const { items, total } = await listContractorCertificates(ctx.db, actor.organisationId, filter, todayInJapan(now), page);
    const pageCount = Math.max(1, Math.ceil(total / CERTIFICATE_LIST_PAGE_SIZE));
    const pageUrl = (n: number) => {
      const params = new URLSearchParams();
      for (const name of ['type', 'orderer', 'status'] as const) if (form.data[name]) params.set(name, form.data[name] as string);
      if (n > 1) params.set('page', String(n));
      const query = params.toString();
      return `/enet/certificates${query ? `?${query}` : ''}`;
    };
    if (items.length === 0 && page > pageCount) return reply.redirect(pageUrl(pageCount), 303);
    const withStatus = items.map((item) => ({ ...item, status: statusOfLatest({ content: item.content, guaranteeCancelled: item.guaranteeStatus === 'cancelled' }, now) }));
    return sendPage(reply, <ListPage view={view} items={withStatus} total={total} page={page} pageCount={pageCount} orderers={orderers} values={form.values} pageUrl={pageUrl} />);
  });

  // The certificate screen (STEP 3): everything a paper certificate shows, its status, its
  // signature, the orderers' viewing history, print and downloads.
  app.get('/enet/certificates/:guaranteeContractNumber', guard, async (request, reply) => {
    const number = await numberOf(request);
    const asked = (request.params as { guaranteeContractNumber: string }).guaranteeContractNumber;
    if (asked !== number) {
      const version = queryOf(request).version;
      return reply.redirect(`/enet/certificates/${encodeURIComponent(number)}${typeof version === 'string' && /^\d{1,6}$/.test(version) ? `?version=${version}` : ''}`, 301);
    }
    const actor = actorOf(request);
    const guarantee = await findContractorGuarantee(ctx.db, actor.organisationId, number);
    if (!guarantee) return missed(request);
    const shown = versionOf(guarantee, queryOf(request).version);
    if (!shown) throw notFound('指定された版はありません。');
    const jwks = await issuerPublicJwks(ctx.db, guarantee.suretyId);
    const history = guarantee.delivery === 'electronic' ? await viewingHistory(ctx.db, number) : null;
    const submissionLink = await electronicSubmissionLink(ctx.db, actor.organisationId, guarantee);
    return sendPage(
      reply,
      <CertificatePage
        submissionLink={submissionLink}
        view={enetView(ctx, request, reply)}
        guarantee={guarantee}
        shown={shown}
        status={statusOf(guarantee, shown, ctx.now())}
        verification={verifyCertificate(shown.signed, jwks)}
        history={history}
      />,
    );
  });

  // 「認証キー」の表示 (STEP 4): a POST from the certificate screen; the page is the response
  // (never cached: Cache-Control no-store is the default of every page).
  app.post('/enet/certificates/:guaranteeContractNumber/authentication-key', guard, async (request, reply) => {
    const number = await numberOf(request);
    const actor = contractorActor(request);
    const result = await ctx.db.transaction().execute((trx) => displayAuthenticationKey(trx, ctx.secrets, actor, number, ctx.now()));
    if (!result.ok) return result.reason === 'paper' ? Promise.reject(new AppError(404, 'not_found', PAPER_NO_KEY)) : missed(request);
    return sendPage(
      reply,
      <AuthenticationKeyPage view={enetView(ctx, request, reply)} content={result.content} authenticationKey={result.authenticationKey} submission={result.submission} />,
    );
  });

  // Reloading or bookmarking the key page leads back to the certificate screen.
  app.get('/enet/certificates/:guaranteeContractNumber/authentication-key', guard, async (request, reply) => {
    const number = await numberOf(request);
    return reply.redirect(`/enet/certificates/${encodeURIComponent(number)}`, 303);
  });

  // 『電子証書閲覧用「認証キー」等のお知らせ』 (PDF): it carries the key, so it is fetched by POST like the key itself.
  app.post('/enet/certificates/:guaranteeContractNumber/authentication-key-notice.pdf', guard, async (request, reply) => {
    const number = await numberOf(request);
    const actor = contractorActor(request);
    const result = await ctx.db.transaction().execute((trx) => downloadAuthenticationKeyNotice(trx, { secrets: ctx.secrets, baseUrl: ctx.config.baseUrl }, actor, number, ctx.now()));
    if (!result.ok) return result.reason === 'paper' ? Promise.reject(new AppError(404, 'not_found', PAPER_NO_KEY)) : missed(request);
    return sendPdf(reply, result.pdf, { ascii: `authentication-key-notice_${number}.pdf`, japanese: `認証キー等のお知らせ_${number}.pdf` });
  });

  app.get('/enet/certificates/:guaranteeContractNumber/certificate.pdf', guard, async (request, reply) => {
    const number = await numberOf(request);
    const actor = contractorActor(request);
    const result = await ctx.db.transaction().execute((trx) => downloadCertificatePdf(trx, actor, { guaranteeContractNumber: number, version: queryOf(request).version }, ctx.now()));
    if (!result.ok) return result.reason === 'paper' ? Promise.reject(new AppError(404, 'not_found', PAPER_NO_PDF)) : missed(request);
    return sendPdf(reply, result.pdf, { ascii: `certificate_${number}_v${result.version}.pdf`, japanese: `保証証書_${number}_${versionLabel(result.version)}.pdf` });
  });

  app.get('/enet/certificates/:guaranteeContractNumber/customer-copy.pdf', guard, async (request, reply) => {
    const number = await numberOf(request);
    const actor = contractorActor(request);
    const result = await ctx.db.transaction().execute((trx) => downloadCustomerCopy(trx, actor, { guaranteeContractNumber: number, version: queryOf(request).version }, ctx.now()));
    if (!result.ok) return missed(request);
    return sendPdf(reply, result.pdf, { ascii: `customer-copy_${number}_v${result.version}.pdf`, japanese: `お客様控え_${number}_${versionLabel(result.version)}.pdf` });
  });

  app.get('/enet/certificates/:guaranteeContractNumber/fee-statements/:feeStatementId', guard, async (request, reply) => {
    const number = await numberOf(request);
    const feeStatementId = (request.params as { feeStatementId: string }).feeStatementId;
    if (!isUuid(feeStatementId)) return missed(request);
    const actor = contractorActor(request);
    const result = await ctx.db.transaction().execute((trx) => downloadFeeStatement(trx, actor, { guaranteeContractNumber: number, feeStatementId: feeStatementId.toLowerCase() }, ctx.now()));
    if (!result.ok) return missed(request);
    return sendPdf(reply, result.pdf, { ascii: `fee-statement_${number}.pdf`, japanese: `${result.kind}_${number}.pdf` });
  });
}

