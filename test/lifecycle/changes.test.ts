// 増額 from the certificate screen to the orderer's view: the contractor's request (form,
// confirmation, submit), the surety's examination in the same work queue (old → new, the fee
// effect) and its conclusion (version 2, signed and chained to version 1, which still verifies),
// the 追加保証料計算書, the emails (contractor; every user of the orderer that registered the
// certificate, at a real SMTP server), D-Sure's 変更あり and the field-by-field differences,
// the same 認証キー still opening the guarantee. Also: refused forms, a pending request, a
// double approval, and another company's guarantee (404).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { additionalFee, DEFAULT_TARIFF, formatYen } from '../../src/domain/index.ts';
import { contentHash, verifyCertificate, type Jwks } from '../../src/signing/index.ts';
import { signedCertificateOf } from '../../src/issuance/certificate-content.ts';
import { pdfText } from '../documents/helpers.ts';
import { createUser } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { concluded, createWorld, type Concluded, type World } from '../enet-certificates/fixtures.ts';
import {
  changeRows,
  concludeAsStaff,
  contractorBrowser,
  displayedKey,
  dsureStatusOf,
  enterKey,
  hiddenFieldsOf,
  nextAddress,
  ordererUser,
  requestChange,
  staffBrowser,
} from './helpers.ts';

let t: TestContext;
let smtp: TestSmtp;
let world: World;
let contractor: TestBrowser;
let staff: TestBrowser;

before(async () => {
  smtp = await startTestSmtp();
  t = await createTestContext({ env: { SMTP_URL: smtp.url, BASE_URL: 'https://hosho.example.jp' } });
  world = await createWorld(t);
  contractor = await contractorBrowser(t, world.contractor);
  staff = await staffBrowser(t, world.surety.approver);
});
after(async () => {
  await t.close();
  await smtp.stop();
});

const versionsOf = (guaranteeId: string) => t.db.selectFrom('certificates').selectAll().where('guarantee_id', '=', guaranteeId).orderBy('version').execute();

