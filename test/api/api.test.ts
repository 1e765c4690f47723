// The orderer API (/api/v1): tokens issued and revoked on D-Sure's screen, stored hashed and
// scoped to their orderer; the key check with the very same refusal and lockouts as the form;
// the orderer's list with a cursor; every response body valid against the OpenAPI document.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { after, before, describe, test } from 'node:test';
import { API_TOKEN_ADDRESS_RULE, UNAUTHORIZED_MESSAGE } from '../../src/api/auth.ts';
import { NOT_REGISTERED_MESSAGE } from '../../src/api/routes.ts';
import { KEY_ENTRY_REFUSED_MESSAGE } from '../../src/dsure/certificates/register-certificate-with-key.ts';
import { KEY_ENTRY_NUMBER_RULE } from '../../src/dsure/throttle-rules.ts';
import { generateAuthenticationKey } from '../../src/domain/identifiers.ts';
import { createUser } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { depositNew, makeIssuer, newGuaranteeContractNumber, registerIssuer } from '../dsure/fixtures.ts';
import { enterKey, fullWidthWithSpaces, refusalOf } from '../dsure/helpers.ts';
import { api, issueToken, loadOpenApi, nextAddress, ordererAdmin, type OpenApiChecker } from './helpers.ts';

let t: TestContext;
let openapi: OpenApiChecker;
const issuer = makeIssuer();

before(async () => {
  t = await createTestContext();
  await registerIssuer(t.db, issuer, t.now());
  openapi = await loadOpenApi(t);
});
after(() => t.close());

function depositFor(orderer: { organisation: { code: string; name: string } }, options: { workName?: string } = {}) {
  return depositNew(t.db, t.secrets, issuer, { ordererCode: orderer.organisation.code, ordererName: orderer.organisation.name, ...options }, t.now());
}

function wrongKey(right: string): string {
  let key = generateAuthenticationKey();
  while (key === right) key = generateAuthenticationKey();
  return key;
}

const lookup = (token: string, number: string, key: string, ip = nextAddress()) =>
  api(t, { url: '/api/v1/certificates/lookup', token, body: { guaranteeContractNumber: number, authenticationKey: key }, ip });

