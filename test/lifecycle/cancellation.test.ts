// 解約 and 減額: the 保証料返還計算書 (PDF text with its title and the amount), the status 解約 on
// the contractor's side and in D-Sure (and the orderer's email), no further requests on a
// cancelled guarantee; a shorter 保証期限 issues no fee statement.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_TARIFF, fee, formatYen, refund, type FeeGuaranteeTerms } from '../../src/domain/index.ts';
import { signedCertificateOf } from '../../src/issuance/certificate-content.ts';
import { pdfText } from '../documents/helpers.ts';
import { visibleText } from '../support/http.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { concluded, createWorld, type World } from '../enet-certificates/fixtures.ts';
import { concludeAsStaff, contractorBrowser, displayedKey, dsureStatusOf, enterKey, ordererUser, requestChange, staffBrowser } from './helpers.ts';
import type { TestBrowser } from '../support/http.ts';

let t: TestContext;
let smtp: TestSmtp;
let world: World;
let contractor: TestBrowser;
let staff: TestBrowser;

before(async () => {
  smtp = await startTestSmtp();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  world = await createWorld(t);
  contractor = await contractorBrowser(t, world.contractor);
  staff = await staffBrowser(t, world.surety.approver);
});
after(async () => {
  await t.close();
  await smtp.stop();
});

const ORIGINAL: FeeGuaranteeTerms = { guaranteeType: 'advance_payment', guaranteedAmount: 12_300_000, periodStart: '2026-10-16', periodEnd: '2027-03-19' };

/** The link and the text of the fee statement of `title` on the contractor's certificate screen. */
async function feeStatementPdf(number: string, title: string) {
  const screen = await contractor.get(`/enet/certificates/${number}`);
  const link = new RegExp(`href="(/enet/certificates/[^"]+/fee-statements/[0-9a-f-]+)">\\s*${title}（第2版）`).exec(screen.body)?.[1];
  assert.ok(link, `a download link for the ${title} of version 2`);
  const res = await contractor.get(link);
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/pdf');
  return (await pdfText(res.rawPayload)).text;
}

describe('解約', () => {
  test('produces the 保証料返還計算書 and the status 解約 on both sides; the orderer is told', async () => {
    const g = await concluded(t, world);
    const key = await displayedKey(contractor, g.number);
    const orderer = await ordererUser(t, world.hita, 'keiyaku@city.hita.example');
    assert.equal((await enterKey(orderer.browser, g.number, key)).statusCode, 303);

    const { confirmation, applicationId } = await requestChange(contractor, g.number, { type: 'cancellation', cancellationDate: '2026-11-26', reason: '発注者との協議により請負契約を解除したため' });
    const paid = fee(DEFAULT_TARIFF, ORIGINAL).total;
    const expected = refund(DEFAULT_TARIFF, { original: ORIGINAL, paid, change: { kind: 'cancellation' }, effectiveDate: '2026-11-26' });
    assert.ok(expected.total > 0);
    assert.ok(confirmation.includes('解約の申込み 入力内容の確認'));
    assert.ok(confirmation.includes(`返還する保証料 ${formatYen(expected.total)}`));

    const examination = visibleText((await staff.get(`/staff/applications/${applicationId}`)).body);
    assert.ok(examination.includes('変更・解約（ 解約 ）'));
    assert.ok(examination.includes('解約 なし 解約'), 'old → new: 解約 なし → 解約');
    assert.ok(examination.includes(`返還する保証料 合計（非課税） ${formatYen(expected.total)}`));
    const res = await concludeAsStaff(staff, applicationId);
    assert.equal(res.statusCode, 303, visibleText(res.body).slice(0, 500));

    const guarantee = await t.db.selectFrom('guarantees').select(['status', 'current_version']).where('id', '=', g.guaranteeId).executeTakeFirstOrThrow();
    assert.deepEqual(guarantee, { status: 'cancelled', current_version: 2 });
    const v2 = signedCertificateOf(await t.db.selectFrom('certificates').selectAll().where('guarantee_id', '=', g.guaranteeId).where('version', '=', 2).executeTakeFirstOrThrow());
    assert.equal(v2.content.cancelled, true);
    assert.deepEqual(v2.content.change, { kind: 'cancellation', reason: '発注者との協議により請負契約を解除したため', effectiveDate: '2026-11-26' });

    // The contractor's side.
    const screen = await contractor.get(`/enet/certificates/${g.number}`);
    const text = visibleText(screen.body);
    assert.ok(text.includes('状態：解約'));
    assert.ok(text.includes('この保証契約は解約されています。'));
    assert.ok(!screen.body.includes(`/enet/certificates/${g.number}/change"`), 'no more 変更・解約の申込み');
    const cancelledList = await contractor.get('/enet/certificates?status=cancelled');
    assert.ok(cancelledList.body.includes(`>${g.number}</a>`));
    const refused = await contractor.get(`/enet/certificates/${g.number}/change`);
    assert.equal(refused.statusCode, 409);
    assert.ok(visibleText(refused.body).includes('この保証契約は解約されているため、変更・解約の申込みはできません。'));

    const pdf = await feeStatementPdf(g.number, '保証料返還計算書');
    assert.ok(pdf.includes('保証料返還計算書'));
    assert.ok(pdf.includes(formatYen(expected.total)), `the PDF states ${formatYen(expected.total)}`);
    assert.ok(pdf.includes('解約日以降'));

    // The orderer's side.
    const view = await orderer.browser.get(`/dsure/certificates/${g.number}`);
    assert.equal(dsureStatusOf(view.body), '解約');
    assert.ok(visibleText(view.body).includes('この保証契約は解約されています（第2版）。'));
    const list = await orderer.browser.get('/dsure/certificates?status=cancelled');
    assert.ok(list.body.includes(g.number), 'D-Sure lists it as 解約');

    await t.deliverMail();
    const mail = await smtp.waitFor((m) => m.subject === `【電子保証】電子証書が変更されました（保証契約番号 ${g.number}）`);
    assert.ok(mail.text?.includes('解約され'));
    assert.ok(mail.text?.includes('変更の種類　：解約（令和8年11月26日から）'));
    const toContractor = await smtp.waitFor((m) => m.subject === `【電子保証】保証契約の解約のお知らせ（保証契約番号 ${g.number}）`);
    assert.ok(toContractor.text?.includes(`返還する保証料：${formatYen(expected.total)}`));
  });
});

