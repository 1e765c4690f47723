// Two complete tenants of every kind, for the proofs: "ours" (the people who make the
// requests) and "theirs" (who own the objects we must never reach). Every object is made the
// real way: applications through the fixtures, guarantees by the conclusion use case, the key
// displayed in e-Net保証, registered in D-Sure with the key, submitted electronically, API
// tokens and webhooks issued on the D-Sure screen, a change requested from the certificate.
import assert from 'node:assert/strict';
import { tokenHint } from '../../src/api/tokens/api-tokens.ts';
import type { Application } from '../../src/db/schema.ts';
import { HITA_CITY_POLICY } from '../../src/domain/index.ts';
import { createUser } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import type { TestContext } from '../support/test-context.ts';
import { concluded, type World } from '../enet-certificates/fixtures.ts';
import { createContractor, createOrderer, createSubmittedApplication, createSurety } from '../issuance/fixtures.ts';
import { displayedKey, enterKey, requestChange } from '../lifecycle/helpers.ts';

let octet = 0;
/** A client address of its own per browser (lockouts are per address). */
export function proofAddress(): string {
  octet++;
  return `10.77.${Math.floor(octet / 250)}.${(octet % 250) + 1}`;
}

export async function signedIn(t: TestContext, portal: 'enet' | 'staff' | 'dsure', user: { login_id: string; password: string }): Promise<TestBrowser> {
  const browser = new TestBrowser(t.app, proofAddress());
  await browser.login(portal, user.login_id, user.password);
  return browser;
}

/** One tenant of each kind, with a user of every role. */
export async function createSide(t: TestContext, label: string) {
  const surety = await createSurety(t.db, `${label}建設業保証株式会社`);
  const orderer = await createOrderer(t.db, { ordererName: `${label}市`, submissionChannels: ['in_person', 'fax', 'electronic'] });
  const ordererViewer = await createUser(t.db, orderer.organisation, 'orderer_viewer');
  const ordererAdmin = await createUser(t.db, orderer.organisation, 'orderer_admin');
  const contractor = await createContractor(t.db);
  const contractorMember = await createUser(t.db, contractor.organisation, 'contractor_member');
  const other = await createOrderer(t.db, { ordererName: `${label}町` });
  const world: World = { surety, hita: orderer, other, contractor, rival: contractor };
  return { label, world, surety, orderer, ordererViewer, ordererAdmin, contractor, contractorMember };
}

export type Side = Awaited<ReturnType<typeof createSide>>;

/** A submitted application of this side (contractor → surety → orderer), with overrides. */
export function application(t: TestContext, side: Side, overrides: Partial<Omit<Application, 'id' | 'details'>> = {}) {
  return createSubmittedApplication(
    t.db,
    { surety: side.surety.organisation, contractor: side.contractor.organisation, applicantUserId: side.contractor.user.id, orderer: side.orderer.organisation },
    overrides,
  );
}

/** Issues a token on D-Sure's API連携 screen and reads it from the page (its id: the revoke form next to its hint). */
export async function issueApiToken(browser: TestBrowser, name: string): Promise<{ token: string; id: string }> {
  const res = await browser.submit('/dsure/api', '/dsure/api/tokens', { name });
  assert.equal(res.statusCode, 200, visibleText(res.body).slice(0, 300));
  const token = /<code class="revealed-value">(dhk_[A-Za-z0-9_-]{43})<\/code>/.exec(res.body)?.[1];
  assert.ok(token, 'the new token is shown once');
  const page = await browser.get('/dsure/api');
  // (tokens made in the same second list in no particular order: find this one's row by its hint)
  const row = [...page.body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes(tokenHint(token).replace('…', '')));
  const id = row && /action="\/dsure\/api\/tokens\/([0-9a-f-]{36})\/revoke"/.exec(row)?.[1];
  assert.ok(id, 'the new token is listed with its revoke button');
  return { token, id };
}

