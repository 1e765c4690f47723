// The one place where errors become responses: a Japanese page for people,
// JSON for the API. Input never produces a 500; a bug does, and is logged.
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
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