describe('増額: version 2 from the certificate screen to the orderer', () => {
  let g: Concluded;
  let key: string;
  let orderer: Awaited<ReturnType<typeof ordererUser>>;
  let colleague: Awaited<ReturnType<typeof ordererUser>>;
  let applicationId: string;
  let v1Before: { content_hash: string; signature: string };
  const expectedFee = additionalFee(DEFAULT_TARIFF, {
    original: { guaranteeType: 'advance_payment', guaranteedAmount: 12_300_000, periodStart: '2026-10-16', periodEnd: '2027-03-19' },
    changed: { guaranteedAmount: 14_400_000, periodEnd: '2027-03-19' },
    effectiveDate: '2026-11-25',
  });

  before(async () => {
    g = await concluded(t, world);
    key = await displayedKey(contractor, g.number);
    orderer = await ordererUser(t, world.hita, 'keiyaku@city.hita.example');
    colleague = await ordererUser(t, world.hita, 'kouji@city.hita.example');
    assert.equal((await enterKey(orderer.browser, g.number, key)).statusCode, 303, 'the orderer registered the certificate with its key');
    const [v1] = await versionsOf(g.guaranteeId);
    v1Before = { content_hash: v1!.content_hash, signature: v1!.signature };
  });

  test('the contractor asks for it from the certificate screen; the confirmation shows old → new and the fee to pay', async () => {
    const { confirmation, applicationId: id, submitted } = await requestChange(contractor, g.number, {
      contractPrice: '３６，０００，０００', // full-width, as typed
      contractDate: '2026/11/25',
      workPeriodEnd: '2027-03-19',
      guaranteedAmount: '金14,400,000円',
      guaranteePeriodEnd: '2027-03-19',
      reason: '設計変更により請負代金額が増額となったため',
    });
    applicationId = id;
    for (const expected of ['増額', '変更契約日 令和8年11月25日', '請負代金額 金30,800,000円 金36,000,000円', '保証金額 金12,300,000円 金14,400,000円', `追加保証料 ${formatYen(expectedFee.total)}（非課税）`]) {
      assert.ok(confirmation.includes(expected), `the confirmation shows 「${expected}」`);
    }
    assert.ok(expectedFee.total > 0);
    const detail = visibleText((await contractor.get(String(submitted.headers.location))).body);
    assert.ok(detail.includes('保証申込を受け付けました'), 'the request is an application of the company');
    assert.ok(detail.includes('金14,400,000円'));
    const receipt = await t.db.selectFrom('mail_outbox').select(['to_address', 'subject']).where('template', '=', 'lifecycle_change_requested').execute();
    assert.deepEqual(receipt.map((m) => m.to_address), [world.contractor.user.email]);
    assert.equal(receipt[0]!.subject, `【e-Net保証】保証契約の変更の申込を受け付けました（保証契約番号 ${g.number}）`);
  });

  test('the surety sees it in the same work queue, with old → new and the 追加保証料', async () => {
    const queue = await staff.get('/staff/applications');
    assert.ok(queue.body.includes(`href="/staff/applications/${applicationId}"`), 'in the work queue');
    const row = queue.body.split('<tr>').find((r) => r.includes(`href="/staff/applications/${applicationId}"`)) ?? '';
    assert.ok(visibleText(row).includes('変更・解約'), 'marked as a change request in the queue');
    const page = await staff.get(`/staff/applications/${applicationId}`);
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    for (const expected of ['変更・解約の申込の審査', '変更・解約（ 増額 ）', g.number, '変更の内容（第1版 → 第2版）', '発注者の定めと変更の日付に合っています。', `追加保証料 合計（非課税） ${formatYen(expectedFee.total)}`, '変更を締結する（第2版の電子証書を発行）']) {
      assert.ok(text.includes(expected), `the examination shows 「${expected}」`);
    }
    assert.deepEqual(changeRows(page.body).find((r) => r[0] === '保証金額'), ['保証金額', '金12,300,000円', '金14,400,000円']);
    // The generic conclusion of NEW guarantees still refuses a change request.
    const generic = await staff.post(`/staff/applications/${applicationId}/conclude`, { revision: hiddenFieldsOf(page.body, '/conclude-change').revision! });
    assert.equal(generic.statusCode, 409);
    assert.equal((await versionsOf(g.guaranteeId)).length, 1);
  });

  test('concluding makes version 2, chained to version 1; both verify against /.well-known/jwks.json', async () => {
    const res = await concludeAsStaff(staff, applicationId);
    assert.equal(res.statusCode, 303, visibleText(res.body).slice(0, 600));
    assert.equal(res.headers.location, `/staff/applications/${applicationId}?notice=change_concluded`);
    const after = visibleText((await staff.get(String(res.headers.location))).body);
    assert.ok(after.includes('締結しました。新しい版の電子証書を発行し'));

    const rows = await versionsOf(g.guaranteeId);
    assert.deepEqual(rows.map((r) => r.version), [1, 2]);
    const [v1, v2] = rows.map((r) => signedCertificateOf(r));
    assert.equal(rows[0]!.content_hash, v1Before.content_hash, 'version 1 is never rewritten');
    assert.equal(rows[0]!.signature, v1Before.signature);
    assert.equal(v2!.content.previousVersionHash, contentHash(v1!.content));
    assert.equal(v2!.content.version, 2);
    assert.deepEqual(v2!.content.change, { kind: 'increase', reason: '設計変更により請負代金額が増額となったため', effectiveDate: '2026-11-25' });
    assert.equal(v2!.content.guaranteedAmount, 14_400_000);
    assert.equal(v2!.content.work.contractPrice, 36_000_000);
    assert.equal(v2!.content.cancelled, false);

    const jwks = JSON.parse((await t.app.inject('/.well-known/jwks.json')).body) as Jwks;
    assert.equal(verifyCertificate(v1, jwks).valid, true, 'version 1 still verifies');
    assert.equal(verifyCertificate(v2, jwks).valid, true, 'version 2 verifies');
    assert.equal(verifyCertificate({ ...v2!, content: { ...v2!.content, guaranteedAmount: 99_000_000 } }, jwks).valid, false, 'an altered version 2 does not');

    const guarantee = await t.db.selectFrom('guarantees').select(['current_version', 'status']).where('id', '=', g.guaranteeId).executeTakeFirstOrThrow();
    assert.deepEqual(guarantee, { current_version: 2, status: 'active' });
    const deposited = await t.db.selectFrom('dsure_certificates').select(['version', 'content_hash']).where('guarantee_contract_number', '=', g.number).orderBy('version').execute();
    assert.deepEqual(deposited, rows.map((r) => ({ version: r.version, content_hash: r.content_hash })), 'D-Sure holds both versions');
    const audit = await t.db.selectFrom('audit_log').select(['action']).where('subject_id', 'in', [g.guaranteeId, applicationId, g.number]).execute();
    for (const action of ['application.concluded', 'guarantee.changed', 'dsure.certificate_deposited', 'dsure.orderers_notified']) {
      assert.ok(audit.some((a) => a.action === action), `audit: ${action}`);
    }
  });

  test('the contractor sees version 2, what changed, and downloads the 追加保証料計算書 beside the others', async () => {
    const res = await contractor.get(`/enet/certificates/${g.number}`);
    const text = visibleText(res.body);
    for (const expected of ['第2版', '変更の内容（第1版 → 第2版）', '増額（効力発生日 令和8年11月25日）', '有効', '追加保証料計算書（第2版）', '保証料計算書（第1版）']) {
      assert.ok(text.includes(expected), `the certificate screen shows 「${expected}」`);
    }
    assert.deepEqual(changeRows(res.body).find((r) => r[0] === '保証金額'), ['保証金額', '金12,300,000円', '金14,400,000円']);
    const link = /href="(\/enet\/certificates\/[^"]+\/fee-statements\/[0-9a-f-]+)">\s*追加保証料計算書/.exec(res.body)?.[1];
    assert.ok(link, 'a download link for the 追加保証料計算書');
    const pdf = await contractor.get(link);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const { text: pdfBody } = await pdfText(pdf.rawPayload);
    assert.ok(pdfBody.includes('追加保証料計算書'));
    assert.ok(pdfBody.includes(formatYen(expectedFee.total)), `the PDF states ${formatYen(expectedFee.total)}`);
    assert.ok(pdfBody.includes('金14,400,000円'));
  });

  test('the contractor and every user of the registered orderer receive the email at the SMTP server', async () => {
    const sent = await t.deliverMail();
    assert.equal(sent.failed, 0);
    const toContractor = await smtp.waitFor((m) => m.subject === `【電子保証】保証契約の変更のお知らせ（保証契約番号 ${g.number}）`);
    assert.equal(toContractor.to && 'text' in toContractor.to ? toContractor.to.text : '', world.contractor.user.email);
    assert.ok(toContractor.text?.includes('保証金額：金12,300,000円 → 金14,400,000円'));
    assert.ok(toContractor.text?.includes(`追加保証料：${formatYen(expectedFee.total)}`));
    assert.ok(!toContractor.text?.includes(key), 'never the 認証キー');

    const subject = `【電子保証】電子証書が変更されました（保証契約番号 ${g.number}）`;
    const toOrderer = smtp.messages.filter((m) => m.subject === subject);
    const recipients = toOrderer.map((m) => (m.to && 'text' in m.to ? m.to.text : '')).sort();
    assert.deepEqual(recipients, ['keiyaku@city.hita.example', 'kouji@city.hita.example']);
    const body = toOrderer[0]!.text ?? '';
    for (const expected of ['第1版 → 第2版', '変更の種類　：増額（令和8年11月25日から）', '保証金額：金12,300,000円 → 金14,400,000円', '請負代金額：金30,800,000円 → 金36,000,000円', '変更あり']) {
      assert.ok(body.includes(expected), `the orderer's mail says 「${expected}」`);
    }
    assert.ok(!body.includes(key), 'never the 認証キー');
    const others = smtp.messages.filter((m) => m.subject === subject && !recipients.includes(m.to && 'text' in m.to ? m.to.text : ''));
    assert.equal(others.length, 0, 'nobody else is told (other orderers, the rival company)');
  });

  test('D-Sure: 変更あり in the list, the differences old → new in 金…円, then 有効 once seen', async () => {
    const list = await orderer.browser.get('/dsure/certificates');
    const row = new RegExp(`${g.number}[\\s\\S]*?</tr>`).exec(list.body)?.[0] ?? '';
    assert.ok(visibleText(row).includes('変更あり'), 'the list marks it 変更あり');
    const view = await orderer.browser.get(`/dsure/certificates/${g.number}`);
    assert.equal(view.statusCode, 200);
    assert.equal(dsureStatusOf(view.body), '変更あり');
    const text = visibleText(view.body);
    assert.ok(text.includes('変更の内容（第1版 → 第2版）'));
    assert.ok(text.includes('増額（効力発生日 令和8年11月25日） 理由：設計変更により請負代金額が増額となったため'));
    const rows = changeRows(view.body);
    assert.deepEqual(rows.find((r) => r[0] === '保証金額'), ['保証金額', '金12,300,000円', '金14,400,000円']);
    assert.deepEqual(rows.find((r) => r[0] === '請負代金額'), ['請負代金額', '金30,800,000円', '金36,000,000円']);
    assert.deepEqual(rows.find((r) => r[0] === '契約日'), ['契約日', '令和8年10月15日', '令和8年11月25日']);
    assert.ok(!rows.some((r) => r[0] === '工事名'), 'unchanged fields are not listed');
    const again = await orderer.browser.get(`/dsure/certificates/${g.number}`);
    assert.equal(dsureStatusOf(again.body), '有効', 'once this orderer has seen version 2');
    const first = await orderer.browser.get(`/dsure/certificates/${g.number}?version=1`);
    assert.ok(visibleText(first.body).includes('表示しているのは第1版です。最新は第2版です。'));
  });

  test('the orderer’s same 認証キー still opens the guarantee; a wrong one does not', async () => {
    const other = await createUser(t.db, world.hita.organisation, 'orderer_viewer');
    const browser = new TestBrowser(t.app, nextAddress());
    await browser.login('dsure', other.login_id, other.password);
    const opened = await enterKey(browser, g.number, key);
    assert.equal(opened.statusCode, 303);
    const page = await browser.get(String(opened.headers.location));
    assert.ok(visibleText(page.body).includes('記載事項（第2版）'));
    const wrongKey = key.replace(/^./, (c) => (c === '3' ? '4' : '3'));
    assert.equal((await enterKey(browser, g.number, wrongKey)).statusCode, 400);
    assert.equal((await colleague.browser.get(`/dsure/certificates/${g.number}`)).statusCode, 200, 'the registration carries over to version 2');
  });
});

