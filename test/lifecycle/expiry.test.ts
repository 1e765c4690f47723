// 期間満了 is computed from the dates wherever a certificate is shown — the contractor's screen and
// list, D-Sure's view and list — and never stored by a job: the clock moves past the 保証期限 and
// every screen says so, while the guarantee row is untouched. The last day itself is still
// covered. An expired guarantee takes no change request, and a request examined after the
// expiry cannot be concluded.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestBrowser, visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { concluded, createWorld, type World } from '../enet-certificates/fixtures.ts';
import { contractorBrowser, displayedKey, dsureStatusOf, enterKey, hiddenFieldsOf, nextAddress, ordererUser, requestChange, staffBrowser } from './helpers.ts';

let t: TestContext;
let world: World;

before(async () => {
  t = await createTestContext({ now: new Date('2026-11-27T10:00:00+09:00') });
  world = await createWorld(t);
});
after(() => t.close());

const SHORT = { work_name: '市道隈線側溝改修工事', contract_price: 5_000_000, guaranteed_amount: 2_000_000, period_start: '2026-10-16', period_end: '2026-12-31', guarantee_period_start: '2026-10-16', guarantee_period_end: '2026-12-31' };

test('期間満了 follows the clock on both sides, with nothing stored; the last day is still 有効', async () => {
  const g = await concluded(t, world, { overrides: SHORT });
  const pending = await concluded(t, world, { overrides: { ...SHORT, work_name: '市道亀山線側溝改修工事' } });
  const contractor = await contractorBrowser(t, world.contractor);
  const staff = await staffBrowser(t, world.surety.approver);
  const key = await displayedKey(contractor, g.number);
  const orderer = await ordererUser(t, world.hita, 'keiyaku@city.hita.example');
  assert.equal((await enterKey(orderer.browser, g.number, key)).statusCode, 303);
  const { applicationId } = await requestChange(contractor, pending.number, { type: 'cancellation', cancellationDate: '2026-11-27', reason: '請負契約の解除' });

  // Sessions end after 30 idle minutes: each moment of the clock signs in again.
  let browsers = { contractor, staff, orderer: orderer.browser };
  const at = async (moment: string) => {
    t.clock.set(new Date(moment));
    browsers = { contractor: await contractorBrowser(t, world.contractor), staff: await staffBrowser(t, world.surety.approver), orderer: await reLogin(orderer.user) };
  };
  const reLogin = async (user: { login_id: string; password: string }) => {
    const b = new TestBrowser(t.app, nextAddress());
    await b.login('dsure', user.login_id, user.password);
    return b;
  };
  const contractorStatus = async () => /状態：(\S+)/.exec(visibleText((await browsers.contractor.get(`/enet/certificates/${g.number}`)).body))?.[1];
  const ordererStatus = async () => dsureStatusOf((await browsers.orderer.get(`/dsure/certificates/${g.number}`)).body);

  await at('2026-12-31T23:30:00+09:00');
  assert.equal(await contractorStatus(), '有効', 'the last day of the period is covered');
  assert.equal(await ordererStatus(), '有効');

  await at('2027-01-01T00:10:00+09:00');
  assert.equal(await contractorStatus(), '期間満了');
  assert.equal(await ordererStatus(), '期間満了');
  assert.ok(visibleText((await browsers.orderer.get(`/dsure/certificates/${g.number}`)).body).includes('保証期間（令和8年12月31日まで）が満了しています。'));
  const expiredList = await browsers.contractor.get('/enet/certificates?status=expired');
  assert.ok(expiredList.body.includes(`>${g.number}</a>`));
  const dsureList = await browsers.orderer.get('/dsure/certificates?status=expired');
  assert.ok(dsureList.body.includes(g.number));
  const staffList = await browsers.staff.get('/staff/guarantees');
  const staffRow = staffList.body.split('<tr>').find((r) => r.includes(`>${g.number}</a>`)) ?? '';
  assert.ok(visibleText(staffRow).includes('期間満了'), "the surety's list says 期間満了 too");

  const screen = await browsers.contractor.get(`/enet/certificates/${g.number}`);
  assert.ok(!screen.body.includes(`/enet/certificates/${g.number}/change"`), 'no 変更・解約の申込み after the period');
  const refused = await browsers.contractor.get(`/enet/certificates/${g.number}/change`);
  assert.equal(refused.statusCode, 409);
  assert.ok(visibleText(refused.body).includes('保証期間（令和8年12月31日まで）が満了しているため、変更・解約の申込みはできません。'));

  const page = await browsers.staff.get(`/staff/applications/${applicationId}`);
  assert.ok(visibleText(page.body).includes('保証期間（令和8年12月31日まで）が満了しているため'));
  const concluded409 = await browsers.staff.post(`/staff/applications/${applicationId}/conclude-change`, hiddenFieldsOf(page.body, '/conclude-change'));
  assert.equal(concluded409.statusCode, 409);
  assert.ok(visibleText(concluded409.body).includes('変更・解約を締結できません。'));

  const rows = await t.db.selectFrom('guarantees').select(['status', 'current_version']).where('id', 'in', [g.guaranteeId, pending.guaranteeId]).execute();
  assert.deepEqual(rows, [{ status: 'active', current_version: 1 }, { status: 'active', current_version: 1 }], 'no job wrote an expiry');
});