/**
 * Everything another tenant owns, made the real way. `side` is the owner.
 * Returns the ids and numbers that the routes' parameters take.
 */
export async function createOwnedObjects(t: TestContext, side: Side) {
  // e-Net保証: an application sent back to the contractor (editable, submittable, withdrawable)
  const returnedApplication = await application(t, side, { status: 'returned' });
  // back office: a submitted application in the surety's queue
  const submittedApplication = await application(t, side);
  // two concluded guarantees (電子交付): one registered in the orderer's D-Sure, one submitted electronically
  const registered = await concluded(t, side.world);
  const submitted = await concluded(t, side.world);
  const feeStatement = await t.db.selectFrom('fee_statements').select('id').where('guarantee_id', '=', registered.guaranteeId).executeTakeFirstOrThrow();

  const contractorBrowser = await signedIn(t, 'enet', side.contractor.user);
  const key = await displayedKey(contractorBrowser, registered.number);
  const ordererBrowser = await signedIn(t, 'dsure', side.ordererAdmin);
  const entered = await enterKey(ordererBrowser, registered.number, key);
  assert.equal(entered.statusCode, 303, `the orderer registers its certificate: ${visibleText(entered.body).slice(0, 300)}`);

  await contractorBrowser.get(`/enet/certificates/${submitted.number}/submission`);
  const sent = await contractorBrowser.post(`/enet/certificates/${submitted.number}/submission`, { confirmed: '1', note: '前払金の請求に合わせて提出します。' });
  assert.equal(sent.statusCode, 303, `電子提出: ${visibleText(sent.body).slice(0, 400)}`);
  const submission = await t.db.selectFrom('dsure_submissions').select('id').where('guarantee_contract_number', '=', submitted.number).executeTakeFirstOrThrow();

  // a change (増額) of the registered guarantee, waiting in the surety's queue
  const change = await requestChange(contractorBrowser, registered.number, {
    contractPrice: '36,000,000',
    contractDate: '2026-11-25',
    workPeriodEnd: '2027-03-19',
    guaranteedAmount: '14,400,000',
    guaranteePeriodEnd: '2027-03-19',
    reason: '設計変更により請負代金額が増額となったため',
  });

  // users: an active member of the contractor, a staff user who has not set a password, an orderer viewer
  const contractorPending = await createUser(t.db, side.contractor.organisation, 'contractor_member');
  await t.db.updateTable('users').set({ status: 'pending' }).where('id', '=', contractorPending.id).execute();
  const staffPending = await createUser(t.db, side.surety.organisation, 'surety_examiner');
  await t.db.updateTable('users').set({ status: 'pending' }).where('id', '=', staffPending.id).execute();

  // the API: a token and a webhook endpoint of the orderer
  const api = await issueApiToken(ordererBrowser, `${side.label}財務会計システム`);
  const hook = await ordererBrowser.submit('/dsure/api', '/dsure/api/webhooks', { url: 'http://127.0.0.1:9/denshi-hosho/webhook', description: `${side.label}の受信先` });
  assert.equal(hook.statusCode, 200, visibleText(hook.body).slice(0, 300));
  const webhook = await t.db.selectFrom('webhook_endpoints').select('id').where('orderer_id', '=', side.orderer.organisation.id).executeTakeFirstOrThrow();

  return {
    returnedApplication,
    submittedApplication,
    registered: { ...registered, key },
    submitted,
    feeStatementId: feeStatement.id,
    submissionId: submission.id,
    changeApplicationId: change.applicationId,
    contractorMember: side.contractorMember,
    contractorPending,
    staffPending,
    ordererViewer: side.ordererViewer,
    apiToken: api,
    webhookId: webhook.id,
    browsers: { contractor: contractorBrowser, orderer: ordererBrowser },
  };
}

export type OwnedObjects = Awaited<ReturnType<typeof createOwnedObjects>>;

export { HITA_CITY_POLICY };
