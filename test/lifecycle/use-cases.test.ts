// The lifecycle's use cases under pressure: concurrent approvals of one change (one version),
// concurrent requests for one guarantee (one open request), four eyes for a change, and a
// guarantee delivered on paper (a new version, nothing sent to D-Sure). Failures roll back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { concludeChange, type ConcludeChangeResult } from '../../src/lifecycle/conclude-change.ts';
import { requestCertificateChange, type RequestChangeResult } from '../../src/lifecycle/request-change.ts';
import { visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { concluded, createWorld, type Concluded, type World } from '../enet-certificates/fixtures.ts';
import { concludeAsStaff, staffBrowser } from './helpers.ts';

let t: TestContext;
let world: World;

before(async () => {
  t = await createTestContext();
  world = await createWorld(t);
});
after(() => t.close());

const contractorActor = () => ({ userId: world.contractor.user.id, organisationId: world.contractor.organisation.id, organisationName: world.contractor.organisation.name, ip: '127.0.0.1' });
const approver = () => ({ userId: world.surety.approver.id, organisationId: world.surety.organisation.id, role: 'surety_approver' as const, ip: '127.0.0.1' });

function request(g: Concluded, guaranteedAmount = 10_000_000) {
  return t.db.transaction().execute((trx) =>
    requestCertificateChange(
      trx,
      contractorActor(),
      {
        guaranteeContractNumber: g.number,
        request: { type: 'amendment', contractPrice: 25_000_000, contractDate: '2026-11-24', workPeriodEnd: '2027-03-19', guaranteedAmount, guaranteePeriodEnd: '2027-03-19', reason: '減額' },
      },
      { baseUrl: t.config.baseUrl },
      t.now(),
    ),
  );
}

test('four approvals of one change at the same moment: one version 2, one refund statement, one mail', async () => {
  const g = await concluded(t, world);
  const requested = await request(g);
  assert.ok(requested.ok);
  const conclude = () =>
    t.db
      .transaction()
      .execute((trx) => concludeChange(trx, { secrets: t.secrets, baseUrl: t.config.baseUrl }, approver(), { applicationId: requested.applicationId, revision: null }, t.now()))
      .catch((error: unknown) => ({ ok: false as const, reason: `threw: ${String(error)}` }));
  const results = (await Promise.all([conclude(), conclude(), conclude(), conclude()])) as (ConcludeChangeResult | { ok: false; reason: string })[];
  assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
  for (const r of results.filter((r) => !r.ok)) assert.equal(r.reason, 'already_concluded');
  const versions = await t.db.selectFrom('certificates').select('version').where('guarantee_id', '=', g.guaranteeId).execute();
  assert.deepEqual(versions.map((v) => v.version).sort(), [1, 2]);
  const refunds = await t.db.selectFrom('fee_statements').select('id').where('guarantee_id', '=', g.guaranteeId).where('kind', '=', 'refund').execute();
  assert.equal(refunds.length, 1);
  const mails = await t.db.selectFrom('mail_outbox').select('id').where('template', '=', 'lifecycle_change_concluded').where('subject', 'like', `%${g.number}%`).execute();
  assert.equal(mails.length, 1);
});

test('two requests for one guarantee at the same moment: one is taken, the other finds it open', async () => {
  const g = await concluded(t, world, { overrides: { work_name: '市道石井線改良工事' } });
  const results: RequestChangeResult[] = await Promise.all([request(g), request(g, 9_000_000)]);
  assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
  const refused = results.find((r) => !r.ok);
  assert.equal(refused?.reason, 'pending');
  const open = await t.db.selectFrom('applications').select('id').where('kind', '=', 'change').where('details', '@>', JSON.stringify({ change: { guaranteeId: g.guaranteeId } }) as never).execute();
  assert.equal(open.length, 1);
});

test('four eyes: no conclusion before a proposal; the examiner proposes but may not conclude; the approver then does', async () => {
  const g = await concluded(t, world, { overrides: { work_name: '市道高瀬線改良工事' } });
  await t.db.insertInto('surety_settings').values({ surety_id: world.surety.organisation.id, four_eyes: true }).onConflict((oc) => oc.column('surety_id').doUpdateSet({ four_eyes: true })).execute();
  try {
    const requested = await request(g);
    assert.ok(requested.ok);
    const id = requested.applicationId;
    const staff = await staffBrowser(t, world.surety.approver);
    const before = await staff.get(`/staff/applications/${id}`);
    assert.ok(visibleText(before.body).includes('まだ起案されていません。'));
    assert.ok(!before.body.includes('/conclude-change"'), 'no conclusion offered before a proposal');
    const early = await staff.post(`/staff/applications/${id}/conclude-change`, { revision: '1' });
    assert.equal(early.statusCode, 409);
    assert.ok(visibleText(early.body).includes('審査担当者による締結の起案が必要です。'));

    const examiner = await staffBrowser(t, world.surety.examiner);
    const page = await examiner.get(`/staff/applications/${id}`);
    assert.ok(!page.body.includes('/conclude-change"'), 'the examiner is offered no conclusion');
    assert.equal((await examiner.post(`/staff/applications/${id}/propose`, { note: '減額の変更契約書を確認済み' })).statusCode, 303);
    const byExaminer = await examiner.post(`/staff/applications/${id}/conclude-change`, { revision: '1' });
    assert.equal(byExaminer.statusCode, 409);
    assert.ok(visibleText(byExaminer.body).includes('決裁者が行います'));

    const done = await concludeAsStaff(staff, id);
    assert.equal(done.statusCode, 303, visibleText(done.body).slice(0, 400));
    const history = visibleText((await staff.get(`/staff/applications/${id}`)).body);
    assert.match(history, /締結の起案.*減額の変更契約書を確認済み.*保証契約締結.*保証契約の変更（減額）を締結し、電子証書の第2版を発行しました/s);
    const guarantee = await t.db.selectFrom('guarantees').select('current_version').where('id', '=', g.guaranteeId).executeTakeFirstOrThrow();
    assert.equal(guarantee.current_version, 2);
  } finally {
    await t.db.updateTable('surety_settings').set({ four_eyes: false }).where('surety_id', '=', world.surety.organisation.id).execute();
  }
});

test('a guarantee on paper gets version 2 (medium paper) and nothing goes to D-Sure', async () => {
  const g = await concluded(t, world, { overrides: { delivery: 'paper', work_name: '市道日ノ隈線改良工事' } });
  const requested = await request(g);
  assert.ok(requested.ok);
  const result = await t.db.transaction().execute((trx) => concludeChange(trx, { secrets: t.secrets, baseUrl: t.config.baseUrl }, approver(), { applicationId: requested.applicationId, revision: null }, t.now()));
  assert.ok(result.ok, JSON.stringify(result));
  const v2 = await t.db.selectFrom('certificates').select(['medium', 'deposited_at']).where('guarantee_id', '=', g.guaranteeId).where('version', '=', 2).executeTakeFirstOrThrow();
  assert.deepEqual(v2, { medium: 'paper', deposited_at: null });
  const deposits = await t.db.selectFrom('dsure_certificates').select('id').where('guarantee_contract_number', '=', g.number).execute();
  assert.equal(deposits.length, 0);
});
