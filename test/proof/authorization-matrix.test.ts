// The authorization matrix, generated from the app's route table so that a new route cannot
// escape it. Three dimensions:
//   1. every route × anonymous and every role of the other portals: refused before the route
//      looks at its parameters (a guessed id of another tenant learns nothing);
//   2. every route with a parameter × every role of its own portal × an object that exists but
//      belongs to ANOTHER tenant: 404 or 403, never a success, never a change in the database
//      (and the owner, asking the same, is not refused: the object is real and reachable);
//   3. every /api/v1 route × no token, a revoked token, another orderer's token.
// A route whose parameter has no entry in FOREIGN (or an API route without an entry in API_CASES)
// fails the test: whoever adds a route adds the object of another tenant that it must refuse.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/db/schema.ts';
import { changedTables, fingerprint } from '../support/db-fingerprint.ts';
import { createOrganisation, createUser } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { createOwnedObjects, createSide, issueApiToken, signedIn, type OwnedObjects, type Side } from './world.ts';

type Portal = 'enet' | 'staff' | 'dsure';
type Params = Record<string, string>;

let t: TestContext;
let ours: Side;
let theirs: Side;
let ourObjects: OwnedObjects;
let theirObjects: OwnedObjects;
const browsers = new Map<Role, TestBrowser>(); // ours, one per role
const theirBrowsers = new Map<Role, TestBrowser>();

const ROLES: [Role, Portal][] = [
  ['contractor_admin', 'enet'],
  ['contractor_member', 'enet'],
  ['surety_examiner', 'staff'],
  ['surety_approver', 'staff'],
  ['surety_admin', 'staff'],
  ['orderer_viewer', 'dsure'],
  ['orderer_admin', 'dsure'],
];

function usersOf(side: Side): Record<Role, { login_id: string; password: string }> {
  return {
    contractor_admin: side.contractor.user,
    contractor_member: side.contractorMember,
    surety_examiner: side.surety.examiner,
    surety_approver: side.surety.approver,
    surety_admin: side.surety.admin,
    orderer_viewer: side.ordererViewer,
    orderer_admin: side.ordererAdmin,
  };
}

const counts = { otherPortals: 0, anonymous: 0, ownPortalNoParam: 0, foreign: 0, foreignPostsUnchanged: 0, controls: 0, api: 0, extra: 0 };

before(async () => {
  t = await createTestContext();
  ours = await createSide(t, '北');
  theirs = await createSide(t, '南');
  ourObjects = await createOwnedObjects(t, ours);
  theirObjects = await createOwnedObjects(t, theirs);
  for (const [role, portal] of ROLES) {
    browsers.set(role, await signedIn(t, portal, usersOf(ours)[role]));
    theirBrowsers.set(role, await signedIn(t, portal, usersOf(theirs)[role]));
  }
});
after(() => t.close());

function portalOf(url: string): Portal | null {
  const m = /^\/(enet|staff|dsure)(\/|$)/.exec(url);
  return (m?.[1] as Portal | undefined) ?? null;
}

const paramNames = (url: string) => [...url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);

/** A URL for a route pattern with the given parameters (others: an id that belongs to nobody). */
function fill(url: string, params: Params = {}): string {
  return url
    .replace(/:([A-Za-z_]+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? (/number/i.test(name) ? 'WJ-2026-000001-00' : randomUUID())))
    .replace(/\*$/, 'x');
}

/**
 * The form a route reads before it looks up its object: without it the answer would be a 400 for
 * the form, which proves nothing about the tenant. (Most routes look the object up first.)
 */
const BODIES: Record<string, Record<string, string>> = {
  'POST /staff/registrations/:id/decline': { reason: '法人番号を確認できませんでした。' },
};

async function request(browser: TestBrowser, method: string, url: string, pattern = ''): Promise<LightMyRequestResponse> {
  return method === 'GET' ? browser.get(url) : browser.post(url, BODIES[`${method} ${pattern}`] ?? {});
}

/** Whether the lockouts of earlier checks are cleared (each check starts from a clean slate). */
async function clearLockouts() {
  await t.db.deleteFrom('throttles').execute();
}

