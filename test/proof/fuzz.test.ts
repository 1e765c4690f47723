// Fuzzing with fast-check: every form (every POST route of the route table that takes a
// urlencoded body, and the search forms of the GET pages) and every API endpoint gets hostile
// input — very long strings, control characters, wrong types, SQL and HTML fragments,
// full-width everything, broken UTF-8 as raw bytes, missing and duplicated fields, and bodies
// of the wrong content type. The properties:
//   - never a 5xx;
//   - a refusal on a screen is a Japanese page (ひらがな, カタカナ or 漢字 in its visible text),
//     a refusal of the API a JSON error with a Japanese message;
//   - no partial rows: a refused request leaves the row count of every table unchanged, and a
//     route whose every input was refused leaves every row unchanged (apart from the lockout
//     counters, sessions and the audit and view logs, which record refusals).
// Each route is run as a person who may use it, on that person's own objects, so that the input
// reaches the form's validation and the use case, not only the guard.
// Reproduce a run with FUZZ_SEED=<seed printed below>.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { changedTables, fingerprint, rowCounts, userTables, VOLATILE_TABLES } from '../support/db-fingerprint.ts';
import { createOrganisation, createUser } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { createOwnedObjects, createSide, proofAddress, signedIn, type OwnedObjects, type Side } from './world.ts';

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const JAPANESE = /[ぁ-んァ-ヶ一-龠]/;

let t: TestContext;
let ours: Side;
let own: OwnedObjects;
let countedTables: string[];
let pendingRegistrationId = '';
let pendingAdminId = '';
let activationToken = '';
const perRoute = new Map<string, number[]>();
const totals = { inputs: 0, routes: 0, refused: 0, accepted: 0, statuses: new Map<number, number>() };

before(async () => {
  t = await createTestContext();
  ours = await createSide(t, '東');
  own = await createOwnedObjects(t, ours);
  const pending = await createOrganisation(t.db, 'contractor', { status: 'pending', email: 'pending@example.test' });
  await createUser(t.db, pending, 'contractor_admin');
  pendingRegistrationId = pending.id;
  const approved = await createOrganisation(t.db, 'contractor');
  const admin = await createUser(t.db, approved, 'contractor_admin');
  await t.db.updateTable('users').set({ status: 'pending' }).where('id', '=', admin.id).execute();
  pendingAdminId = admin.id;
  const { issueActivationToken } = await import('../../src/enet/registration/activation-tokens.ts');
  activationToken = (await issueActivationToken(t.db, admin.id, ours.surety.admin.id, t.now())).token;
  countedTables = (await userTables(t.db)).filter((name) => !(VOLATILE_TABLES as readonly string[]).includes(name));
  console.log(`fuzz: seed ${SEED}, ${RUNS_PER_ROUTE} inputs per route`);
});
after(() => t.close());

// ---------------------------------------------------------------------------------------------
// Hostile values

const SQL = ["' OR '1'='1", "'; DROP TABLE applications; --", '1 OR 1=1', "' UNION SELECT password_hash FROM users --", "%' AND 1=CAST((SELECT version()) AS int) --", '\\', "''", '$1', '); COMMIT; --'];
const HTML = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert('x')", '{{7*7}}', '${7*7}', '<!--', ']]>', '&amp;&lt;', '<a href="//evil.example">x</a>', '<svg/onload=alert(1)>'];
const WRONG_TYPES = ['-1', '0', '-0', '1e309', 'NaN', 'Infinity', 'true', 'false', 'null', 'undefined', '[]', '{}', '[object Object]', '0x10', '9'.repeat(40), '1.5', '2026-02-30', '2026-13-01', '0000-00-00', '99999-01-01', 'WJ-2026-000001-00', '00000000-0000-0000-0000-000000000000'];
const JAPANESE_TEXT = ['株式会社日田建設', '令和８年１１月２７日', '金１２，３４０，０００円', '㈱テスト', '髙﨑', '𠮷野家', 'ﾊﾝｶｸｶﾀｶﾅ', '〜～－‐―ー', '①②③', '　全角スペース　'];

const toFullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

const controlString = fc.array(fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f), { minLength: 1, maxLength: 20 }).map((codes) => `a${String.fromCharCode(...codes)}b`);

/** One hostile value for a field. */
const hostileValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SQL) },
  { weight: 2, arbitrary: fc.constantFrom(...HTML) },
  { weight: 3, arbitrary: fc.constantFrom(...WRONG_TYPES) },
  { weight: 2, arbitrary: fc.constantFrom(...JAPANESE_TEXT) },
  { weight: 2, arbitrary: fc.oneof(fc.constantFrom(...WRONG_TYPES, ...SQL), fc.string({ maxLength: 40 })).map(toFullWidth) },
  { weight: 2, arbitrary: controlString },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 30_000 }).chain((n) => fc.constantFrom('あ'.repeat(n), 'A'.repeat(n), '9'.repeat(n), '𠮷'.repeat(n / 2))) },
  { weight: 1, arbitrary: fc.constantFrom('\uD800', 'a\uDC00b', '\uFEFF', '\u202Eevil', 'a\u200Bb', '\u0000', '\r\n\r\n', ' ', '') },
);

/** Raw bytes appended to a body: invalid UTF-8 and broken percent-encoding. */
const brokenBytes = fc.constantFrom(
  Buffer.from([0xff, 0xfe, 0xfd]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xe3, 0x81]),
  Buffer.from('%FF%FE%C3%28'),
  Buffer.from('%ED%A0%80'),
  Buffer.from('%'),
  Buffer.from('%G1%zz'),
  Buffer.from([0x00, 0x00]),
);

