// Webhooks: an orderer administrator registers a receiver on API連携 (secret shown once); when a
// certificate in the orderer's list gets a new version, a delivery is queued in the deposit's
// transaction; the worker POSTs it signed (HMAC-SHA256 of "timestamp.body"); a receiver that
// fails gets it again after the backoff, never before.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { webhookBackoffSeconds } from '../../src/api/webhooks/deliver-webhooks.ts';
import { isValidWebhookSignature } from '../../src/api/webhooks/webhook-secrets.ts';
import { depositCertificate } from '../../src/dsure/intake.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { depositNew, makeIssuer, nextVersion, registerIssuer, sign } from '../dsure/fixtures.ts';
import { api, deliverWebhooks, issueToken, loadOpenApi, nextAddress, ordererAdmin, startReceiver, type OpenApiChecker } from './helpers.ts';

let t: TestContext;
let openapi: OpenApiChecker;
const issuer = makeIssuer();
const receivers: { stop: () => Promise<void> }[] = [];

before(async () => {
  t = await createTestContext();
  await registerIssuer(t.db, issuer, t.now());
  openapi = await loadOpenApi(t);
});
after(async () => {
  for (const r of receivers) await r.stop();
  await t.close();
});

async function receiver(answer?: (count: number) => number) {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

type Admin = Awaited<ReturnType<typeof ordererAdmin>>;

/** Registers the receiver on the API連携 screen; returns the secret shown once. */
async function registerReceiver(orderer: Admin, url: string, description = '契約管理システム'): Promise<string> {
  const res = await orderer.browser.submit('/dsure/api', '/dsure/api/webhooks', { url, description });
  assert.equal(res.statusCode, 200, visibleText(res.body).slice(0, 400));
  const secret = /<code class="revealed-value">(whsec_[A-Za-z0-9_-]{43})<\/code>/.exec(res.body)?.[1];
  assert.ok(secret, 'the secret is shown once');
  return secret;
}

/** A certificate of this orderer, registered in its list through the API (the key check). */
async function registeredCertificate(orderer: Admin) {
  const cert = await depositNew(t.db, t.secrets, issuer, { ordererCode: orderer.organisation.code, ordererName: orderer.organisation.name }, t.now());
  const token = await issueToken(orderer.browser);
  const res = await api(t, { url: '/api/v1/certificates/lookup', token, body: { guaranteeContractNumber: cert.number, authenticationKey: cert.key } });
  assert.equal(res.statusCode, 200);
  return { ...cert, token };
}

/** The issuer deposits version 2 (増額) of the certificate, in its own transaction. */
async function depositIncrease(cert: Awaited<ReturnType<typeof registeredCertificate>>) {
  const v2 = nextVersion(cert.content, {
    guaranteedAmount: 14_000_000,
    change: { kind: 'increase', reason: '請負代金額の変更による増額', effectiveDate: '2026-11-20' },
    issueDate: '2026-11-27',
  });
  await t.db.transaction().execute((trx) => depositCertificate(trx, t.secrets, { signed: sign(issuer, v2), authenticationKey: cert.key }, t.now()));
  return v2;
}

/** The administrator signs in again (after the clock moved past the session's idle timeout). */
async function signInAgain(orderer: Admin) {
  const browser = new TestBrowser(t.app, nextAddress());
  await browser.login('dsure', orderer.user.login_id, orderer.user.password);
  return browser;
}

describe('registering a receiver', () => {
  test('a URL that is not https (nor this machine) is refused next to the field, the values kept', async () => {
    const orderer = await ordererAdmin(t);
    for (const url of ['http://example.jp/hook', 'ftp://example.jp/hook', 'https://user:pass@example.jp/hook', 'ウェブフック']) {
      const res = await orderer.browser.submit('/dsure/api', '/dsure/api/webhooks', { url, description: '説明' });
      assert.equal(res.statusCode, 400, url);
      assert.ok(visibleText(res.body).includes('入力内容に誤りがあります（1件）'));
      assert.match(res.body, /id="error-url"/);
      assert.match(res.body, /name="description" type="text" value="説明"/);
    }
    assert.equal((await t.db.selectFrom('webhook_endpoints').select('id').where('orderer_id', '=', orderer.organisation.id).execute()).length, 0);
  });

  test('the secret is shown once and never stored', async () => {
    const orderer = await ordererAdmin(t);
    const r = await receiver();
    const secret = await registerReceiver(orderer, r.url);
    const page = await orderer.browser.get('/dsure/api');
    assert.ok(visibleText(page.body).includes(r.url) && !page.body.includes(secret));
    const row = await t.db.selectFrom('webhook_endpoints').selectAll().where('orderer_id', '=', orderer.organisation.id).executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(row).includes(secret.slice(6)), 'no column holds the secret');
  });
});