test('every route is either public or guarded: anonymous visitors and other portals are refused', async () => {
  const routes = t.app.routeTable;
  assert.ok(routes.length > 10, 'the route table is collected');
  const unguarded = routes.filter((r) => !r.public && !portalOf(r.url) && !r.url.startsWith('/api/'));
  assert.deepEqual(unguarded, [], 'a route outside the portals must be public (and say so) or live under a portal or /api');

  const cases = foreignCases();
  for (const route of routes.filter((r) => !r.public && portalOf(r.url))) {
    const portal = portalOf(route.url)!;
    const url = fill(route.url, caseFor(route.url, cases)?.params); // real objects where the route takes one
    // anonymous
    const anonymous = new TestBrowser(t.app, '10.9.1.1');
    await anonymous.get(`/${portal}/login`);
    const anon = await request(anonymous, route.method, url);
    assert.ok(
      route.method === 'GET' ? anon.statusCode === 303 && String(anon.headers.location).startsWith(`/${portal}/login`) : anon.statusCode === 401 || anon.statusCode === 403,
      `${route.method} ${route.url} anonymous → ${anon.statusCode}`,
    );
    counts.anonymous++;
    // every role of the other portals
    for (const [role, rolePortal] of ROLES) {
      if (rolePortal === portal) continue;
      const browser = browsers.get(role)!;
      await browser.get(`/${rolePortal}`);
      const res = await request(browser, route.method, url);
      assert.equal(res.statusCode, 403, `${route.method} ${route.url} as ${role} → ${res.statusCode}`);
      assert.match(visibleText(res.body), /向けです/, 'the refusal says which portal to use, in Japanese');
      counts.otherPortals++;
    }
  }
  console.log(`authorization matrix (1): ${routes.length} routes; ${counts.anonymous} anonymous checks, ${counts.otherPortals} route × other-portal-role checks`);
});

// ---------------------------------------------------------------------------------------------
// 2. Objects of another tenant

interface ForeignCase {
  /** What the foreign object is (printed when a check fails). */
  what: string;
  params: Params;
  /** Another answer that is a refusal for this route (with the reason in `what`). */
  accepts?: (res: LightMyRequestResponse) => boolean;
  /** The control: someone allowed to reach the object asks the same and is not refused. */
  control: { role: Role; params?: Params; browsers?: 'theirs' | 'ours' };
}

/** Route pattern prefix (up to a parameter) → the object of another tenant it must refuse. */
function foreignCases(): Record<string, ForeignCase> {
  const o = theirObjects;
  return {
    '/enet/applications/:id': { what: "another contractor's application (差戻し: editable, submittable, withdrawable)", params: { id: o.returnedApplication.id }, control: { role: 'contractor_admin' } },
    '/enet/users/:id': { what: "another contractor's user", params: { id: o.contractorMember.id }, control: { role: 'contractor_admin' } },
    '/enet/users/:id/resend': { what: "another contractor's user who has not set a password", params: { id: o.contractorPending.id }, control: { role: 'contractor_admin' } },
    '/enet/certificates/:guaranteeContractNumber': { what: "another contractor's guarantee (電子交付, registered in D-Sure)", params: { guaranteeContractNumber: o.registered.number }, control: { role: 'contractor_admin' } },
    '/enet/certificates/:guaranteeContractNumber/submission': { what: "another contractor's guarantee (電子提出済)", params: { guaranteeContractNumber: o.submitted.number }, control: { role: 'contractor_admin' } },
    '/enet/certificates/:guaranteeContractNumber/fee-statements/:feeStatementId': {
      what: "another contractor's guarantee and its fee statement",
      params: { guaranteeContractNumber: o.registered.number, feeStatementId: o.feeStatementId },
      control: { role: 'contractor_admin' },
    },
    '/staff/applications/:id': { what: "another surety's submitted application", params: { id: o.submittedApplication.id }, control: { role: 'surety_admin' } },
    '/staff/applications/:id/conclude-change': { what: "another surety's change application (増額)", params: { id: o.changeApplicationId }, control: { role: 'surety_approver' } },
    '/staff/guarantees/:id': { what: "another surety's guarantee", params: { id: o.registered.guaranteeId }, control: { role: 'surety_admin' } },
    // Orderers' policies are reference data shared by every surety company (src/staff/orderers/queries.ts);
    // what must be refused is an organisation that is not an orderer.
    '/staff/orderers/:id': { what: 'an organisation that is not an orderer (another surety company)', params: { id: theirs.surety.organisation.id }, control: { role: 'surety_admin', params: { id: theirs.orderer.organisation.id } } },
    '/staff/users/:id': { what: "another surety's user (password not set yet)", params: { id: o.staffPending.id }, control: { role: 'surety_admin' } },
    // Registrations belong to no surety until approved (any surety approves); what must be refused is an
    // organisation that is not a pending registration: the answer is 「既に処理されています」, nothing changes.
    '/staff/registrations/:id': {
      what: 'an organisation that is not a pending registration (another, active contractor)',
      params: { id: theirs.contractor.organisation.id },
      accepts: (res) => res.statusCode === 303 && res.headers.location === '/staff/registrations?done=stale',
      control: { role: 'surety_approver', params: { id: pendingRegistrationId }, browsers: 'ours' },
    },
    '/staff/registrations/users/:id': { what: "a user who is not a contractor's administrator awaiting activation (another surety's user)", params: { id: o.staffPending.id }, control: { role: 'surety_approver', params: { id: pendingAdminId }, browsers: 'ours' } },
    '/dsure/certificates/:number': { what: "a certificate registered by another orderer only", params: { number: o.registered.number }, control: { role: 'orderer_viewer' } },
    '/dsure/users/:id': { what: "another orderer's user", params: { id: o.ordererViewer.id }, control: { role: 'orderer_admin' } },
    '/dsure/inbox/:id': { what: "another orderer's electronic submission", params: { id: o.submissionId }, control: { role: 'orderer_admin' } },
    '/dsure/api/tokens/:id': { what: "another orderer's API token", params: { id: o.apiToken.id }, control: { role: 'orderer_admin' } },
    '/dsure/api/webhooks/:id': { what: "another orderer's webhook endpoint", params: { id: o.webhookId }, control: { role: 'orderer_admin' } },
  };
}

