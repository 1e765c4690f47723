// The bodies of the HTML forms: outside /api only application/x-www-form-urlencoded is accepted
// (the API keeps JSON), read by one parser that refuses what no form of the service sends:
// text that is not UTF-8 and more fields than any form has.
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { parse } from 'fast-querystring';
import { AppError } from './errors.ts';

/** The largest form body, in bytes. */
export const FORM_BODY_LIMIT = 256 * 1024;
/** More fields than any form of the service has (the orderer's policy, the largest, has about 100). */
export const MAX_FORM_FIELDS = 200;

const FORM_TYPE = 'application/x-www-form-urlencoded';
const METHODS_WITHOUT_BODY = new Set(['GET', 'HEAD']);

/** Whether the body's bytes and its percent-escapes are UTF-8 (a byte that is not became U+FFFD when the body was read as text). */
function isUtf8Form(raw: string): boolean {
  if (raw.includes('\uFFFD')) return false;
  try {
    return !decodeURIComponent(raw).includes('\uFFFD');
  } catch {
    return false; // a broken %-escape, or escapes that are not UTF-8 (%FF, a lone surrogate)
  }
}

function fieldCountAbove(raw: string, limit: number): boolean {
  let fields = 1;
  for (let at = raw.indexOf('&'); at !== -1; at = raw.indexOf('&', at + 1)) {
    if (++fields > limit) return true;
  }
  return false;
}

/** The one parser of urlencoded bodies: refuses too many fields and text that is not UTF-8, with a Japanese message. */
export function parseFormBody(raw: string): Record<string, string | string[]> {
  if (fieldCountAbove(raw, MAX_FORM_FIELDS)) {
    throw new AppError(400, 'too_many_fields', `送信された項目の数が多すぎます（${MAX_FORM_FIELDS}項目まで）。画面のフォームから、もう一度送信してください。`);
  }
  if (!isUtf8Form(raw)) {
    throw new AppError(400, 'invalid_encoding', '送信された内容に、読み取れない文字（UTF-8 ではない文字）が含まれています。何も保存していません。入力内容をご確認のうえ、もう一度送信してください。');
  }
  return parse(raw);
}

function mediaType(contentType: string): string {
  return (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
}

export async function registerFormBodies(app: FastifyInstance): Promise<void> {
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT, parser: parseFormBody });
  // Before the body is read: any other content type on a page route is refused (JSON, text, multipart).
  app.addHook('preParsing', async (request, _reply, payload) => {
    const contentType = request.headers['content-type'];
    if (contentType === undefined || METHODS_WITHOUT_BODY.has(request.method) || request.url.startsWith('/api/')) return payload;
    if (mediaType(contentType) !== FORM_TYPE) {
      throw new AppError(415, 'unsupported_media_type', '送信形式が正しくありません。画面のフォームから送信してください。');
    }
    return payload;
  });
}