describe('deliveries', () => {
  test('a new version of a registered certificate reaches the receiver, signed; another orderer hears nothing', async () => {
    const orderer = await ordererAdmin(t);
    const bystander = await ordererAdmin(t);
    const r = await receiver();
    const other = await receiver();
    const secret = await registerReceiver(orderer, r.url);
    await registerReceiver(bystander, other.url);
    const cert = await registeredCertificate(orderer);

    assert.deepEqual(await deliverWebhooks(t), { delivered: 0, failed: 0 }, 'version 1 is no change');
    await depositIncrease(cert);
    assert.deepEqual(await deliverWebhooks(t), { delivered: 1, failed: 0 });
    assert.equal(r.received.length, 1);
    assert.equal(other.received.length, 0, 'an orderer without the certificate in its list is not told');

    const hook = r.received[0]!;
    const timestamp = String(hook.headers['x-denshihosho-timestamp']);
    assert.equal(timestamp, String(Math.floor(t.now().getTime() / 1000)));
    assert.ok(isValidWebhookSignature(secret, timestamp, hook.body, String(hook.headers['x-denshihosho-signature'])), 'the signature verifies with the secret shown on screen');
    assert.ok(!isValidWebhookSignature(secret, timestamp, hook.body.replace('"version":2', '"version":3'), String(hook.headers['x-denshihosho-signature'])));
    assert.equal(hook.headers['x-denshihosho-event'], 'certificate.changed');
    assert.match(String(hook.headers['content-type']), /^application\/json/);

    const event = JSON.parse(hook.body) as { id: string; data: { guaranteeContractNumber: string; version: number; changeKind: string; href: string } };
    openapi.checkSchema('WebhookEvent', event);
    assert.equal(hook.headers['x-denshihosho-delivery'], event.id);
    assert.equal(event.data.guaranteeContractNumber, cert.number);
    assert.equal(event.data.version, 2);
    assert.equal(event.data.changeKind, 'increase');

    // The receiver follows the link with its token and sees the new version as 変更あり.
    const fetched = await api(t, { url: event.data.href, token: cert.token });
    const body = openapi.check('GET', '/certificates/{guaranteeContractNumber}', fetched) as { status: string; latestVersion: number; certificate: { content: { guaranteedAmount: number } } };
    assert.equal(body.status, 'changed');
    assert.equal(body.latestVersion, 2);
    assert.equal(body.certificate.content.guaranteedAmount, 14_000_000);

    assert.deepEqual(await deliverWebhooks(t), { delivered: 0, failed: 0 }, 'delivered once');
    const apiPage = visibleText((await orderer.browser.get('/dsure/api')).body);
    assert.ok(apiPage.includes('配信済'), apiPage);
  });

  test('the delivery is part of the deposit: a deposit rolled back queues nothing', async () => {
    const orderer = await ordererAdmin(t);
    const r = await receiver();
    await registerReceiver(orderer, r.url);
    const cert = await registeredCertificate(orderer);
    const v2 = nextVersion(cert.content, { change: { kind: 'period_change', reason: '工期延長', effectiveDate: '2026-11-20' }, guaranteePeriodEnd: '2027-06-30' });
    await assert.rejects(
      t.db.transaction().execute(async (trx) => {
        await depositCertificate(trx, t.secrets, { signed: sign(issuer, v2), authenticationKey: cert.key }, t.now());
        throw new Error('the issuer fails after the deposit');
      }),
    );
    const queued = await t.db.selectFrom('webhook_deliveries').select('id').where('guarantee_contract_number', '=', cert.number).execute();
    assert.equal(queued.length, 0);
    assert.deepEqual(await deliverWebhooks(t), { delivered: 0, failed: 0 });
  });

  test('a failing receiver gets the same delivery again after the backoff (not before), freshly signed', async () => {
    const orderer = await ordererAdmin(t);
    const r = await receiver((count) => (count === 1 ? 503 : 200));
    const secret = await registerReceiver(orderer, r.url);
    const cert = await registeredCertificate(orderer);
    await depositIncrease(cert);

    assert.deepEqual(await deliverWebhooks(t), { delivered: 0, failed: 1 });
    assert.equal(r.received.length, 1);
    const waiting = visibleText((await orderer.browser.get('/dsure/api')).body);
    assert.ok(waiting.includes('再送待ち（1回失敗') && waiting.includes('HTTP 503'), 'the screen says it will be sent again');

    assert.deepEqual(await deliverWebhooks(t), { delivered: 0, failed: 0 }, 'not again before the backoff');
    t.clock.advance((webhookBackoffSeconds(1) - 1) * 1000);
    assert.deepEqual(await deliverWebhooks(t), { delivered: 0, failed: 0 }, 'still not, a second before');
    assert.equal(r.received.length, 1);

    t.clock.advance(1000);
    assert.deepEqual(await deliverWebhooks(t), { delivered: 1, failed: 0 });
    assert.equal(r.received.length, 2);
    const [first, second] = r.received as [(typeof r.received)[0], (typeof r.received)[0]];
    assert.equal(second.body, first.body, 'the same event');
    assert.equal(second.headers['x-denshihosho-delivery'], first.headers['x-denshihosho-delivery']);
    assert.notEqual(second.headers['x-denshihosho-timestamp'], first.headers['x-denshihosho-timestamp']);
    assert.ok(isValidWebhookSignature(secret, String(second.headers['x-denshihosho-timestamp']), second.body, String(second.headers['x-denshihosho-signature'])));
  });

  test('an unreachable receiver is retried with growing backoff and given up after the last attempt', async () => {
    const orderer = await ordererAdmin(t);
    const r = await receiver(() => 500);
    await registerReceiver(orderer, r.url);
    const cert = await registeredCertificate(orderer);
    await depositIncrease(cert);
    let attempts = 0;
    for (;;) {
      const result = await deliverWebhooks(t);
      if (result.failed === 0) break;
      attempts++;
      t.clock.advance(webhookBackoffSeconds(attempts) * 1000);
    }
    const row = await t.db.selectFrom('webhook_deliveries').selectAll().where('guarantee_contract_number', '=', cert.number).executeTakeFirstOrThrow();
    assert.equal(attempts, 12);
    assert.equal(row.attempts, 12);
    assert.ok(row.failed_at, 'given up');
    assert.equal(r.received.length, 12);
    const browser = await signInAgain(orderer);
    assert.ok(visibleText((await browser.get('/dsure/api')).body).includes('中止（12回試行）'));
  });

  test('a stopped receiver gets nothing more: its waiting deliveries are given up and new ones are not queued', async () => {
    const orderer = await ordererAdmin(t);
    const r = await receiver(() => 500);
    await registerReceiver(orderer, r.url);
    const cert = await registeredCertificate(orderer);
    const v2 = await depositIncrease(cert);
    assert.deepEqual(await deliverWebhooks(t), { delivered: 0, failed: 1 });

    await orderer.browser.get('/dsure/api');
    const id = /action="\/dsure\/api\/webhooks\/([0-9a-f-]{36})\/disable"/.exec(orderer.browser.lastHtml)?.[1];
    assert.ok(id);
    const stopped = await orderer.browser.post(`/dsure/api/webhooks/${id}/disable`);
    assert.equal(stopped.statusCode, 303);
    t.clock.advance(3600_000);
    assert.deepEqual(await deliverWebhooks(t), { delivered: 0, failed: 0 });
    assert.equal(r.received.length, 1);

    const v3 = nextVersion(v2, { change: { kind: 'cancellation', reason: '契約解除', effectiveDate: '2026-11-27' }, cancelled: true });
    await t.db.transaction().execute((trx) => depositCertificate(trx, t.secrets, { signed: sign(issuer, v3), authenticationKey: cert.key }, t.now()));
    assert.equal((await t.db.selectFrom('webhook_deliveries').select('id').where('guarantee_contract_number', '=', cert.number).execute()).length, 1, 'nothing new queued');

    const outsider = await ordererAdmin(t);
    await outsider.browser.get('/dsure/api');
    assert.equal((await outsider.browser.post(`/dsure/api/webhooks/${id}/disable`)).statusCode, 404, "another orderer's receiver is not found");
  });
});