/** Every byte of the UTF-8 encoding percent-encoded (lone surrogates become U+FFFD, as a browser sends them). */
const percentEncoded = (value: string) => [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

interface FormInput {
  fields: [string, string][];
  csrf: 'valid' | 'missing' | 'garbled' | 'duplicated';
  broken: { name: string; bytes: Buffer } | null;
  encoding: 'urlencoded' | 'json' | 'text' | 'none';
}

function formInput(names: string[], base: [string, string][]): fc.Arbitrary<FormInput> {
  const known = names.length > 0 ? fc.constantFrom(...names) : fc.constant('name');
  const fieldName = fc.oneof(
    { weight: 8, arbitrary: known },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', '_csrf', 'a[b]', 'x[]', '', '名前', 'intent', 'revision') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  );
  const randomFields = fc.array(fc.tuple(fieldName, hostileValue), { minLength: 0, maxLength: Math.max(3, names.length + 3) });
  // the form as the page fills it, with one to three values made hostile (and maybe a field twice or missing):
  // these inputs get past the first checks and into the use cases
  const mutatedForm = fc
    .tuple(fc.array(fc.tuple(fc.nat(), hostileValue), { minLength: 1, maxLength: 3 }), fc.constantFrom('none', 'duplicate', 'drop'))
    .map(([mutations, extra]) => {
      const pairs = base.map(([k, v]) => [k, v] as [string, string]);
      for (const [i, value] of mutations) pairs[i % pairs.length]![1] = value;
      if (extra === 'duplicate') pairs.push([pairs[0]![0], pairs.at(-1)![1]]);
      if (extra === 'drop') pairs.splice(mutations[0]![0] % pairs.length, 1);
      return pairs;
    });
  return fc.record({
    fields: base.length > 0 ? fc.oneof(randomFields, mutatedForm) : randomFields,
    csrf: fc.oneof({ weight: 16, arbitrary: fc.constant<FormInput['csrf']>('valid') }, fc.constantFrom<FormInput['csrf']>('duplicated', 'missing', 'garbled')),
    broken: fc.option(fc.record({ name: known, bytes: brokenBytes }), { freq: 3 }),
    encoding: fc.oneof({ weight: 16, arbitrary: fc.constant<FormInput['encoding']>('urlencoded') }, { weight: 2, arbitrary: fc.constant<FormInput['encoding']>('json') }, fc.constantFrom<FormInput['encoding']>('text', 'none')),
  });
}

function encodeForm(input: FormInput, csrf: string | null): { payload: Buffer; contentType: string | null } {
  const pairs: [string, string][] = [...input.fields];
  if (csrf && input.csrf !== 'missing') pairs.push(['_csrf', input.csrf === 'garbled' ? `${csrf.slice(0, -3)}xyz` : csrf]);
  if (csrf && input.csrf === 'duplicated') pairs.push(['_csrf', csrf]);
  if (input.encoding === 'json') {
    // wrong types: nested objects and arrays where strings are expected
    const body: Record<string, unknown> = {};
    for (const [k, v] of pairs) body[k] = k === '_csrf' ? v : body[k] === undefined ? (v.length % 3 === 0 ? { value: v, list: [v, 1, null] } : v) : [body[k], v];
    return { payload: Buffer.from(JSON.stringify(body)), contentType: 'application/json' };
  }
  const encoded = new URLSearchParams(pairs).toString();
  let payload = Buffer.from(encoded);
  if (input.broken) payload = Buffer.concat([payload, Buffer.from(`${payload.length ? '&' : ''}${encodeURIComponent(input.broken.name)}=`), input.broken.bytes]);
  if (input.encoding === 'text') return { payload, contentType: 'text/plain; charset=utf-8' };
  if (input.encoding === 'none') return { payload, contentType: null };
  return { payload, contentType: 'application/x-www-form-urlencoded' };
}

// ---------------------------------------------------------------------------------------------
// Who asks, on which object

type Portal = 'enet' | 'staff' | 'dsure';
const portalOf = (url: string): Portal | null => (/^\/(enet|staff|dsure)(\/|$)/.exec(url)?.[1] as Portal | undefined) ?? null;

/** Route pattern prefix → the caller's own object for its parameters (the longest prefix wins). */
function ownParams(): Record<string, Record<string, string>> {
  return {
    '/enet/activate/:token': { token: activationToken },
    '/enet/applications/:id': { id: own.returnedApplication.id },
    '/enet/users/:id': { id: own.contractorMember.id },
    '/enet/users/:id/resend': { id: own.contractorPending.id },
    '/enet/certificates/:guaranteeContractNumber': { guaranteeContractNumber: own.registered.number },
    '/enet/certificates/:guaranteeContractNumber/submission': { guaranteeContractNumber: own.submitted.number },
    '/enet/certificates/:guaranteeContractNumber/change': { guaranteeContractNumber: own.submitted.number }, // (the registered one has a change open)
    '/staff/applications/:id': { id: own.submittedApplication.id },
    '/staff/applications/:id/conclude-change': { id: own.changeApplicationId },
    '/staff/orderers/:id': { id: ours.orderer.organisation.id },
    '/staff/users/:id': { id: own.staffPending.id },
    '/staff/registrations/:id': { id: pendingRegistrationId },
    '/staff/registrations/users/:id': { id: pendingAdminId },
    '/dsure/users/:id': { id: own.ordererViewer.id },
    '/dsure/inbox/:id': { id: own.submissionId },
    '/dsure/api/tokens/:id': { id: own.apiToken.id },
    '/dsure/api/webhooks/:id': { id: own.webhookId },
  };
}

function fillOwn(url: string): string {
  const table = ownParams();
  const key = Object.keys(table)
    .filter((k) => url === k || url.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)[0];
  const params = key ? table[key]! : {};
  return url.replace(/:([A-Za-z_]+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? randomUUID()));
}

const browsers = new Map<string, TestBrowser>();
async function browserFor(route: { url: string; public: boolean }): Promise<TestBrowser> {
  const portal = portalOf(route.url);
  const key = route.public || !portal ? `anonymous:${route.url}` : portal;
  let browser = browsers.get(key);
  if (!browser) {
    if (key.startsWith('anonymous')) {
      browser = new TestBrowser(t.app, proofAddress());
    } else {
      const user = portal === 'enet' ? ours.contractor.user : portal === 'staff' ? ours.surety.admin : ours.ordererAdmin;
      browser = await signedIn(t, portal!, user);
    }
    browsers.set(key, browser);
  }
  return browser;
}

/** A fresh signed-in browser when a fuzzed input signed the person out (POST /logout, a disabled user). */
async function stillSignedIn(route: { url: string; public: boolean }, browser: TestBrowser): Promise<TestBrowser> {
  const portal = portalOf(route.url);
  if (route.public || !portal) return browser;
  const home = await browser.get(`/${portal}`);
  if (home.statusCode === 200) return browser;
  browsers.delete(portal);
  return browserFor(route);
}

// ---------------------------------------------------------------------------------------------
// The forms' field names, read from the pages (what a person's browser would send)

const fieldsByAction = new Map<string, Set<string>>();
const valuesByAction = new Map<string, Map<string, string>>(); // the first value the page gives each field
const allFieldNames = new Set<string>(['number', 'key', 'reason', 'message', 'note', 'revision', 'intent', 'type', 'confirmed', 'url', 'description', 'name', 'email', 'loginId', 'password', 'passwordConfirmation', 'token', 'displayName', 'role', 'q', 'cursor', 'status', 'next']);

const decode = (v: string) => v.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function harvest(html: string): void {
  for (const form of html.matchAll(/<form[^>]*?action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)) {
    const action = decode(form[1]!).split('?')[0]!;
    const names = fieldsByAction.get(action) ?? new Set<string>();
    const values = valuesByAction.get(action) ?? new Map<string, string>();
    const body = form[2]!;
    for (const m of body.matchAll(/name="([^"]+)"/g)) {
      if (m[1] === '_csrf') continue;
      names.add(m[1]!);
      allFieldNames.add(m[1]!);
    }
    for (const tag of body.matchAll(/<input\b[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(tag[0])?.[1];
      const type = /type="([^"]*)"/.exec(tag[0])?.[1] ?? 'text';
      if (!name || name === '_csrf' || values.has(name)) continue;
      if (type === 'checkbox' && !/\bchecked\b/.test(tag[0])) continue;
      values.set(name, decode(/value="([^"]*)"/.exec(tag[0])?.[1] ?? ''));
    }
    for (const m of body.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) if (!values.has(m[1]!)) values.set(m[1]!, decode(m[2]!));
    for (const m of body.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
      const options = [...m[2]!.matchAll(/<option value="([^"]*)"/g)].map((o) => decode(o[1]!));
      if (!values.has(m[1]!)) values.set(m[1]!, options.find((o) => o !== '') ?? '');
    }
    for (const m of body.matchAll(/<button[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) if (!values.has(m[1]!)) values.set(m[1]!, decode(m[2]!));
    fieldsByAction.set(action, names);
    valuesByAction.set(action, values);
  }
}

function baseFormFor(routeUrl: string): [string, string][] {
  const pattern = new RegExp(`^${routeUrl.replace(/:[A-Za-z_]+/g, '[^/]+')}$`);
  const values = new Map<string, string>();
  for (const [action, map] of valuesByAction) if (pattern.test(action)) for (const [k, v] of map) if (!values.has(k)) values.set(k, v);
  return [...values];
}

function fieldNamesFor(routeUrl: string): string[] {
  const pattern = new RegExp(`^${routeUrl.replace(/:[A-Za-z_]+/g, '[^/]+')}$`);
  const names = new Set<string>();
  for (const [action, set] of fieldsByAction) if (pattern.test(action)) for (const n of set) names.add(n);
  return names.size > 0 ? [...names] : [...allFieldNames];
}

// ---------------------------------------------------------------------------------------------
// The properties

function record(status: number) {
  totals.inputs++;
  totals.statuses.set(status, (totals.statuses.get(status) ?? 0) + 1);
  if (status >= 400) totals.refused++;
  else totals.accepted++;
}

async function clearLockouts() {
  await t.db.deleteFrom('throttles').execute();
}

function assertScreenAnswer(what: string, res: LightMyRequestResponse) {
  assert.ok(res.statusCode < 500, `${what} → ${res.statusCode}: ${visibleText(res.body).slice(0, 300)}`);
  if (res.statusCode >= 400) {
    assert.match(String(res.headers['content-type']), /^text\/html/, `${what} → ${res.statusCode} is a page`);
    assert.match(visibleText(res.body), JAPANESE, `${what} → ${res.statusCode} says it in Japanese`);
  }
}

test('every form (POST routes and search forms) under hostile input: no 5xx, Japanese refusals, no partial rows', async () => {
  // read the forms of every page a signed-in person can open
  for (const route of t.app.routeTable.filter((r) => r.method === 'GET' && !r.url.startsWith('/api/') && !r.url.includes('.'))) {
    const browser = await browserFor(route);
    const res = await browser.get(fillOwn(route.url));
    if (String(res.headers['content-type'] ?? '').startsWith('text/html')) harvest(res.body);
  }
  for (const page of ['/enet/login', '/staff/login', '/dsure/login', '/enet/register', `/enet/activate/${activationToken}`, `/enet/certificates/${own.registered.number}/change`]) {
    harvest((await (await browserFor({ url: page, public: !page.includes('certificates') })).get(page)).body);
  }

  const posts = t.app.routeTable.filter((r) => r.method === 'POST' && !r.url.startsWith('/api/'));
  const searches = t.app.routeTable.filter((r) => r.method === 'GET' && portalOf(r.url) && !r.url.includes(':') && !r.url.includes('.') && (fieldsByAction.get(r.url)?.size ?? 0) > 0);
  assert.ok(posts.length > 30, 'the POST routes are collected');

  for (const route of [...posts, ...searches]) {
    totals.routes++;
    const names = fieldNamesFor(route.url);
    const start = await fingerprint(t.db);
    let everyInputRefused = true;
    let browser = await browserFor(route);
    await fc.assert(
      fc.asyncProperty(formInput(names, baseFormFor(route.url)), async (input) => {
        await clearLockouts();
        browser = await stillSignedIn(route, browser);
        const url = fillOwn(route.url);
        const before = await rowCounts(t.db, countedTables);
        let res: LightMyRequestResponse;
        if (route.method === 'GET') {
          const query = new URLSearchParams(input.fields).toString();
          const raw = input.broken ? `&${encodeURIComponent(input.broken.name)}=${[...input.broken.bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}` : '';
          res = await browser.get(`${url}?${query}${raw}`);
        } else {
          if (!browser.csrfToken()) await browser.get(portalOf(route.url) && !route.public ? `/${portalOf(route.url)}` : '/enet/login');
          const { payload, contentType } = encodeForm(input, browser.csrfToken());
          const cookie = [...(browser as unknown as { cookies: Map<string, string> }).cookies].map(([k, v]) => `${k}=${v}`).join('; ');
          res = await t.app.inject({
            method: 'POST',
            url,
            remoteAddress: '10.88.0.1',
            payload,
            headers: { ...(contentType ? { 'content-type': contentType } : {}), ...(cookie ? { cookie } : {}) },
          });
        }
        record(res.statusCode);
        if (process.env.FUZZ_VERBOSE) perRoute.set(`${route.method} ${route.url}`, [...(perRoute.get(`${route.method} ${route.url}`) ?? []), res.statusCode]);
        assertScreenAnswer(`${route.method} ${route.url}`, res);
        if (res.statusCode >= 400) {
          const after = await rowCounts(t.db, countedTables);
          const differing = Object.keys(before).filter((k) => before[k] !== after[k]);
          assert.deepEqual(differing, [], `${route.method} ${route.url} → ${res.statusCode} left rows in ${differing.join(', ')}`);
        } else {
          everyInputRefused = false;
        }
      }),
      { numRuns: RUNS_PER_ROUTE, seed: SEED + totals.routes, endOnFailure: true, includeErrorInReport: true },
    );
    if (everyInputRefused) {
      const changed = changedTables(start, await fingerprint(t.db));
      assert.deepEqual(changed, [], `${route.method} ${route.url}: every input was refused, yet ${changed.join(', ')} changed`);
    }
  }
  for (const [route, statuses] of perRoute) console.log(`  ${route}: ${[...new Set(statuses)].sort().join(' ')}`);
  console.log(
    `fuzz (forms): ${posts.length} POST routes and ${searches.length} search forms, ${totals.inputs} inputs; ` +
      `refused ${totals.refused}, accepted ${totals.accepted}; statuses ${[...totals.statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')}`,
  );
});

test('every route with a parameter under hostile path segments: no 5xx, a Japanese page', async () => {
  const routes = t.app.routeTable.filter((r) => portalOf(r.url) && r.url.includes(':'));
  const segment = fc.oneof(
    hostileValue.map((v) => percentEncoded(v) || '%20'),
    brokenBytes.map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('')),
    fc.constantFrom('..', '%2e%2e', '%2F', '.%00', 'A'.repeat(201), `${'Ａ'.repeat(70)}`),
  );
  let inputs = 0;
  for (const route of routes) {
    let browser = await browserFor(route);
    await fc.assert(
      fc.asyncProperty(segment, async (hostile) => {
        await clearLockouts();
        browser = await stillSignedIn(route, browser);
        const before = await rowCounts(t.db, countedTables);
        const url = route.url.replace(/:[A-Za-z_]+/, hostile).replace(/:([A-Za-z_]+)/g, () => randomUUID());
        const res = route.method === 'GET' ? await browser.get(url) : await browser.post(url, {});
        inputs++;
        assertScreenAnswer(`${route.method} ${route.url} with a hostile parameter`, res);
        if (res.statusCode >= 400) assert.deepEqual(await rowCounts(t.db, countedTables), before);
      }),
      { numRuns: 10, seed: SEED, endOnFailure: true, includeErrorInReport: true },
    );
  }
  totals.inputs += inputs;
  console.log(`fuzz (path parameters): ${routes.length} routes, ${inputs} inputs`);
});

// ---------------------------------------------------------------------------------------------
// The API

const apiTotals = { inputs: 0 };

function api(method: 'GET' | 'POST', url: string, options: { token?: string | null; payload?: Buffer | string; contentType?: string } = {}) {
  const token = options.token === undefined ? own.apiToken.token : options.token;
  return t.app.inject({
    method,
    url,
    remoteAddress: '10.89.0.1',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(options.contentType ? { 'content-type': options.contentType } : {}) },
    ...(options.payload !== undefined ? { payload: options.payload } : {}),
  });
}

function assertApiAnswer(what: string, res: LightMyRequestResponse) {
  apiTotals.inputs++;
  assert.ok(res.statusCode < 500, `${what} → ${res.statusCode}: ${res.body.slice(0, 300)}`);
  assert.match(String(res.headers['content-type']), /^application\/json/, `${what} answers JSON`);
  if (res.statusCode >= 400) {
    const body = JSON.parse(res.body) as { error?: { message?: string } };
    assert.match(body.error?.message ?? '', JAPANESE, `${what} → ${res.statusCode} explains in Japanese`);
  }
}

const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ guaranteeContractNumber: fc.oneof(hostileValue, fc.jsonValue()), authenticationKey: fc.oneof(hostileValue, fc.jsonValue()) }, { requiredKeys: [] }),
  fc.record({ guaranteeContractNumber: hostileValue, authenticationKey: hostileValue, extra: fc.jsonValue() }),
  fc.jsonValue(),
  fc.array(hostileValue),
);

