// The lifecycle's tests act as the three people do: the contractor in e-Net保証 (certificate
// screen → 変更・解約の申込み → confirmation → submit), the surety's approver in /staff (the work
// queue → the change's examination → 締結), the orderer in D-Sure (its key, its list, the view).
// Guarantees are concluded by the real conclusion use case (test/enet-certificates/fixtures.ts).
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createUser } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import type { TestContext } from '../support/test-context.ts';
import { keyOnPage, type World } from '../enet-certificates/fixtures.ts';

let lastOctet = 0;
/** A fresh client address per browser (lockouts are per address). */
export function nextAddress(): string {
  lastOctet++;
  return `10.80.${Math.floor(lastOctet / 250)}.${(lastOctet % 250) + 1}`;
}

export async function contractorBrowser(t: TestContext, contractor: World['contractor']): Promise<TestBrowser> {
  const browser = new TestBrowser(t.app, nextAddress());
  await browser.login('enet', contractor.user.login_id, contractor.user.password);
  return browser;
}

export async function staffBrowser(t: TestContext, user: { login_id: string; password: string }): Promise<TestBrowser> {
  const browser = new TestBrowser(t.app, nextAddress());
  await browser.login('staff', user.login_id, user.password);
  return browser;
}

/** A user of the orderer (with an email address) signed in to D-Sure. */
export async function ordererUser(t: TestContext, orderer: World['hita'], email: string) {
  const user = await createUser(t.db, orderer.organisation, 'orderer_viewer', { email });
  const browser = new TestBrowser(t.app, nextAddress());
  await browser.login('dsure', user.login_id, user.password);
  return { user, browser };
}

/** The 認証キー as the contractor displays it (STEP 4). */
export async function displayedKey(browser: TestBrowser, number: string): Promise<string> {
  await browser.get(`/enet/certificates/${number}`);
  const key = keyOnPage((await browser.post(`/enet/certificates/${number}/authentication-key`)).body);
  assert.ok(key, 'the key page shows the 認証キー');
  return key;
}

/** Types the pair into D-Sure's 電子証書の閲覧. */
export function enterKey(browser: TestBrowser, number: string, key: string) {
  return browser.submit('/dsure/view', '/dsure/view', { number, key });
}

/** The hidden fields of the form whose action ends with `actionSuffix` on the last page. */
export function hiddenFieldsOf(html: string, actionSuffix: string): Record<string, string> {
  const forms = [...html.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)];
  const form = forms.find((m) => m[1]!.endsWith(actionSuffix));
  assert.ok(form, `a form posting to …${actionSuffix}`);
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)) {
    if (input[1] !== '_csrf') fields[input[1]!] = decodeEntities(input[2]!);
  }
  return fields;
}

function decodeEntities(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * The contractor's whole request: the certificate screen's link → the form → the confirmation
 * → submit. Returns the confirmation's text and the new application's id.
 */
export async function requestChange(
  browser: TestBrowser,
  number: string,
  fields: Record<string, string>,
): Promise<{ confirmation: string; applicationId: string; submitted: LightMyRequestResponse }> {
  const screen = await browser.get(`/enet/certificates/${number}`);
  assert.equal(screen.statusCode, 200);
  assert.ok(screen.body.includes(`href="/enet/certificates/${number}/change"`), 'the certificate screen links to 変更・解約の申込み');
  const type = fields.type ?? 'amendment';
  const form = await browser.get(`/enet/certificates/${number}/change${type === 'cancellation' ? '?type=cancellation' : ''}`);
  assert.equal(form.statusCode, 200, visibleText(form.body).slice(0, 400));
  const confirm = await browser.post(`/enet/certificates/${number}/change`, { type, intent: 'confirm', ...fields });
  assert.equal(confirm.statusCode, 200, visibleText(confirm.body).slice(0, 800));
  const confirmation = visibleText(confirm.body);
  const submitted = await browser.post(`/enet/certificates/${number}/change/submit`, hiddenFieldsOf(confirm.body, '/change/submit'));
  assert.equal(submitted.statusCode, 303, visibleText(submitted.body).slice(0, 800));
  const applicationId = /^\/enet\/applications\/([0-9a-f-]{36})\?done=submitted$/.exec(String(submitted.headers.location))?.[1];
  assert.ok(applicationId, `redirected to the application: ${submitted.headers.location}`);
  return { confirmation, applicationId, submitted };
}

/** The approver opens the change in the work queue and concludes it. */
export async function concludeAsStaff(staff: TestBrowser, applicationId: string): Promise<LightMyRequestResponse> {
  const page = await staff.get(`/staff/applications/${applicationId}`);
  assert.equal(page.statusCode, 200);
  const { revision } = hiddenFieldsOf(page.body, '/conclude-change');
  assert.ok(revision);
  return staff.post(`/staff/applications/${applicationId}/conclude-change`, { revision });
}

/** The status shown in D-Sure's certificate view. */
export const dsureStatusOf = (html: string) => /状態：<span class="status[^"]*">([^<]+)<\/span>/.exec(html)?.[1];

/** The rows of the 変更の内容 table: [label, old, new]. */
export function changeRows(html: string): string[][] {
  const table = /<table class="version-changes__table">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr data-field="[^"]*"><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><td><strong>([^<]*)<\/strong><\/td><\/tr>/g)].map((m) => [m[1]!, m[2]!, m[3]!]);
}