describe('the request form', () => {
  let g: Concluded;
  before(async () => {
    g = await concluded(t, world, { overrides: { work_name: '市道庄手線舗装工事' } });
  });

  test('a refused form comes back with the values, errors next to the fields and in the summary (400), and writes nothing', async () => {
    await contractor.get(`/enet/certificates/${g.number}/change`);
    const before = await t.db.selectFrom('applications').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'change').executeTakeFirstOrThrow();
    const res = await contractor.post(`/enet/certificates/${g.number}/change`, {
      type: 'amendment',
      intent: 'confirm',
      contractPrice: '30,800,000',
      contractDate: '2026-11-20',
      workPeriodEnd: '2027-03-19',
      guaranteedAmount: '15,000,000',
      guaranteePeriodEnd: '2027-03-19',
      reason: '',
    });
    assert.equal(res.statusCode, 400);
    const text = visibleText(res.body);
    assert.ok(text.includes('入力内容に誤りがあります'));
    assert.ok(text.includes('変更の理由を入力してください。'));
    assert.match(res.body, /id="field-guaranteedAmount"[^>]*value="15,000,000"/, 'the typed amount is kept');
    assert.match(res.body, /<p class="field__error" id="error-reason">/);

    const overLimit = await contractor.post(`/enet/certificates/${g.number}/change`, {
      type: 'amendment',
      intent: 'confirm',
      contractPrice: '30,800,000',
      contractDate: '2026-11-20',
      workPeriodEnd: '2027-03-19',
      guaranteedAmount: '15,000,000',
      guaranteePeriodEnd: '2027-03-19',
      reason: '増額のため',
    });
    assert.equal(overLimit.statusCode, 400);
    assert.ok(visibleText(overLimit.body).includes('保証金額を金12,300,000円以内にしてください。'), 'the orderer’s 4/10 rule, from the domain');
    assert.match(overLimit.body, /<p class="field__error" id="error-guaranteedAmount">/);

    const mixed = await contractor.post(`/enet/certificates/${g.number}/change`, {
      type: 'amendment',
      intent: 'confirm',
      contractPrice: '28,000,000',
      contractDate: '2026-11-20',
      workPeriodEnd: '2027-04-30',
      guaranteedAmount: '11,200,000',
      guaranteePeriodEnd: '2027-04-30',
      reason: '減額と工期延長',
    });
    assert.equal(mixed.statusCode, 400);
    assert.ok(visibleText(mixed.body).includes('減額と保証期限の変更は、同時に申し込めません。'));

    const nothing = await contractor.post(`/enet/certificates/${g.number}/change`, {
      type: 'amendment',
      intent: 'confirm',
      contractPrice: 'abc',
      contractDate: '2026-13-40',
      workPeriodEnd: '2027-03-19',
      guaranteedAmount: '12,300,000',
      guaranteePeriodEnd: '2027-03-19',
      reason: '\u0000',
    });
    assert.equal(nothing.statusCode, 400);
    const nothingText = visibleText(nothing.body);
    assert.ok(nothingText.includes('変更後の請負代金額は円単位の数字で入力してください'));
    assert.ok(nothingText.includes('変更契約日は正しい日付'));

    const cancelEarly = await contractor.post(`/enet/certificates/${g.number}/change/submit`, { type: 'cancellation', cancellationDate: '2026-01-01', reason: '解除' });
    assert.equal(cancelEarly.statusCode, 400);
    assert.ok(visibleText(cancelEarly.body).includes('解約日は、契約日（令和8年10月15日）から保証期限（令和9年3月19日）までの日付にしてください。'));

    const after = await t.db.selectFrom('applications').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'change').executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n), 'no application was written');
  });

  test('「入力画面に戻って修正する」 brings the values back; a second request while one is open is refused with a link to it', async () => {
    await contractor.get(`/enet/certificates/${g.number}/change?type=cancellation`);
    const confirm = await contractor.post(`/enet/certificates/${g.number}/change`, { type: 'cancellation', intent: 'confirm', cancellationDate: '２０２６年１１月２６日', reason: '請負契約を解除したため' });
    assert.equal(confirm.statusCode, 200);
    assert.ok(visibleText(confirm.body).includes('解約日 令和8年11月26日'));
    const edit = await contractor.post(`/enet/certificates/${g.number}/change`, { ...hiddenFieldsOf(confirm.body, '/change'), intent: 'edit' });
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /id="field-cancellationDate"[^>]*value="2026-11-26"/);
    assert.ok(edit.body.includes('請負契約を解除したため</textarea>'));

    const submitted = await contractor.post(`/enet/certificates/${g.number}/change/submit`, hiddenFieldsOf(confirm.body, '/change/submit'));
    assert.equal(submitted.statusCode, 303);
    const id = /applications\/([0-9a-f-]{36})/.exec(String(submitted.headers.location))![1]!;
    const again = await contractor.get(`/enet/certificates/${g.number}/change`);
    assert.equal(again.statusCode, 409);
    assert.ok(visibleText(again.body).includes('処理中の変更・解約の申込があります（状況：申込済）'));
    assert.ok(again.body.includes(`href="/enet/applications/${id}"`));
    const twice = await contractor.post(`/enet/certificates/${g.number}/change/submit`, hiddenFieldsOf(confirm.body, '/change/submit'));
    assert.equal(twice.statusCode, 409);
    const open = await t.db.selectFrom('applications').select('id').where('kind', '=', 'change').where('status', '=', 'submitted').where('contractor_id', '=', world.contractor.organisation.id).execute();
    assert.equal(open.filter((a) => a.id === id).length, 1);
    // Withdrawn (取下げ) through e-Net保証's own route: the guarantee takes requests again.
    await contractor.get(`/enet/applications/${id}/withdraw`);
    assert.equal((await contractor.post(`/enet/applications/${id}/withdraw`, { reason: '' })).statusCode, 303);
    assert.equal((await contractor.get(`/enet/certificates/${g.number}/change`)).statusCode, 200);
  });
});