/** A refused request may touch only the session's last use and the lockout counters: no audit row, no log, nothing else. */
const UNTOUCHED_EXCEPT = ['sessions', 'throttles'];

let pendingRegistrationId = '';
let pendingAdminId = '';

/** The case of the longest matching prefix that names every parameter of the route, or null. */
function caseFor(url: string, cases: Record<string, ForeignCase>): ForeignCase | null {
  const keys = Object.keys(cases)
    .filter((k) => url === k || url.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length);
  const found = keys.map((k) => cases[k]!).find((c) => paramNames(url).every((p) => p in c.params));
  return found ?? null;
}

test('every route with a parameter refuses an object of another tenant, for every role of its portal, and changes nothing', async () => {
  // the controls of the shared (tenant-less) registrations: a pending company and an approved one's admin
  const pending = await createOrganisation(t.db, 'contractor', { status: 'pending', email: 'pending@example.test' });
  await createUser(t.db, pending, 'contractor_admin');
  pendingRegistrationId = pending.id;
  const approved = await createOrganisation(t.db, 'contractor');
  const admin = await createUser(t.db, approved, 'contractor_admin');
  await t.db.updateTable('users').set({ status: 'pending' }).where('id', '=', admin.id).execute();
  pendingAdminId = admin.id;

  const cases = foreignCases();
  const routes = t.app.routeTable.filter((r) => !r.public && portalOf(r.url) && paramNames(r.url).length > 0);
  const unmapped = routes.filter((r) => !caseFor(r.url, cases)).map((r) => `${r.method} ${r.url}`);
  assert.deepEqual(unmapped, [], 'every parameter of every route is mapped to an object of another tenant in foreignCases()');

  const controls: { route: (typeof routes)[number]; c: ForeignCase }[] = [];
  for (const route of routes) {
    const portal = portalOf(route.url)!;
    const c = caseFor(route.url, cases)!;
    const url = fill(route.url, c.params);
    for (const [role, rolePortal] of ROLES) {
      if (rolePortal !== portal) continue;
      const browser = browsers.get(role)!;
      await clearLockouts();
      await browser.get(`/${portal}`);
      const before = route.method === 'GET' ? null : await fingerprint(t.db, UNTOUCHED_EXCEPT);
      let res = await request(browser, route.method, url, route.url);
      // A GET that only redirects (e.g. a reloaded key page → the certificate screen) is followed:
      // where the person lands must refuse.
      for (let hops = 0; route.method === 'GET' && res.statusCode === 303 && hops < 3; hops++) res = await browser.get(String(res.headers.location));
      const refused = res.statusCode === 404 || res.statusCode === 403 || (c.accepts?.(res) ?? false);
      assert.ok(refused, `${route.method} ${route.url} as ${role} with ${c.what} → ${res.statusCode} ${String(res.headers.location ?? '')} ${visibleText(res.body).slice(0, 200)}`);
      if (res.statusCode !== 303) assert.match(visibleText(res.body), /[ぁ-んァ-ヶ一-龠]/, 'the refusal is in Japanese');
      counts.foreign++;
      if (before) {
        const changed = changedTables(before, await fingerprint(t.db, UNTOUCHED_EXCEPT));
        assert.deepEqual(changed, [], `${route.method} ${route.url} as ${role} with ${c.what} changed ${changed.join(', ')}`);
        counts.foreignPostsUnchanged++;
      }
    }
    controls.push({ route, c });
  }

  // The controls: the same request by someone who may reach the object is not refused (GETs first;
  // the POSTs last, since they may act on the objects).
  controls.sort((a, b) => Number(a.route.method !== 'GET') - Number(b.route.method !== 'GET'));
  for (const { route, c } of controls) {
    const portal = portalOf(route.url)!;
    const browser = (c.control.browsers === 'ours' ? browsers : theirBrowsers).get(c.control.role)!;
    await clearLockouts();
    await browser.get(`/${portal}`);
    const res = await request(browser, route.method, fill(route.url, c.control.params ?? c.params), route.url);
    assert.ok(![401, 403, 404].includes(res.statusCode), `control: ${route.method} ${route.url} as the owner's ${c.control.role} → ${res.statusCode} ${visibleText(res.body).slice(0, 200)}`);
    assert.ok(res.statusCode < 500, `control: ${route.method} ${route.url} → ${res.statusCode}`);
    counts.controls++;
  }
  console.log(
    `authorization matrix (2): ${routes.length} routes with parameters × roles of their portal = ${counts.foreign} checks with another tenant's object ` +
      `(${counts.foreignPostsUnchanged} POSTs with the database unchanged), ${counts.controls} owner controls`,
  );
});

