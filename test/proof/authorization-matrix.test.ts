// The authorization matrix, generated from the app's route table so that a new
// route cannot escape it: every route × anonymous and every role. A route that is
// not marked public must refuse anonymous visitors and users of the other portals,
// before it looks at its parameters (so a guessed id of another tenant learns nothing).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Role } from '../../src/db/schema.ts';
import { createTenant } from '../support/factories.ts';
import { TestBrowser } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

let t: TestContext;
const browsers = new Map<Role, TestBrowser>();
const ROLES: [Role, 'enet' | 'staff' | 'dsure'][] = [
  ['contractor_admin', 'enet'],
  ['contractor_member', 'enet'],
  ['surety_examiner', 'staff'],
  ['surety_approver', 'staff'],
  ['surety_admin', 'staff'],
  ['orderer_viewer', 'dsure'],
  ['orderer_admin', 'dsure'],
];

before(async () => {
  t = await createTestContext();
  let ip = 1;
  for (const [role, portal] of ROLES) {
    const kind = portal === 'enet' ? 'contractor' : portal === 'staff' ? 'surety' : 'orderer';
    const { user } = await createTenant(t.db, kind, role);
    const browser = new TestBrowser(t.app, `10.9.0.${ip++}`);
    await browser.login(portal, user.login_id, user.password);
    browsers.set(role, browser);
  }
});
after(() => t.close());

/** A concrete URL for a route pattern: every parameter becomes an id that belongs to nobody. */
function concrete(url: string): string {
  return url.replace(/:([A-Za-z_]+)/g, (_m, name: string) => (/number/i.test(name) ? 'WJ-2026-000001-00' : randomUUID())).replace(/\*$/, 'x');
}

function portalOf(url: string): 'enet' | 'staff' | 'dsure' | null {
  const m = /^\/(enet|staff|dsure)(\/|$)/.exec(url);
  return (m?.[1] as 'enet' | 'staff' | 'dsure' | undefined) ?? null;
}

test('every route is either public or guarded: anonymous visitors and other portals are refused', async () => {
  const routes = t.app.routeTable;
  assert.ok(routes.length > 10, 'the route table is collected');
  const unguarded = routes.filter((r) => !r.public && !portalOf(r.url) && !r.url.startsWith('/api/') && !r.url.startsWith('/.well-known/'));
  assert.deepEqual(unguarded, [], 'a route outside the portals must be public (and say so) or live under a portal');

  let checks = 0;
  for (const route of routes.filter((r) => !r.public && portalOf(r.url))) {
    const portal = portalOf(route.url)!;
    const url = concrete(route.url);
    // anonymous
    const anonymous = new TestBrowser(t.app, '10.9.1.1');
    await anonymous.get(`/${portal}/login`);
    const anon = route.method === 'GET' ? await anonymous.get(url) : await anonymous.post(url, {});
    assert.ok(
      route.method === 'GET' ? anon.statusCode === 303 && String(anon.headers.location).startsWith(`/${portal}/login`) : anon.statusCode === 401 || anon.statusCode === 403,
      `${route.method} ${route.url} anonymous → ${anon.statusCode}`,
    );
    checks++;
    // every role of the other portals
    for (const [role, rolePortal] of ROLES) {
      if (rolePortal === portal) continue;
      const browser = browsers.get(role)!;
      await browser.get(`/${rolePortal}`);
      const res = route.method === 'GET' ? await browser.get(url) : await browser.post(url, {});
      assert.equal(res.statusCode, 403, `${route.method} ${route.url} as ${role} → ${res.statusCode}`);
      checks++;
    }
  }
  console.log(`authorization matrix: ${routes.length} routes, ${checks} route × role checks (anonymous and other portals)`);
});
