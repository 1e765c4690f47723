// What the request log may hold: no token of any kind (activation link, API token, session, reset).
// The request is logged as method, URL and addresses only; in the URL, the segment after /activate/,
// any segment long enough to be a token, and the values of query parameters named like a secret are
// replaced. Headers are never logged (Authorization and Cookie are removed if a line carries them).
import type { FastifyRequest } from 'fastify';

const REDACTED = '[redacted]';
const SECRET_PARAMETER = /token|key|secret|password|passwd|sig|auth|code|session|sid/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A token written into a URL: 32 characters or more of base64url (and dots), other than a record's UUID. */
const TOKEN_LIKE = /^[A-Za-z0-9._~%-]{32,}$/;

function redactSegment(segment: string, previous: string | undefined): string {
  if (previous === 'activate' || previous === 'reset') return segment === '' ? segment : REDACTED;
  return TOKEN_LIKE.test(segment) && !UUID.test(segment) ? REDACTED : segment;
}

/** The URL as it may be logged: path tokens and secret query values replaced by [redacted]. */
export function redactUrl(url: string): string {
  if (url.length > 4096) return `${url.slice(0, 64).split('?', 1)[0]}…${REDACTED}`;
  const question = url.indexOf('?');
  const path = question === -1 ? url : url.slice(0, question);
  const segments = path.split('/');
  const redactedPath = segments.map((segment, i) => redactSegment(segment, segments[i - 1])).join('/');
  if (question === -1) return redactedPath;
  const query = url
    .slice(question + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return pair;
      const name = pair.slice(0, equals);
      return SECRET_PARAMETER.test(name) ? `${name}=${REDACTED}` : `${name}=${redactSegment(pair.slice(equals + 1), undefined)}`;
    })
    .join('&');
  return `${redactedPath}?${query}`;
}

/** Fastify's logger options: the level, the request written without tokens, headers with secrets removed. */
export function loggerOptions(level: string, stream?: { write(line: string): void }) {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket ? request.socket.remotePort : undefined,
      }),
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', 'res.headers["set-cookie"]'],
      remove: true,
    },
  };
}
