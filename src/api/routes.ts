// The orderer API under /api/v1 (documented in openapi.ts). Token-authenticated, no cookies, no
// CSRF (config.csrf = false). Guards in one order: the token (requireApiToken) → the input
// (zod, Japanese messages, 400 invalid_input with fields) → the use case in one transaction.
// Errors are AppErrors, rendered as JSON by src/web/error-handler.tsx.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { isCertificateStatus, normalizeTyped, parseAuthenticationKey, parseGuaranteeContractNumber, type CertificateStatus } from '../domain/index.ts';
import { decodeCursor, listRegisteredCertificates } from '../dsure/certificates/list-certificates.ts';
import { KEY_ENTRY_REFUSED_MESSAGE, recordMalformedKeyEntry } from '../dsure/certificates/register-certificate-with-key.ts';
import { issuerJwks } from '../dsure/issuer-keys.ts';
import { AppError } from '../web/errors.ts';
import { registerApiAdminRoutes } from './admin/routes.tsx';
import { decorateApiPrincipal, principalOf, requireApiToken } from './auth.ts';
import { lookupCertificate } from './certificates/lookup-certificate.ts';
import { readCertificate } from './certificates/read-certificate.ts';
import { certificateDetail, certificateSummary } from './certificates/serialize.ts';
import { openApiDocument } from './openapi.ts';

export const API_PREFIX = '/api/v1';

export const NOT_REGISTERED_MESSAGE = 'この保証契約番号の電子証書は、貴団体の電子証書一覧にありません。保証契約番号をご確認ください。新しい電子証書は、認証キーとともに POST /api/v1/certificates/lookup で登録できます。';

/** What was typed, normalised and without control characters (the database's text refuses NUL), for the view log. */
function loggable(typed: string): string {
  // eslint-disable-next-line no-control-regex
  return normalizeTyped(typed).replace(/[\u0000-\u001F\u007F-\u009F]/g, '');
}

function invalidInput(fields: Record<string, string>): AppError {
  return new AppError(400, 'invalid_input', '入力内容に誤りがあります。fields の内容をご確認ください。', { fields });
}

function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '_body';
    fields[field] ??= issue.message;
  }
  return fields;
}

const lookupSchema = z.strictObject(
  {
    guaranteeContractNumber: z
      .string({ error: '保証契約番号（guaranteeContractNumber）を文字列で指定してください。' })
      .max(60, { error: '保証契約番号（guaranteeContractNumber）が長すぎます。' }),
    authenticationKey: z
      .string({ error: '認証キー（authenticationKey）を文字列で指定してください。' })
      .max(80, { error: '認証キー（authenticationKey）が長すぎます。' }),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? '指定できない項目があります（guaranteeContractNumber と authenticationKey だけを送信してください）。' : 'JSON のオブジェクトを送信してください。') },
);

const listSchema = z.object({
  cursor: z
    .string({ error: 'cursor は一度だけ指定してください。' })
    .max(200, { error: 'cursor が正しくありません。前の応答の nextCursor をそのまま指定してください。' })
    .refine((value) => decodeCursor(value) !== null, { error: 'cursor が正しくありません。前の応答の nextCursor をそのまま指定してください。' })
    .optional(),
  limit: z
    .string({ error: 'limit は一度だけ指定してください。' })
    .regex(/^\d{1,3}$/, { error: 'limit は1〜100の整数で指定してください。' })
    .transform(Number)
    .refine((n) => n >= 1 && n <= 100, { error: 'limit は1〜100の整数で指定してください。' })
    .optional(),
  status: z
    .string({ error: 'status は一度だけ指定してください。' })
    .refine(isCertificateStatus, { error: 'status は valid、changed、cancelled、expired のいずれかを指定してください。' })
    .optional(),
});

