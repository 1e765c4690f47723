// D-Sure's certificate routes: 電子証書の閲覧 (key entry), the orderer's list and CSV, the
// certificate view and its downloads. Guards: requirePortal → parseForm → one transaction.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { ROLES_BY_PORTAL } from '../../auth/policies.ts';
import {
  certificateStatus,
  certificateStatusLabel,
  isCertificateStatus,
  isGuaranteeType,
  normalizeTyped,
  parseAuthenticationKey,
  parseGuaranteeContractNumber,
  todayInJapan,
} from '../../domain/index.ts';
import { renderCertificatePdf, versionLabel } from '../../documents/index.ts';
import { canonicalJson, verifyCertificate } from '../../signing/index.ts';
import { parseForm, text } from '../../web/forms.tsx';
import { actorOf, requirePortal } from '../../web/guards.ts';
import { notFound } from '../../web/errors.ts';
import { sendPage } from '../../web/render.tsx';
import { viewContext } from '../../web/request-context.ts';
import { issuerJwks } from '../issuer-keys.ts';
import { CertificatePage } from '../views/certificate-page.tsx';
import { KeyEntryPage } from '../views/key-entry-page.tsx';
import { ListPage } from '../views/list-page.tsx';
import { dsureNav } from '../views/nav.ts';
import { certificatesCsv, csvContentDisposition } from './certificates-csv.ts';
import { EXPIRY_WINDOWS, listRegisteredCertificates, type CertificateFilter, type ExpiryWindow } from './list-certificates.ts';
import { openCertificate } from './open-certificate.ts';
import { KEY_ENTRY_REFUSED_MESSAGE, recordMalformedKeyEntry, registerCertificateWithKey } from './register-certificate-with-key.ts';
import { findRegisteredCertificate, type CertificateVersion, type RegisteredCertificate } from './registered-certificates.ts';

const guard = requirePortal('dsure', ROLES_BY_PORTAL.dsure);