describe('減額 and a shorter 保証期限', () => {
  test('減額 issues a 保証料返還計算書 for the part no longer guaranteed', async () => {
    const g = await concluded(t, world, { overrides: { work_name: '市道若宮線改良工事' } });
    const { applicationId } = await requestChange(contractor, g.number, {
      contractPrice: '25,000,000',
      contractDate: '2026-11-24',
      workPeriodEnd: '2027-03-19',
      guaranteedAmount: '10,000,000',
      guaranteePeriodEnd: '2027-03-19',
      reason: '工事内容の一部取りやめによる減額',
    });
    assert.equal((await concludeAsStaff(staff, applicationId)).statusCode, 303);
    const paid = fee(DEFAULT_TARIFF, ORIGINAL).total;
    const expected = refund(DEFAULT_TARIFF, { original: ORIGINAL, paid, change: { kind: 'decrease', guaranteedAmount: 10_000_000 }, effectiveDate: '2026-11-24' });
    const statements = await t.db.selectFrom('fee_statements').select(['kind', 'total']).where('guarantee_id', '=', g.guaranteeId).orderBy('created_at').execute();
    assert.deepEqual(statements.map((s) => [s.kind, Number(s.total)]), [['initial', paid], ['refund', expected.total]]);
    const pdf = await feeStatementPdf(g.number, '保証料返還計算書');
    assert.ok(pdf.includes('保証料返還計算書') && pdf.includes(formatYen(expected.total)) && pdf.includes('金10,000,000円'));
    const screen = visibleText((await contractor.get(`/enet/certificates/${g.number}`)).body);
    assert.ok(screen.includes('減額（効力発生日 令和8年11月24日）'));
    assert.ok(screen.includes('状態：有効'));
  });

  test('a shorter 保証期限 makes version 2 without a fee statement', async () => {
    const g = await concluded(t, world, { overrides: { work_name: '市道北友田線舗装工事' } });
    const { applicationId } = await requestChange(contractor, g.number, {
      contractPrice: '30,800,000',
      contractDate: '2026-11-24',
      workPeriodEnd: '2027-02-26',
      guaranteedAmount: '12,300,000',
      guaranteePeriodEnd: '2027-02-26',
      reason: '工期短縮',
    });
    const examination = visibleText((await staff.get(`/staff/applications/${applicationId}`)).body);
    assert.ok(examination.includes('保証期限の短縮では、保証料の追加も返還もありません。'));
    assert.ok(examination.includes('保証期限（保証期間の至） 令和9年3月19日 令和9年2月26日'));
    assert.equal((await concludeAsStaff(staff, applicationId)).statusCode, 303);
    const statements = await t.db.selectFrom('fee_statements').select('kind').where('guarantee_id', '=', g.guaranteeId).execute();
    assert.deepEqual(statements.map((s) => s.kind), ['initial']);
    const v2 = await t.db.selectFrom('certificates').select('content').where('guarantee_id', '=', g.guaranteeId).where('version', '=', 2).executeTakeFirstOrThrow();
    assert.equal((v2.content as { change: { kind: string } }).change.kind, 'period_change');
  });
});