test('the key entry and the fee statement of another tenant: refused with the right key or an own number', async () => {
  // D-Sure: another orderer's certificate with its correct 認証キー is refused, and not registered.
  const viewer = browsers.get('orderer_viewer')!;
  await clearLockouts();
  const res = await viewer.submit('/dsure/view', '/dsure/view', { number: theirObjects.registered.number, key: theirObjects.registered.key });
  assert.equal(res.statusCode, 400);
  assert.match(visibleText(res.body), /貴団体では閲覧できない電子証書です/);
  const registered = await t.db
    .selectFrom('dsure_registrations')
    .select('guarantee_contract_number')
    .where('orderer_id', '=', ours.orderer.organisation.id)
    .where('guarantee_contract_number', '=', theirObjects.registered.number)
    .execute();
  assert.deepEqual(registered, []);
  counts.extra++;
  // e-Net保証: the company's own 保証契約番号 with another company's fee statement.
  for (const role of ['contractor_admin', 'contractor_member'] as const) {
    await clearLockouts();
    const own = await browsers.get(role)!.get(`/enet/certificates/${ourObjects.registered.number}/fee-statements/${theirObjects.feeStatementId}`);
    assert.equal(own.statusCode, 404, `${role}: own number, foreign fee statement`);
    counts.extra++;
  }
});

test('roles of the own portal on routes without parameters: never a server error', async () => {
  for (const route of t.app.routeTable.filter((r) => !r.public && portalOf(r.url) && paramNames(r.url).length === 0)) {
    for (const [role, portal] of ROLES) {
      if (portal !== portalOf(route.url)) continue;
      const browser = browsers.get(role)!;
      await clearLockouts();
      await browser.get(`/${portal}`);
      const res = await request(browser, route.method, route.url);
      assert.ok(res.statusCode < 500, `${route.method} ${route.url} as ${role} → ${res.statusCode}`);
      counts.ownPortalNoParam++;
    }
  }
  console.log(`authorization matrix: ${counts.ownPortalNoParam} route × own-role checks without parameters (no 5xx)`);
});

// ---------------------------------------------------------------------------------------------
// 3. The API: no token, a revoked token, another orderer's token

