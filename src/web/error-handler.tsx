// The one place where errors become responses: a Japanese page for people,
// JSON for the API. Input never produces a 500; a bug does, and is logged.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { CONTENT_SECURITY_POLICY } from '../security/headers.ts';
import { AppError } from './errors.ts';
import { Layout } from './layout.tsx';
import type { Portal } from './portals.ts';
import { renderHtml } from './render.tsx';
import { viewContext } from './request-context.ts';

const TITLES: Record<number, string> = {
  400: '入力内容を処理できませんでした',
  401: 'ログインが必要です',
  403: 'アクセスできません',
  404: 'ページが見つかりません',
  413: '送信内容が大きすぎます',
  414: 'URLが長すぎます',
  415: '送信形式が正しくありません',
  429: 'しばらくお待ちください',
  500: 'システムエラーが発生しました',
};

function portalOfUrl(url: string): Portal | null {
  const m = /^\/(enet|staff|dsure)(?:[/?]|$)/.exec(url);
  return m ? (m[1] as Portal) : null;
}

function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof AppError) return error;
  const status = (error as FastifyError).statusCode;
  if (status === 413) return new AppError(413, 'payload_too_large', '送信内容が大きすぎます。入力内容を短くしてから、もう一度送信してください。');
  if (status === 415) return new AppError(415, 'unsupported_media_type', '送信形式が正しくありません。画面のフォームから送信してください。');
  if (status && status >= 400 && status < 500) {
    return new AppError(400, 'bad_request', '送信された内容を処理できませんでした。入力内容をご確認のうえ、もう一度送信してください。');
  }
  return new AppError(500, 'internal', '申し訳ありません。システムで問題が発生しました。時間をおいて再度お試しください。解決しない場合はお問い合わせください。');
}

const FRAMEWORK_MESSAGES: Record<string, { status: number; message: string }> = {
  FST_ERR_BAD_URL: { status: 400, message: 'URLに使用できない文字（正しくない%記号の並びなど）が含まれています。URLをご確認ください。' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, message: 'URLが長すぎます。URLをご確認ください。' },
};

/**
 * Errors Fastify raises before a route is found (a URL with broken percent-encoding, a parameter
 * longer than maxParamLength): the same Japanese page, or JSON under /api, as every other error.
 * (Without it Fastify answers with its own English JSON.) The request has not been through the
 * hooks yet: no cookies, no session, so the page is rendered for an anonymous visitor.
 */
export function frameworkErrorHandler(): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => {
    const known = FRAMEWORK_MESSAGES[(error as FastifyError).code ?? ''];
    const appError = known
      ? new AppError(known.status, 'bad_request', known.message)
      : new AppError(400, 'bad_request', '送信された内容を処理できませんでした。入力内容をご確認のうえ、もう一度送信してください。');
    // the hooks (security headers among them) do not run for these: the essential ones here
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY).header('X-Content-Type-Options', 'nosniff').header('X-Frame-Options', 'DENY').header('Cache-Control', 'no-store');
    if (request.url.startsWith('/api/')) {
      reply.code(appError.status).send({ error: { code: appError.code, message: appError.userMessage } });
      return;
    }
    const portal = portalOfUrl(request.url);
    const title = TITLES[appError.status] ?? TITLES[400]!;
    reply
      .code(appError.status)
      .type('text/html; charset=utf-8')
      .send(
        renderHtml(
          <Layout view={{ portal, csrfToken: '', user: null }} title={title}>
            <h1>{title}</h1>
            <p class="lead">{appError.userMessage}</p>
            <p>
              <a href={portal ? `/${portal}` : '/'}>トップページへ戻る</a>
            </p>
          </Layout>,
        ),
      );
  };
}

export function registerErrorHandling(app: FastifyInstance, ctx: AppContext): void {
  const respond = (appError: AppError, request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    if (request.url.startsWith('/api/')) {
      return reply.code(appError.status).send({ error: { code: appError.code, message: appError.userMessage, ...(appError.details ?? {}) } });
    }
    const portal = portalOfUrl(request.url);
    const title = TITLES[appError.status] ?? TITLES[500]!;
    const view = viewContext(ctx, request, reply, portal);
    return reply
      .code(appError.status)
      .type('text/html; charset=utf-8')
      .send(
        renderHtml(
          <Layout view={view} title={title}>
            <h1>{title}</h1>
            <p class="lead">{appError.userMessage}</p>
            <p>
              <a href={portal ? `/${portal}` : '/'}>トップページへ戻る</a>
            </p>
          </Layout>,
        ),
      );
  };

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error as FastifyError);
    if (appError.status >= 500) request.log.error({ err: error }, 'unhandled error');
    return respond(appError, request, reply);
  });

  app.setNotFoundHandler((request, reply) => respond(new AppError(404, 'not_found', 'お探しのページは見つかりませんでした。URLをご確認ください。'), request, reply));
}
