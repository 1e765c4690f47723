// URLs that Fastify refuses before any route runs (found by the fuzzing): broken
// percent-encoding in a path and a parameter longer than the router allows. They get the app's
// Japanese page (or its JSON error under /api) with the security headers, not Fastify's English JSON.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

const CASES = [
  { url: '/enet/certificates/%ff%fe', status: 400, text: /URLに使用できない文字/ },
  { url: '/enet/applications/%C3%28/basics', status: 400, text: /URLに使用できない文字/ },
  { url: `/dsure/certificates/${'A'.repeat(300)}`, status: 414, text: /URLが長すぎます/ },
  { url: `/staff/applications/${'9'.repeat(500)}`, status: 414, text: /URLが長すぎます/ },
];

test('a broken or overlong URL on a screen: a Japanese page with the security headers', async () => {
  for (const c of CASES) {
    for (const method of ['GET', 'POST'] as const) {
      const res = await t.app.inject({ method, url: c.url, ...(method === 'POST' ? { payload: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}) });
      // (a POST to a URL that no POST route has may also be refused for its missing CSRF token)
      if (method === 'GET') assert.equal(res.statusCode, c.status, `${method} ${c.url.slice(0, 40)}`);
      else assert.ok([c.status, 403].includes(res.statusCode), `${method} ${c.url.slice(0, 40)} → ${res.statusCode}`);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(visibleText(res.body), method === 'GET' ? c.text : /[ぁ-ん]/);
      assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
      assert.equal(res.headers['cache-control'], 'no-store');
    }
  }
});

test('a broken or overlong URL under /api: the API’s JSON error in Japanese', async () => {
  for (const url of ['/api/v1/certificates/%ff%fe%fd', `/api/v1/certificates/${'W'.repeat(300)}`]) {
    const res = await t.app.inject({ method: 'GET', url, headers: { authorization: 'Bearer dhk_x' } });
    assert.ok(res.statusCode === 400 || res.statusCode === 414, `${url.slice(0, 40)} → ${res.statusCode}`);
    const body = JSON.parse(res.body) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'bad_request');
    assert.match(body.error.message, /URL/);
    assert.match(body.error.message, /[ぁ-ん]/);
  }
});