function api(method: string, url: string, token: string | null, body?: unknown) {
  return t.app.inject({
    method: method as 'GET' | 'POST',
    url,
    remoteAddress: '10.66.0.1',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}

test('every /api/v1 route × no token, a revoked token and another orderer’s token', async () => {
  const ourNumber = ourObjects.registered.number;
  const ourKey = ourObjects.registered.key;
  // a revoked token of our orderer (revoked on the D-Sure screen)
  const admin = browsers.get('orderer_admin')!;
  const revoked = await issueApiToken(admin, '廃止したシステム');
  await admin.get('/dsure/api');
  assert.equal((await admin.post(`/dsure/api/tokens/${revoked.id}/revoke`)).statusCode, 303);
  const row = await t.db.selectFrom('api_tokens').select(['revoked_at', 'token_hint']).where('id', '=', revoked.id).executeTakeFirstOrThrow();
  assert.ok(row.revoked_at && revoked.token.startsWith(row.token_hint.replace('…', '')), 'the token revoked on the screen is the one used below');
  const ourToken = ourObjects.apiToken.token;
  // (the owner controls above revoked their first token: they issue another)
  const otherToken = (await issueApiToken(theirBrowsers.get('orderer_admin')!, '南の新しい連携')).token;

  /** `${method} ${url}` → the request for a token, and what another orderer's token must get. */
  const API_CASES: Record<string, { send: (token: string | null) => Promise<LightMyRequestResponse>; other: (res: LightMyRequestResponse) => void }> = {
    'POST /api/v1/certificates/lookup': {
      // our certificate with its correct key: another orderer must not register it
      send: (token) => api('POST', '/api/v1/certificates/lookup', token, { guaranteeContractNumber: ourNumber, authenticationKey: ourKey }),
      other: (res) => assert.equal(res.statusCode, 404),
    },
    'GET /api/v1/certificates': {
      send: (token) => api('GET', '/api/v1/certificates?limit=100', token),
      other: (res) => {
        assert.equal(res.statusCode, 200);
        assert.ok(!res.body.includes(ourNumber), "another orderer's list does not contain our certificate");
      },
    },
    'GET /api/v1/certificates/:guaranteeContractNumber': {
      send: (token) => api('GET', `/api/v1/certificates/${ourNumber}`, token),
      other: (res) => assert.equal(res.statusCode, 404),
    },
  };

  const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/') && !r.public);
  const missing = routes.map((r) => `${r.method} ${r.url}`).filter((k) => !API_CASES[k]);
  assert.deepEqual(missing, [], 'every API route has a case in API_CASES');
  for (const route of routes) {
    const c = API_CASES[`${route.method} ${route.url}`]!;
    for (const [name, token] of [['no token', null], ['revoked token', revoked.token], ['another orderer’s token', otherToken]] as const) {
      await clearLockouts();
      const before = await fingerprint(t.db, ['sessions', 'throttles', 'audit_log', 'dsure_view_log', 'api_tokens']);
      const res = await c.send(token);
      if (token === otherToken) c.other(res);
      else assert.equal(res.statusCode, 401, `${route.method} ${route.url} with ${name} → ${res.statusCode}`);
      assert.match(res.body, /[ぁ-んァ-ヶ一-龠]/, 'the answer is in Japanese');
      const changed = changedTables(before, await fingerprint(t.db, ['sessions', 'throttles', 'audit_log', 'dsure_view_log', 'api_tokens']));
      assert.deepEqual(changed, [], `${route.method} ${route.url} with ${name} changed ${changed.join(', ')}`);
      counts.api++;
    }
    // the control: our own token reaches our certificate
    await clearLockouts();
    const own = await c.send(ourToken);
    assert.equal(own.statusCode, 200, `${route.method} ${route.url} with our own token → ${own.statusCode} ${own.body.slice(0, 200)}`);
    assert.ok(own.body.includes(ourNumber));
  }
  const other = await t.db.selectFrom('dsure_registrations').select('guarantee_contract_number').where('orderer_id', '=', theirs.orderer.organisation.id).where('guarantee_contract_number', '=', ourNumber).execute();
  assert.deepEqual(other, [], "another orderer's token never registered our certificate");
  console.log(`authorization matrix (3): ${routes.length} API routes × 3 tokens = ${counts.api} checks; extra checks: ${counts.extra}`);
  const total = counts.anonymous + counts.otherPortals + counts.foreign + counts.ownPortalNoParam + counts.api + counts.extra;
  console.log(`authorization matrix total: ${total} route × role checks (+ ${counts.controls} owner controls)`);
});
