// The contractor's screens with the real back office (/staff, another module): what the surety
// writes (審査開始, 差戻し with its message, 保証契約締結) is what the contractor sees, and the
// contractor's correction after 差戻し goes back to the surety's queue.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createOrganisation, createTenant, createUser } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { ADVANCE_CONTRACT, createOrdererWithPolicy, fillContract, revisionOf, startApplication, submitFromConfirmation } from './helpers.ts';

let t: TestContext;

before(async () => {
  t = await createTestContext();
});
after(() => t.close());

test('審査開始 → 差戻し → 再申込み → 保証契約締結, seen from e-Net保証', async () => {
  const surety = await createOrganisation(t.db, 'surety', { code: 'WQ', name: '西日本建設業保証株式会社' });
  const staffUser = await createUser(t.db, surety, 'surety_admin');
  const hita = await createOrdererWithPolicy(t.db);
  const company = await createTenant(t.db, 'contractor');

  const contractor = new TestBrowser(t.app, '10.5.0.1');
  await contractor.login('enet', company.user.login_id, company.user.password);
  const id = await startApplication(contractor, { ordererId: hita.id, category: 'works', initialContractDate: '2025-04-01', guaranteeType: 'advance_payment' });
  assert.equal((await fillContract(contractor, id, ADVANCE_CONTRACT)).statusCode, 303);
  assert.equal((await submitFromConfirmation(contractor, id)).statusCode, 303);

  const staff = new TestBrowser(t.app, '10.5.0.2');
  await staff.login('staff', staffUser.login_id, staffUser.password);
  await staff.get(`/staff/applications/${id}`);
  assert.equal((await staff.post(`/staff/applications/${id}/start-review`)).statusCode, 303);
  assert.ok(visibleText((await contractor.get(`/enet/applications/${id}`)).body).includes('状況： 審査中'));
  // While the surety examines it, the contractor cannot change it.
  assert.equal((await contractor.get(`/enet/applications/${id}/contract`)).statusCode, 303);

  await staff.get(`/staff/applications/${id}`);
  const returned = await staff.post(`/staff/applications/${id}/return`, { message: '保証期限を工期の末日と同じ日にしてください。' });
  assert.equal(returned.statusCode, 303);
  const detail = visibleText((await contractor.get(`/enet/applications/${id}`)).body);
  assert.ok(detail.includes('状況： 差戻し'));
  assert.ok(detail.includes('保証期限を工期の末日と同じ日にしてください。'));

  assert.equal((await fillContract(contractor, id, { ...ADVANCE_CONTRACT, guaranteePeriodEnd: '2026-03-19' })).statusCode, 303);
  assert.equal((await submitFromConfirmation(contractor, id)).headers.location, `/enet/applications/${id}?done=resubmitted`);

  const staffPage = await staff.get(`/staff/applications/${id}`);
  assert.equal(staffPage.statusCode, 200);
  const concluded = await staff.post(`/staff/applications/${id}/conclude`, { revision: revisionOf(staffPage.body) });
  assert.equal(concluded.statusCode, 303, visibleText(concluded.body).slice(0, 600));

  const final = await contractor.get(`/enet/applications/${id}`);
  const text = visibleText(final.body);
  assert.ok(text.includes('状況： 保証契約締結'));
  const number = /保証契約番号： (WQ-\d{4}-\d{6}-\d{2})/.exec(text)?.[1];
  assert.ok(number, 'the guarantee contract number is shown');
  assert.ok(final.body.includes(`href="/enet/certificates/${number}"`), 'with a link to the electronic certificate');
  assert.match(text, /申込を作成（下書き）.*申込み.*審査開始.*差戻し.*保証期限を工期の末日と同じ日にしてください。.*再申込み（差戻し後の修正）.*保証契約締結/s);
  assert.equal((await contractor.get(`/enet/certificates/${number}`)).statusCode, 200);
  assert.equal((await contractor.post(`/enet/applications/${id}/withdraw`, { reason: '' })).statusCode, 409);
});
