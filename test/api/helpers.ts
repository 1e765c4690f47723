// The orderer API from the outside: an orderer admin issues a token on the D-Sure screen (the
// way a person does), requests carry it as a bearer token, and every response body is checked
// against the OpenAPI document the app serves (ajv, JSON Schema 2020-12).
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { deliverDueWebhooks } from '../../src/api/webhooks/deliver-webhooks.ts';
import { createOrganisation, createUser } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import type { TestContext } from '../support/test-context.ts';
import { nextAddress } from '../dsure/helpers.ts';

export { nextAddress };

type OpenApiDocument = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>; components: unknown; webhooks: unknown };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const DOC_ID = 'https://denshi-hosho.example/api/v1/openapi.json';

/** Validates API responses against the document served at /api/v1/openapi.json. */
export class OpenApiChecker {
  private readonly ajv: Ajv2020;
  readonly checked = new Set<string>();

  constructor(readonly document: OpenApiDocument) {
    this.ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    this.ajv.addSchema({ ...(document as object), $id: DOC_ID });
  }

  /** Throws (with ajv's errors) when the body does not match the documented response. */
  check(method: string, path: string, response: LightMyRequestResponse): unknown {
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    assert.ok(operation, `${method} ${path} is documented`);
    const documented = operation.responses[String(response.statusCode)];
    assert.ok(documented, `${method} ${path} documents the status ${response.statusCode} (body: ${response.body.slice(0, 300)})`);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const body: unknown = JSON.parse(response.body);
    const pointer = `/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/${method.toLowerCase()}/responses/${response.statusCode}/content/application~1json/schema`;
    this.validate(`${DOC_ID}#${encodeURI(pointer)}`, body, `${method} ${path} → ${response.statusCode}`);
    this.checked.add(`${method} ${path} ${response.statusCode}`);
    return body;
  }

  /** Validates a value against a component schema (e.g. WebhookEvent). */
  checkSchema(name: string, value: unknown): void {
    this.validate(`${DOC_ID}#/components/schemas/${name}`, value, name);
  }

  private validate(ref: string, value: unknown, what: string): void {
    const validate = this.ajv.getSchema(ref) ?? this.ajv.compile({ $ref: ref });
    const ok = validate(value);
    assert.ok(ok, `${what} matches the OpenAPI document: ${JSON.stringify(validate.errors, null, 1)}`);
  }
}

export async function loadOpenApi(t: TestContext): Promise<OpenApiChecker> {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  assert.equal(res.statusCode, 200);
  return new OpenApiChecker(JSON.parse(res.body) as OpenApiDocument);
}

/** An orderer organisation with a signed-in administrator's browser. */
export async function ordererAdmin(t: TestContext, options: { name?: string } = {}) {
  const organisation = await createOrganisation(t.db, 'orderer', options.name ? { name: options.name } : {});
  const user = await createUser(t.db, organisation, 'orderer_admin');
  const browser = new TestBrowser(t.app, nextAddress());
  await browser.login('dsure', user.login_id, user.password);
  return { organisation, user, browser };
}

/** Issues a token on the API連携 screen and reads it from the page (shown once). */
export async function issueToken(browser: TestBrowser, name = '財務会計システム連携'): Promise<string> {
  const res = await browser.submit('/dsure/api', '/dsure/api/tokens', { name });
  assert.equal(res.statusCode, 200, visibleText(res.body).slice(0, 300));
  const token = /<code class="revealed-value">(dhk_[A-Za-z0-9_-]{43})<\/code>/.exec(res.body)?.[1];
  assert.ok(token, 'the new token is shown once on the page');
  return token;
}

export interface ApiCall {
  method?: 'GET' | 'POST';
  url: string;
  token?: string | null;
  body?: unknown;
  ip?: string;
  headers?: Record<string, string>;
}

export function api(t: TestContext, call: ApiCall): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...(call.headers ?? {}) };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  return t.app.inject({
    method: call.method ?? (call.body === undefined ? 'GET' : 'POST'),
    url: call.url,
    headers,
    remoteAddress: call.ip ?? '10.200.0.1',
    ...(call.body !== undefined ? { payload: typeof call.body === 'string' ? call.body : JSON.stringify(call.body) } : {}),
  });
}

/** Runs the webhook worker once (like t.deliverMail()). */
export function deliverWebhooks(t: TestContext) {
  return deliverDueWebhooks(t.db, t.secrets, t.now(), { timeoutMs: 5000 });
}

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** An HTTP server that receives webhooks; `answer` decides the status of each request. */
export async function startReceiver(answer: (count: number) => number = () => 200) {
  const received: ReceivedHook[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const status = answer(received.length + 1);
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'error');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/denshi-hosho/webhook`,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
