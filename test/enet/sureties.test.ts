// With several surety companies the applicant chooses where to apply (with one, it is chosen
// without asking: see applications.test.ts). Also: the surety's internal steps stay internal.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createOrganisation, createTenant } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { createOrdererWithPolicy } from './helpers.ts';

let t: TestContext;

before(async () => {
  t = await createTestContext();
});
after(() => t.close());

test('no surety company: the application cannot start, with a clear message', async () => {
  const hita = await createOrdererWithPolicy(t.db);
  const company = await createTenant(t.db, 'contractor');
  const browser = new TestBrowser(t.app, '10.4.0.1');
  await browser.login('enet', company.user.login_id, company.user.password);
  const res = await browser.submit('/enet/applications/new', '/enet/applications/new', { ordererId: hita.id, category: 'works', initialContractDate: '2025-04-01', guaranteeType: 'advance_payment', intent: 'next' });
  assert.equal(res.statusCode, 400);
  assert.ok(visibleText(res.body).includes('現在、保証の申込みを受け付けている保証会社がありません。'));
});

test('several surety companies: the applicant must choose one, and the choice is kept', async () => {
  const east = await createOrganisation(t.db, 'surety', { name: '東日本建設業保証株式会社' });
  const west = await createOrganisation(t.db, 'surety', { name: '西日本建設業保証株式会社' });
  const hita = await createOrdererWithPolicy(t.db);
  const company = await createTenant(t.db, 'contractor');
  const browser = new TestBrowser(t.app, '10.4.0.2');
  await browser.login('enet', company.user.login_id, company.user.password);
  const page = await browser.get('/enet/applications/new');
  assert.ok(page.body.includes('name="suretyId"'));
  assert.ok(page.body.includes(`<option value="${east.id}"`) && page.body.includes(`<option value="${west.id}"`));
  const basics = { ordererId: hita.id, category: 'works', initialContractDate: '2025-04-01', guaranteeType: 'advance_payment', intent: 'next' };
  const missing = await browser.post('/enet/applications/new', basics);
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /id="error-suretyId"[^>]*>.*申込先の保証会社を選択してください。/s);
  const ok = await browser.post('/enet/applications/new', { ...basics, suretyId: west.id });
  assert.equal(ok.statusCode, 303);
  const row = await t.db.selectFrom('applications').select(['id', 'surety_id']).where('contractor_id', '=', company.organisation.id).executeTakeFirstOrThrow();
  assert.equal(row.surety_id, west.id);

  // The surety's internal steps (a proposal for the second approver, with its note) are not shown to the contractor.
  await t.db.insertInto('application_events').values({ application_id: row.id, at: t.now(), actor_user_id: null, kind: 'conclusion_proposed', message: '社内メモ：決裁をお願いします', snapshot: null }).execute();
  const detail = visibleText((await browser.get(`/enet/applications/${row.id}`)).body);
  assert.ok(detail.includes('申込を作成（下書き）'));
  assert.ok(!detail.includes('社内メモ'));
});