function typed(label: string, max: number, parse: (value: string) => string | null, problem: string) {
  return z
    .string({ error: `${label}を入力してください。` })
    .transform((value, check) => {
      if (normalizeTyped(value).length === 0) {
        check.addIssue({ code: 'custom', message: `${label}を入力してください。` });
        return z.NEVER;
      }
      const parsed = value.length <= max ? parse(value) : null;
      if (!parsed) {
        check.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return parsed;
    });
}

const keyEntrySchema = z.object({
  number: typed(
    '保証契約番号',
    60,
    (value) => parseGuaranteeContractNumber(value)?.canonical ?? null,
    '保証契約番号の形式が正しくありません。「認証キー等のお知らせ」の記載（例：WJ-2026-000123-47）と照らし合わせてください。',
  ),
  key: typed(
    '認証キー',
    80,
    parseAuthenticationKey,
    '認証キーの形式が正しくないか、打ち間違いがあります。4文字ずつ5組、計20文字を「認証キー等のお知らせ」と照らし合わせてください。',
  ),
});

const listSchema = z.object({
  number: text('保証契約番号', { max: 40, optional: true }).optional(),
  workName: text('工事名', { max: 100, optional: true }).optional(),
  contractor: text('受注者', { max: 100, optional: true }).optional(),
  type: z
    .string()
    .optional()
    .refine((v) => !v || isGuaranteeType(v), '保証の種類を一覧から選んでください。'),
  status: z
    .string()
    .optional()
    .refine((v) => !v || isCertificateStatus(v), '状態を一覧から選んでください。'),
  expiring: z
    .string()
    .optional()
    .refine((v) => !v || (EXPIRY_WINDOWS as readonly number[]).includes(Number(v)), '保証期限の条件を一覧から選んでください。'),
  after: z.string().optional(), // a cursor that is not ours is ignored (decodeCursor), never an error
});

function filterOf(data: z.output<typeof listSchema>): CertificateFilter {
  const filter: CertificateFilter = {};
  if (data.number) filter.number = data.number;
  if (data.workName) filter.workName = data.workName;
  if (data.contractor) filter.contractor = data.contractor;
  if (data.type && isGuaranteeType(data.type)) filter.type = data.type;
  if (data.status && isCertificateStatus(data.status)) filter.status = data.status;
  if (data.expiring) filter.expiringWithin = Number(data.expiring) as ExpiryWindow;
  return filter;
}

/** The canonical number from the URL, or a 404 (any width or hyphens are accepted, as typed). */
function numberParam(request: FastifyRequest): string {
  const raw = (request.params as { number?: string }).number ?? '';
  const parsed = raw.length <= 60 ? parseGuaranteeContractNumber(raw) : null;
  if (!parsed) throw notFound();
  return parsed.canonical;
}

function versionParam(request: FastifyRequest, certificate: RegisteredCertificate): CertificateVersion {
  const raw = (request.query as { version?: string }).version;
  if (raw === undefined || raw === '') return certificate.latest;
  const version = certificate.versions.find((v) => String(v.version) === raw);
  if (!version) throw notFound('指定された版の電子証書はありません。');
  return version;
}

function attachment(reply: FastifyReply, asciiName: string, japaneseName: string): void {
  reply.header('Content-Disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(japaneseName)}`);
}

export function registerCertificateRoutes(app: FastifyInstance, ctx: AppContext): void {
  const view = (request: FastifyRequest, reply: FastifyReply) => viewContext(ctx, request, reply, 'dsure', dsureNav(request.actor));

  app.get('/dsure/view', { preHandler: guard }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const number = typeof query.number === 'string' ? query.number.slice(0, 60) : '';
    return sendPage(reply, <KeyEntryPage view={view(request, reply)} values={{ number }} />);
  });

  app.post('/dsure/view', { preHandler: guard }, async (request, reply) => {
    const actor = actorOf(request);
    const who = { userId: actor.userId, organisationId: actor.organisationId, organisationCode: actor.organisationCode, ip: request.ip };
    const form = parseForm(keyEntrySchema, request.body);
    if (!form.ok) {
      const typedNumber = normalizeTyped(form.values.number ?? '');
      await ctx.db.transaction().execute((trx) => recordMalformedKeyEntry(trx, who, typedNumber, Object.keys(form.errors), ctx.now()));
      ctx.metrics.lookups.inc({ result: 'malformed' });
      return sendPage(reply, <KeyEntryPage view={view(request, reply)} values={form.values} errors={form.errors} />, 400);
    }
    const now = ctx.now();
    const result = await registerCertificateWithKey(ctx.db, ctx.secrets, who, form.data, now);
    ctx.metrics.lookups.inc({ result: result.ok ? 'success' : result.reason });
    if (!result.ok) {
      return sendPage(reply, <KeyEntryPage view={view(request, reply)} values={form.values} refusal={KEY_ENTRY_REFUSED_MESSAGE} />, 400);
    }
    return reply.redirect(`/dsure/certificates/${encodeURIComponent(result.guaranteeContractNumber)}`, 303);
  });

  app.get('/dsure/certificates', { preHandler: guard }, async (request, reply) => {
    const actor = actorOf(request);
    const form = parseForm(listSchema, request.query);
    if (!form.ok) {
      const empty = { rows: [], nextCursor: null };
      return sendPage(reply, <ListPage view={view(request, reply)} values={form.values} errors={form.errors} page={empty} isFirstPage />, 400);
    }
    const page = await listRegisteredCertificates(ctx.db, actor.organisationId, filterOf(form.data), { after: form.data.after ?? null, now: ctx.now() });
    return sendPage(reply, <ListPage view={view(request, reply)} values={form.values} page={page} isFirstPage={!form.data.after} />);
  });

  app.get('/dsure/certificates.csv', { preHandler: guard }, async (request, reply) => {
    const actor = actorOf(request);
    const form = parseForm(listSchema, request.query);
    if (!form.ok) {
      return sendPage(reply, <ListPage view={view(request, reply)} values={form.values} errors={form.errors} page={{ rows: [], nextCursor: null }} isFirstPage />, 400);
    }
    const now = ctx.now();
    const csv = await certificatesCsv(ctx.db, actor.organisationId, filterOf(form.data), now);
    return reply.type('text/csv; charset=utf-8').header('Content-Disposition', csvContentDisposition(now)).send(csv);
  });

  app.get('/dsure/certificates/:number', { preHandler: guard }, async (request, reply) => {
    const actor = actorOf(request);
    const number = numberParam(request);
    const now = ctx.now();
    const opened = await ctx.db.transaction().execute((trx) => openCertificate(trx, { userId: actor.userId, organisationId: actor.organisationId, ip: request.ip }, number, now));
    if (!opened) throw notFound();
    const { certificate } = opened;
    const shown = versionParam(request, certificate);
    const jwks = await issuerJwks(ctx.db, certificate.issuerCode);
    const versionChecks = new Map(certificate.versions.map((v) => [v.version, verifyCertificate(v.signed, jwks).valid]));
    return sendPage(
      reply,
      <CertificatePage
        view={view(request, reply)}
        certificate={certificate}
        shown={shown}
        status={opened.status}
        previouslyOpenedVersion={opened.previouslyOpenedVersion}
        verification={verifyCertificate(shown.signed, jwks)}
        versionChecks={versionChecks}
        checkedAt={now}
        viewer={{ organisationName: actor.organisationName, displayName: actor.displayName }}
      />,
    );
  });

  app.get('/dsure/certificates/:number/certificate.json', { preHandler: guard }, async (request, reply) => {
    const actor = actorOf(request);
    const certificate = await findRegisteredCertificate(ctx.db, actor.organisationId, numberParam(request));
    if (!certificate) throw notFound();
    const shown = versionParam(request, certificate);
    const body = `${JSON.stringify(JSON.parse(canonicalJson(shown.signed)), null, 2)}\n`;
    attachment(reply, `${certificate.guaranteeContractNumber}_v${shown.version}.json`, `電子証書_${certificate.guaranteeContractNumber}_${versionLabel(shown.version)}.json`);
    return reply.type('application/json; charset=utf-8').send(body);
  });

  app.get('/dsure/certificates/:number/certificate.pdf', { preHandler: guard }, async (request, reply) => {
    const actor = actorOf(request);
    const certificate = await findRegisteredCertificate(ctx.db, actor.organisationId, numberParam(request));
    if (!certificate) throw notFound();
    const shown = versionParam(request, certificate);
    const jwks = await issuerJwks(ctx.db, certificate.issuerCode);
    const valid = verifyCertificate(shown.signed, jwks).valid;
    const latest = certificate.latest.signed.content;
    const current = certificateStatus({
      latestVersion: latest.version,
      cancelled: latest.cancelled,
      guaranteePeriodEnd: latest.guaranteePeriodEnd,
      lastOpenedVersion: null,
      today: todayInJapan(ctx.now()),
    });
    const statusLabel = !valid
      ? '署名を確認できません'
      : shown.version !== latest.version
        ? `変更済（旧版・最新は${versionLabel(latest.version)}）`
        : certificateStatusLabel(current);
    const pdf = await renderCertificatePdf(shown.signed, { statusLabel });
    attachment(reply, `${certificate.guaranteeContractNumber}_v${shown.version}.pdf`, `保証証書_${certificate.guaranteeContractNumber}_${versionLabel(shown.version)}.pdf`);
    return reply.type('application/pdf').send(pdf);
  });
}