test('every API endpoint under hostile input: no 5xx, JSON errors in Japanese, no partial rows', async () => {
  const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/') && !r.public);
  const runs: Record<string, () => Promise<void>> = {
    'POST /api/v1/certificates/lookup': () =>
      fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { weight: 6, arbitrary: jsonish.map((v) => ({ payload: Buffer.from(JSON.stringify(v) ?? 'null'), contentType: 'application/json' })) },
            { weight: 1, arbitrary: fc.tuple(fc.string({ unit: 'binary', maxLength: 40 }), brokenBytes).map(([s, b]) => ({ payload: Buffer.concat([Buffer.from(`{"guaranteeContractNumber":"${s}`), b, Buffer.from('"}')]), contentType: 'application/json' })) },
            { weight: 1, arbitrary: fc.string({ maxLength: 80 }).map((s) => ({ payload: Buffer.from(s), contentType: 'application/json' })) },
            { weight: 1, arbitrary: hostileValue.map((s) => ({ payload: Buffer.from(`guaranteeContractNumber=${percentEncoded(s)}`), contentType: 'application/x-www-form-urlencoded' })) },
            { weight: 1, arbitrary: fc.constant({ payload: Buffer.from(JSON.stringify({ guaranteeContractNumber: 'A'.repeat(300_000) })), contentType: 'application/json' }) },
          ),
          async ({ payload, contentType }) => {
            await clearLockouts();
            const before = await rowCounts(t.db, countedTables);
            const res = await api('POST', '/api/v1/certificates/lookup', { payload, contentType });
            assertApiAnswer('POST /api/v1/certificates/lookup', res);
            if (res.statusCode >= 400) assert.deepEqual(await rowCounts(t.db, countedTables), before, 'a refused lookup leaves no rows');
          },
        ),
        { numRuns: RUNS_PER_ROUTE * 2, seed: SEED, includeErrorInReport: true },
      ),
    'GET /api/v1/certificates': () =>
      fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('cursor', 'limit', 'status', 'cursor', 'limit', 'x', '__proto__'), hostileValue), { maxLength: 5 }), fc.option(brokenBytes), async (pairs, bytes) => {
          await clearLockouts();
          const raw = bytes ? `&cursor=${[...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}` : '';
          const res = await api('GET', `/api/v1/certificates?${new URLSearchParams(pairs).toString()}${raw}`);
          assertApiAnswer('GET /api/v1/certificates', res);
        }),
        { numRuns: RUNS_PER_ROUTE, seed: SEED, includeErrorInReport: true },
      ),
    'GET /api/v1/certificates/:guaranteeContractNumber': () =>
      fc.assert(
        fc.asyncProperty(fc.oneof(hostileValue.filter((s) => s.length < 2000).map(percentEncoded), brokenBytes.map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join(''))), async (segment) => {
          await clearLockouts();
          const res = await api('GET', `/api/v1/certificates/${segment || '%20'}`);
          assertApiAnswer('GET /api/v1/certificates/:guaranteeContractNumber', res);
        }),
        { numRuns: RUNS_PER_ROUTE, seed: SEED, includeErrorInReport: true },
      ),
  };
  const missing = routes.map((r) => `${r.method} ${r.url}`).filter((k) => !runs[k]);
  assert.deepEqual(missing, [], 'every API endpoint is fuzzed');
  const start = await fingerprint(t.db, [...VOLATILE_TABLES, 'api_tokens']);
  for (const route of routes) await runs[`${route.method} ${route.url}`]!();
  // hostile Authorization headers
  await fc.assert(
    fc.asyncProperty(fc.oneof(hostileValue, hostileValue.map((v) => `Bearer ${v}`), fc.constant(`Bearer dhk_${'A'.repeat(43)}`)), async (header) => {
      await clearLockouts();
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/certificates', remoteAddress: '10.89.0.2', headers: { authorization: header.replace(/[^\x20-\x7e\xa0-\xff]/g, '?').slice(0, 8000) } });
      assertApiAnswer('GET /api/v1/certificates (hostile Authorization)', res);
      assert.equal(res.statusCode, 401);
    }),
    { numRuns: RUNS_PER_ROUTE, seed: SEED, includeErrorInReport: true },
  );
  const changed = changedTables(start, await fingerprint(t.db, [...VOLATILE_TABLES, 'api_tokens']));
  assert.deepEqual(changed, [], `hostile API input changed ${changed.join(', ')}`);
  console.log(`fuzz (API): ${routes.length} endpoints and the Authorization header, ${apiTotals.inputs} inputs`);
  console.log(`fuzz total: ${totals.inputs + apiTotals.inputs} inputs fuzzed (seed ${SEED})`);
});