/** The API under /api/v1 and its administration screen in D-Sure (/dsure/api). */
export function registerApiRoutes(app: FastifyInstance, ctx: AppContext): void {
  decorateApiPrincipal(app);
  registerApiAdminRoutes(app, ctx);
  const guarded = { config: { csrf: false }, preHandler: requireApiToken(ctx) };

  app.get(`${API_PREFIX}/openapi.json`, { config: { csrf: false, public: true } }, async (_request, reply) =>
    reply.header('Cache-Control', 'public, max-age=300').header('Access-Control-Allow-Origin', '*').send(openApiDocument(ctx.config.baseUrl)),
  );

  app.post(`${API_PREFIX}/certificates/lookup`, guarded, async (request, reply) => {
    const principal = principalOf(request);
    const parsed = lookupSchema.safeParse(request.body);
    if (!parsed.success) throw invalidInput(zodFields(parsed.error));
    const number = parseGuaranteeContractNumber(parsed.data.guaranteeContractNumber)?.canonical ?? null;
    const key = parseAuthenticationKey(parsed.data.authenticationKey);
    if (!number || !key) {
      const fields: Record<string, string> = {};
      if (!number) fields.guaranteeContractNumber = '保証契約番号の形式が正しくありません（例：WJ-2026-000123-47）。';
      if (!key) fields.authenticationKey = '認証キーの形式が正しくないか、打ち間違いがあります（4文字ずつ5組、計20文字）。';
      const who = { userId: principal.userId, organisationId: principal.ordererId, organisationCode: principal.ordererCode, ip: request.ip };
      await ctx.db.transaction().execute((trx) => recordMalformedKeyEntry(trx, who, loggable(parsed.data.guaranteeContractNumber), Object.keys(fields), ctx.now()));
      ctx.metrics.lookups.inc({ result: 'malformed' });
      throw invalidInput(fields);
    }
    const now = ctx.now();
    const result = await ctx.db.transaction().execute((trx) => lookupCertificate(trx, ctx.secrets, principal, { number, key, ip: request.ip }, now));
    ctx.metrics.lookups.inc({ result: result.ok ? 'success' : result.reason });
    if (!result.ok) throw new AppError(404, 'not_found', KEY_ENTRY_REFUSED_MESSAGE);
    const jwks = await issuerJwks(ctx.db, result.opened.certificate.issuerCode);
    return reply.send(certificateDetail(result.opened, jwks, ctx.config.baseUrl));
  });

  app.get(`${API_PREFIX}/certificates`, guarded, async (request, reply) => {
    const principal = principalOf(request);
    const parsed = listSchema.safeParse(request.query ?? {});
    if (!parsed.success) throw invalidInput(zodFields(parsed.error));
    const { cursor, limit, status } = parsed.data;
    const page = await listRegisteredCertificates(ctx.db, principal.ordererId, status ? { status: status as CertificateStatus } : {}, {
      after: cursor ?? null,
      limit: limit ?? 20,
      now: ctx.now(),
    });
    return reply.send({ items: page.rows.map(certificateSummary), nextCursor: page.nextCursor });
  });

  app.get(`${API_PREFIX}/certificates/:guaranteeContractNumber`, guarded, async (request: FastifyRequest, reply) => {
    const principal = principalOf(request);
    const raw = (request.params as { guaranteeContractNumber?: string }).guaranteeContractNumber ?? '';
    const number = raw.length <= 60 ? (parseGuaranteeContractNumber(raw)?.canonical ?? null) : null;
    if (!number) throw new AppError(404, 'not_found', NOT_REGISTERED_MESSAGE);
    const opened = await ctx.db.transaction().execute((trx) => readCertificate(trx, principal, { number, ip: request.ip }, ctx.now()));
    if (!opened) throw new AppError(404, 'not_found', NOT_REGISTERED_MESSAGE);
    const jwks = await issuerJwks(ctx.db, opened.certificate.issuerCode);
    return reply.send(certificateDetail(opened, jwks, ctx.config.baseUrl));
  });
}