describe('one version only, and only for the right people', () => {
  test('two approvers concluding the same change at once make one version 2', async () => {
    const g = await concluded(t, world, { overrides: { work_name: '市道大鶴線改良工事' } });
    const { applicationId } = await requestChange(contractor, g.number, {
      contractPrice: '30,800,000',
      contractDate: '2026-11-26',
      workPeriodEnd: '2027-05-31',
      guaranteedAmount: '12,300,000',
      guaranteePeriodEnd: '2027-05-31',
      reason: '工期延長のため',
    });
    const secondApprover = await createUser(t.db, world.surety.organisation, 'surety_approver');
    const other = await staffBrowser(t, secondApprover);
    const page = await staff.get(`/staff/applications/${applicationId}`);
    const { revision } = hiddenFieldsOf(page.body, '/conclude-change');
    await other.get(`/staff/applications/${applicationId}`);
    const results = await Promise.all([
      staff.post(`/staff/applications/${applicationId}/conclude-change`, { revision: revision! }),
      other.post(`/staff/applications/${applicationId}/conclude-change`, { revision: revision! }),
    ]);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [303, 409]);
    const loser = results.find((r) => r.statusCode === 409)!;
    assert.match(visibleText(loser.body), /既に締結されています|状態が更新されています/);
    assert.deepEqual((await versionsOf(g.guaranteeId)).map((r) => r.version), [1, 2]);
    const v2 = signedCertificateOf((await versionsOf(g.guaranteeId))[1]!);
    assert.equal(v2.content.change?.kind, 'period_change');
    const fees = await t.db.selectFrom('fee_statements').select(['kind']).where('guarantee_id', '=', g.guaranteeId).orderBy('created_at').execute();
    assert.deepEqual(fees.map((f) => f.kind), ['initial', 'additional'], 'one 追加保証料計算書 (the later 保証期限)');
    const deposits = await t.db.selectFrom('dsure_certificates').select('version').where('guarantee_contract_number', '=', g.number).execute();
    assert.equal(deposits.length, 2);
    const mails = await t.db.selectFrom('mail_outbox').select('id').where('template', '=', 'lifecycle_change_concluded').where('subject', 'like', `%${g.number}%`).execute();
    assert.equal(mails.length, 1);
  });

  test('another contractor cannot request a change on someone else’s guarantee (404), nor another surety examine it', async () => {
    const g = await concluded(t, world, { overrides: { work_name: '市道友田線改良工事' } });
    const rival = await contractorBrowser(t, world.rival);
    await rival.get('/enet/certificates');
    assert.equal((await rival.get(`/enet/certificates/${g.number}/change`)).statusCode, 404);
    assert.equal((await rival.get(`/enet/certificates/${g.number}/change?type=cancellation`)).statusCode, 404);
    const fields = { type: 'cancellation', cancellationDate: '2026-11-26', reason: '他社の解約' };
    assert.equal((await rival.post(`/enet/certificates/${g.number}/change`, { ...fields, intent: 'confirm' })).statusCode, 404);
    assert.equal((await rival.post(`/enet/certificates/${g.number}/change/submit`, fields)).statusCode, 404);
    const written = await t.db.selectFrom('applications').select('id').where('contractor_id', '=', world.rival.organisation.id).where('kind', '=', 'change').execute();
    assert.equal(written.length, 0);

    const { applicationId } = await requestChange(contractor, g.number, { type: 'cancellation', cancellationDate: '2026-11-26', reason: '請負契約の解除' });
    const { createSurety } = await import('../issuance/fixtures.ts');
    const otherSurety = await createSurety(t.db);
    const stranger = await staffBrowser(t, otherSurety.approver);
    assert.equal((await stranger.get(`/staff/applications/${applicationId}`)).statusCode, 404);
    await stranger.get('/staff/applications');
    assert.equal((await stranger.post(`/staff/applications/${applicationId}/conclude-change`, { revision: '1' })).statusCode, 404);
    assert.equal((await versionsOf(g.guaranteeId)).length, 1);
  });
});
