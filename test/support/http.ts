// A small browser over app.inject: keeps cookies, finds the CSRF token in the
// last page, submits forms as a person would.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Portal } from '../../src/web/portals.ts';

export class TestBrowser {
  private readonly cookies = new Map<string, string>();
  lastHtml = '';

  constructor(private readonly app: FastifyInstance, private readonly ip = '127.0.0.1') {}

  private cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const expired = c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0;
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    if ((res.headers['content-type'] ?? '').toString().startsWith('text/html')) this.lastHtml = res.body;
    return res;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const cookie = this.cookieHeader();
    return this.keep(await this.app.inject({ method: 'GET', url, remoteAddress: this.ip, headers: { ...headers, ...(cookie ? { cookie } : {}) } }));
  }

  /** Posts a urlencoded form. The CSRF token is taken from the last page unless `_csrf` is given (null: none). */
  async post(url: string, fields: Record<string, string | string[]> = {}, options: { csrf?: string | null } = {}): Promise<LightMyRequestResponse> {
    const token = options.csrf === undefined ? this.csrfToken() : options.csrf;
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    if (token) body.set('_csrf', token);
    const cookie = this.cookieHeader();
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.ip,
        payload: body.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      }),
    );
  }

  /** Opens the page with the form, then submits it (the way a person does). */
  async submit(pageUrl: string, actionUrl: string, fields: Record<string, string | string[]>): Promise<LightMyRequestResponse> {
    await this.get(pageUrl);
    return this.post(actionUrl, fields);
  }

  csrfToken(): string | null {
    return /name="_csrf" value="([^"]+)"/.exec(this.lastHtml)?.[1] ?? null;
  }

  async login(portal: Portal, loginId: string, password: string): Promise<LightMyRequestResponse> {
    const res = await this.submit(`/${portal}/login`, `/${portal}/login`, { loginId, password });
    if (res.statusCode !== 303) throw new Error(`login failed for ${loginId}: ${res.statusCode}`);
    return res;
  }
}

/** The visible text of an HTML page (tags removed, entities decoded), for asserting what a person reads. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