describe('tokens', () => {
  test('an administrator issues a token on API連携: shown once, listed by its first characters, stored as SHA-256 only', async () => {
    const orderer = await ordererAdmin(t);
    const nav = visibleText((await orderer.browser.get('/dsure')).body);
    assert.ok(nav.includes('API連携') && nav.includes('受付（電子提出）'), 'the menu offers API連携 and the 受付 inbox');
    const token = await issueToken(orderer.browser, '財務会計システム連携');
    assert.ok(visibleText(orderer.browser.lastHtml).includes('この画面でだけ表示します'));

    const page = await orderer.browser.get('/dsure/api');
    const text = visibleText(page.body);
    assert.ok(text.includes('財務会計システム連携') && text.includes(`${token.slice(0, 12)}…`) && text.includes('未使用'));
    assert.ok(!page.body.includes(token), 'the token is never shown again');

    const rows = await t.db.selectFrom('api_tokens').selectAll().where('orderer_id', '=', orderer.organisation.id).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.token_hash, createHash('sha256').update(token).digest('hex'));
    assert.ok(!JSON.stringify(rows).includes(token.slice(12)), 'no column holds the token');

    const res = await api(t, { url: '/api/v1/certificates', token });
    assert.equal(res.statusCode, 200);
    openapi.check('GET', '/certificates', res);
    assert.ok(visibleText((await orderer.browser.get('/dsure/api')).body).includes('令和8年11月27日'), 'the last use is shown');
  });

  test('a viewer cannot open API連携, and a form without its name comes back with the error', async () => {
    const orderer = await ordererAdmin(t);
    const viewer = await createUser(t.db, orderer.organisation, 'orderer_viewer');
    const browser = new TestBrowser(t.app, nextAddress());
    await browser.login('dsure', viewer.login_id, viewer.password);
    assert.equal((await browser.get('/dsure/api')).statusCode, 403);
    assert.ok(!visibleText((await browser.get('/dsure')).body).includes('API連携'));

    const empty = await orderer.browser.submit('/dsure/api', '/dsure/api/tokens', { name: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.ok(visibleText(empty.body).includes('入力内容に誤りがあります（1件）'));
    assert.match(empty.body, /id="error-name"[^>]*>.*トークンの名前を入力してください。/s);
  });

  test('no token, a malformed one, an unknown one and a revoked one are refused (401, one JSON error)', async () => {
    const orderer = await ordererAdmin(t);
    const token = await issueToken(orderer.browser);
    assert.equal((await api(t, { url: '/api/v1/certificates', token })).statusCode, 200);

    for (const call of [{ token: null }, { token: 'not-a-token' }, { token: `dhk_${'A'.repeat(43)}` }, { headers: { authorization: `Basic ${token}` } }]) {
      const res = await api(t, { url: '/api/v1/certificates', ...call });
      assert.equal(res.statusCode, 401, JSON.stringify(call));
      assert.match(String(res.headers['www-authenticate']), /^Bearer /);
      const body = openapi.check('GET', '/certificates', res) as { error: { code: string; message: string } };
      assert.deepEqual(body.error, { code: 'unauthorized', message: UNAUTHORIZED_MESSAGE });
    }

    await orderer.browser.get('/dsure/api');
    const id = /action="\/dsure\/api\/tokens\/([0-9a-f-]{36})\/revoke"/.exec(orderer.browser.lastHtml)?.[1];
    assert.ok(id);
    const revoke = await orderer.browser.post(`/dsure/api/tokens/${id}/revoke`);
    assert.equal(revoke.statusCode, 303);
    const listed = visibleText((await orderer.browser.get(revoke.headers.location as string)).body);
    assert.ok(listed.includes('APIトークンを無効にしました') && listed.includes('無効（'));

    const refused = await api(t, { url: '/api/v1/certificates', token });
    assert.equal(refused.statusCode, 401);
    openapi.check('GET', '/certificates', refused);
    const lookupRefused = await lookup(token, newGuaranteeContractNumber(), generateAuthenticationKey());
    assert.equal(lookupRefused.statusCode, 401);
    openapi.check('POST', '/certificates/lookup', lookupRefused);
  });

  test("another orderer's administrator cannot revoke the token (404), and it keeps working", async () => {
    const owner = await ordererAdmin(t);
    const other = await ordererAdmin(t);
    const token = await issueToken(owner.browser);
    const row = await t.db.selectFrom('api_tokens').select('id').where('orderer_id', '=', owner.organisation.id).executeTakeFirstOrThrow();
    await other.browser.get('/dsure/api');
    assert.equal((await other.browser.post(`/dsure/api/tokens/${row.id}/revoke`)).statusCode, 404);
    assert.equal((await api(t, { url: '/api/v1/certificates', token })).statusCode, 200);
  });

  test(`after ${API_TOKEN_ADDRESS_RULE.maxFailures} wrong tokens from one address, that address is refused for a while (429), even with a good token`, async () => {
    const orderer = await ordererAdmin(t);
    const token = await issueToken(orderer.browser);
    const ip = nextAddress();
    for (let i = 0; i < API_TOKEN_ADDRESS_RULE.maxFailures; i++) {
      assert.equal((await api(t, { url: '/api/v1/certificates', token: `dhk_${String(i).padStart(43, 'x')}`, ip })).statusCode, 401);
    }
    const locked = await api(t, { url: '/api/v1/certificates', token, ip });
    assert.equal(locked.statusCode, 429);
    assert.equal((openapi.check('GET', '/certificates', locked) as { error: { code: string } }).error.code, 'too_many_requests');
    assert.equal((await api(t, { url: '/api/v1/certificates', token, ip: nextAddress() })).statusCode, 200, 'another address is not affected');
    t.clock.advance(16 * 60 * 1000);
    assert.equal((await api(t, { url: '/api/v1/certificates', token, ip })).statusCode, 200, 'the lock ends');
  });

  test("a token stops working when its administrator's account is stopped", async () => {
    const orderer = await ordererAdmin(t);
    const token = await issueToken(orderer.browser);
    await t.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', orderer.user.id).execute();
    assert.equal((await api(t, { url: '/api/v1/certificates', token })).statusCode, 401);
  });
});

describe('POST /api/v1/certificates/lookup', () => {
  test('the right pair returns the certificate, its status, versions and signature, and registers it for the orderer', async () => {
    const orderer = await ordererAdmin(t);
    const token = await issueToken(orderer.browser);
    const cert = await depositFor(orderer, { workName: '市道花月線舗装補修工事' });

    const res = await lookup(token, ` ${cert.number.replaceAll('-', 'ー')} `, fullWidthWithSpaces(cert.key));
    assert.equal(res.statusCode, 200, res.body);
    const body = openapi.check('POST', '/certificates/lookup', res) as Record<string, unknown> & {
      certificate: typeof cert.signed;
      verification: { valid: boolean; keyId: string; jwksUrl: string };
      versions: unknown[];
    };
    assert.equal(body.guaranteeContractNumber, cert.number);
    assert.equal(body.status, 'valid');
    assert.equal(body.statusLabel, '有効');
    assert.equal(body.latestVersion, 1);
    assert.deepEqual(body.certificate, cert.signed, 'the signed certificate exactly as issued');
    assert.equal(body.verification.valid, true);
    assert.equal(body.verification.keyId, issuer.key.keyId);
    assert.equal(body.verification.jwksUrl, 'http://localhost:3000/.well-known/jwks.json');
    assert.equal(body.versions.length, 1);

    const list = await api(t, { url: '/api/v1/certificates', token });
    const page = openapi.check('GET', '/certificates', list) as { items: { guaranteeContractNumber: string; workName: string; guaranteedAmount: number }[] };
    assert.deepEqual(
      page.items.map((i) => [i.guaranteeContractNumber, i.workName, i.guaranteedAmount]),
      [[cert.number, '市道花月線舗装補修工事', 12_300_000]],
    );
    assert.ok(visibleText((await orderer.browser.get('/dsure/certificates')).body).includes(cert.number), 'the D-Sure list shows it too');

    const audit = await t.db.selectFrom('audit_log').select(['action', 'data']).where('subject_id', '=', cert.number).orderBy('seq').execute();
    const actions = audit.map((a) => a.action);
    for (const action of ['dsure.key_entry_accepted', 'api.certificate_lookup', 'dsure.certificate_opened']) assert.ok(actions.includes(action), action);
    const tokenId = (await t.db.selectFrom('api_tokens').select('id').where('orderer_id', '=', orderer.organisation.id).executeTakeFirstOrThrow()).id;
    assert.equal((audit.find((a) => a.action === 'api.certificate_lookup')!.data as { tokenId: string }).tokenId, tokenId);
  });

  test('a wrong key, an unknown number and another orderer with the right key all get the same 404', async () => {
    const hita = await ordererAdmin(t, { name: '日田市' });
    const kusu = await ordererAdmin(t, { name: '玖珠町' });
    const hitaToken = await issueToken(hita.browser);
    const kusuToken = await issueToken(kusu.browser);
    const cert = await depositFor(hita);

    const answers = [
      await lookup(hitaToken, cert.number, wrongKey(cert.key)),
      await lookup(hitaToken, newGuaranteeContractNumber(), cert.key),
      await lookup(kusuToken, cert.number, cert.key),
    ];
    for (const res of answers) {
      assert.equal(res.statusCode, 404);
      const body = openapi.check('POST', '/certificates/lookup', res);
      assert.deepEqual(body, { error: { code: 'not_found', message: KEY_ENTRY_REFUSED_MESSAGE } });
    }
    assert.equal(new Set(answers.map((a) => a.body)).size, 1, 'the three bodies are identical');
  });

  test('malformed input is a 400 with the reason per field; not JSON is a 400 too; nothing is a 500', async () => {
    const orderer = await ordererAdmin(t);
    const token = await issueToken(orderer.browser);
    const cases: { body: unknown; fields: string[] }[] = [
      { body: { guaranteeContractNumber: 'WJ-2026-000123-00', authenticationKey: 'ABCD' }, fields: ['guaranteeContractNumber', 'authenticationKey'] },
      { body: { guaranteeContractNumber: 12, authenticationKey: null }, fields: ['guaranteeContractNumber', 'authenticationKey'] },
      { body: { guaranteeContractNumber: newGuaranteeContractNumber(), authenticationKey: generateAuthenticationKey(), extra: 1 }, fields: ['_body'] },
      { body: [1, 2], fields: ['_body'] },
    ];
    for (const c of cases) {
      const res = await api(t, { url: '/api/v1/certificates/lookup', token, body: c.body });
      assert.equal(res.statusCode, 400, res.body);
      const body = openapi.check('POST', '/certificates/lookup', res) as { error: { code: string; fields: Record<string, string> } };
      assert.equal(body.error.code, 'invalid_input');
      assert.deepEqual(Object.keys(body.error.fields).sort(), c.fields.sort(), JSON.stringify(c.body));
    }
    const notJson = await api(t, { url: '/api/v1/certificates/lookup', token, body: '{"guaranteeContractNumber":' });
    assert.equal(notJson.statusCode, 400);
    assert.equal((openapi.check('POST', '/certificates/lookup', notJson) as { error: { code: string } }).error.code, 'bad_request');
    const unknownPath = await api(t, { url: '/api/v1/nothing-here', token });
    assert.equal(unknownPath.statusCode, 404);
    openapi.checkSchema('Error', JSON.parse(unknownPath.body));
  });

  test('odd input never gives a 500: every answer is a documented JSON error or a refusal, and registers nothing', async () => {
    const orderer = await ordererAdmin(t);
    const token = await issueToken(orderer.browser);
    const typed = fc.oneof(fc.string({ maxLength: 90 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('', 'WJ-2026-000123-47', 'ＷＪ－２０２６', '\u0000', '\uD800'));
    const body = fc.oneof(
      fc.record({ guaranteeContractNumber: typed, authenticationKey: typed }),
      fc.record({ guaranteeContractNumber: fc.jsonValue(), authenticationKey: fc.jsonValue() }, { requiredKeys: [] }),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const res = await api(t, { url: '/api/v1/certificates/lookup', token, body: JSON.stringify(value) ?? 'null' });
        assert.ok([400, 404].includes(res.statusCode), `${res.statusCode} for ${JSON.stringify(value)}: ${res.body}`);
        openapi.check('POST', '/certificates/lookup', res);
      }),
      { numRuns: 80 },
    );
    const query = fc.dictionary(fc.constantFrom('cursor', 'limit', 'status', 'x'), fc.string({ maxLength: 250 }), { maxKeys: 3 });
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const res = await api(t, { url: `/api/v1/certificates?${new URLSearchParams(params).toString()}`, token });
        assert.ok([200, 400].includes(res.statusCode), `${res.statusCode} for ${JSON.stringify(params)}`);
        openapi.check('GET', '/certificates', res);
      }),
      { numRuns: 60 },
    );
    const registered = await t.db.selectFrom('dsure_registrations').select('guarantee_contract_number').where('orderer_id', '=', orderer.organisation.id).execute();
    assert.equal(registered.length, 0);
  });

  test(`the same lockouts as the form: after ${KEY_ENTRY_NUMBER_RULE.maxFailures} wrong keys even the right key is refused, through the API and on the screen`, async () => {
    const orderer = await ordererAdmin(t);
    const token = await issueToken(orderer.browser);
    const cert = await depositFor(orderer);
    for (let i = 0; i < KEY_ENTRY_NUMBER_RULE.maxFailures; i++) {
      assert.equal((await lookup(token, cert.number, wrongKey(cert.key))).statusCode, 404);
    }
    const right = await lookup(token, cert.number, cert.key);
    assert.equal(right.statusCode, 404, 'the right key is refused while the number is locked');
    assert.deepEqual(openapi.check('POST', '/certificates/lookup', right), { error: { code: 'not_found', message: KEY_ENTRY_REFUSED_MESSAGE } });

    // The lock is the form's lock: a colleague on the D-Sure screen is refused the right key too.
    const viewer = await createUser(t.db, orderer.organisation, 'orderer_viewer');
    const browser = new TestBrowser(t.app, nextAddress());
    await browser.login('dsure', viewer.login_id, viewer.password);
    const onScreen = await enterKey(browser, cert.number, cert.key);
    assert.equal(onScreen.statusCode, 400);
    assert.equal(refusalOf(onScreen.body), KEY_ENTRY_REFUSED_MESSAGE);
    const locked = await t.db.selectFrom('dsure_view_log').select('outcome').where('guarantee_contract_number', '=', cert.number).execute();
    assert.equal(locked.filter((l) => l.outcome === 'locked').length, 2);

    t.clock.advance(61 * 60 * 1000);
    assert.equal((await lookup(token, cert.number, cert.key)).statusCode, 200, 'after the lock ends the right key opens it');
  });

  test('wrong keys typed on the screen lock the API as well', async () => {
    const orderer = await ordererAdmin(t);
    const token = await issueToken(orderer.browser);
    const cert = await depositFor(orderer);
    for (let i = 0; i < KEY_ENTRY_NUMBER_RULE.maxFailures; i++) await enterKey(orderer.browser, cert.number, wrongKey(cert.key));
    assert.equal((await lookup(token, cert.number, cert.key)).statusCode, 404);
  });
});

