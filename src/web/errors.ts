// One error type for everything a user may be told. Thrown anywhere, rendered
// in one place (src/web/error-handler.tsx): a Japanese page, or JSON under /api.
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly userMessage: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(`${code}: ${userMessage}`);
  }
}

export const notFound = (message = 'お探しのページは見つかりませんでした。URLをご確認ください。') =>
  new AppError(404, 'not_found', message);

export const forbidden = (message = 'このページを表示する権限がありません。') => new AppError(403, 'forbidden', message);

export const badRequest = (message = '送信された内容を処理できませんでした。入力内容をご確認ください。') =>
  new AppError(400, 'bad_request', message);

export const csrfRejected = () =>
  new AppError(
    403,
    'csrf',
    '画面の有効期限が切れたか、不正な送信の可能性があるため処理を中止しました。お手数ですが、前の画面に戻って再読み込みしてから、もう一度操作してください。',
  );

export const tooManyRequests = (message = '短時間に多くの操作が行われたため、しばらく受け付けを停止しています。時間をおいてから再度お試しください。') =>
  new AppError(429, 'too_many_requests', message);