describe('GET /api/v1/certificates and /api/v1/certificates/{number}', () => {
  test("the orderer's certificates page by page with a cursor; a cursor that is not ours is a 400", async () => {
    const orderer = await ordererAdmin(t);
    const token = await issueToken(orderer.browser);
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const cert = await depositFor(orderer, { workName: `舗装工事 第${i + 1}工区` });
      assert.equal((await lookup(token, cert.number, cert.key)).statusCode, 200);
      numbers.push(cert.number);
      t.clock.advance(60_000);
    }
    const first = await api(t, { url: '/api/v1/certificates?limit=2', token });
    const page1 = openapi.check('GET', '/certificates', first) as { items: { guaranteeContractNumber: string }[]; nextCursor: string | null };
    assert.deepEqual(page1.items.map((i) => i.guaranteeContractNumber), [numbers[2], numbers[1]], 'newest registration first');
    assert.ok(page1.nextCursor);
    const second = await api(t, { url: `/api/v1/certificates?limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`, token });
    const page2 = openapi.check('GET', '/certificates', second) as { items: { guaranteeContractNumber: string }[]; nextCursor: string | null };
    assert.deepEqual(page2.items.map((i) => i.guaranteeContractNumber), [numbers[0]]);
    assert.equal(page2.nextCursor, null);

    for (const query of ['cursor=garbage', 'limit=0', 'limit=101', 'limit=abc', 'status=unknown', 'limit=1&limit=2']) {
      const res = await api(t, { url: `/api/v1/certificates?${query}`, token });
      assert.equal(res.statusCode, 400, query);
      assert.equal((openapi.check('GET', '/certificates', res) as { error: { code: string } }).error.code, 'invalid_input');
    }
    const valid = await api(t, { url: '/api/v1/certificates?status=valid', token });
    assert.equal((openapi.check('GET', '/certificates', valid) as { items: unknown[] }).items.length, 3);
  });

  test("one certificate of the orderer's list (a viewing, logged); another orderer's certificate is a 404", async () => {
    const hita = await ordererAdmin(t, { name: '日田市' });
    const kusu = await ordererAdmin(t, { name: '玖珠町' });
    const hitaToken = await issueToken(hita.browser);
    const kusuToken = await issueToken(kusu.browser);
    const cert = await depositFor(hita);
    assert.equal((await lookup(hitaToken, cert.number, cert.key)).statusCode, 200);

    const own = await api(t, { url: `/api/v1/certificates/${cert.number}`, token: hitaToken });
    assert.equal(own.statusCode, 200);
    assert.equal((openapi.check('GET', '/certificates/{guaranteeContractNumber}', own) as { guaranteeContractNumber: string }).guaranteeContractNumber, cert.number);
    const typed = await api(t, { url: `/api/v1/certificates/${encodeURIComponent(cert.number.toLowerCase().replaceAll('-', ''))}`, token: hitaToken });
    assert.equal(typed.statusCode, 200, 'the number is read as typed (case, hyphens)');

    for (const url of [`/api/v1/certificates/${cert.number}`, `/api/v1/certificates/${newGuaranteeContractNumber()}`, '/api/v1/certificates/not-a-number']) {
      const res = await api(t, { url, token: kusuToken });
      assert.equal(res.statusCode, 404, url);
      assert.deepEqual(openapi.check('GET', '/certificates/{guaranteeContractNumber}', res), { error: { code: 'not_found', message: NOT_REGISTERED_MESSAGE } });
    }
    const kusuList = openapi.check('GET', '/certificates', await api(t, { url: '/api/v1/certificates', token: kusuToken })) as { items: unknown[] };
    assert.equal(kusuList.items.length, 0);

    const opened = await t.db.selectFrom('dsure_view_log').select(['orderer_id', 'outcome']).where('guarantee_contract_number', '=', cert.number).where('outcome', '=', 'opened').execute();
    assert.ok(opened.length >= 3 && opened.every((o) => o.orderer_id === hita.organisation.id), 'only the orderer\'s own readings are viewings');
  });
});

describe('the OpenAPI document', () => {
  test('documents every /api/v1 route, is OpenAPI 3.1 with its schemas, and every response seen here matched it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = JSON.parse(res.body) as { openapi: string; paths: Record<string, Record<string, unknown>>; webhooks: Record<string, unknown>; servers: { url: string }[] };
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.servers[0]!.url, 'http://localhost:3000/api/v1');
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/'));
    assert.ok(routes.length >= 4);
    for (const route of routes) {
      const path = route.url.slice('/api/v1'.length).replace(/:([A-Za-z]+)/g, '{$1}');
      assert.ok(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.url} is in the document`);
    }
    assert.ok(doc.webhooks['certificate.changed']);
    openapi.check('GET', '/openapi.json', res);
    openapi.check('GET', '/certificates/{guaranteeContractNumber}', await api(t, { url: `/api/v1/certificates/${newGuaranteeContractNumber()}` }));
    assert.ok(openapi.checked.size >= 12, `responses checked: ${[...openapi.checked].join(', ')}`);
  });
});
