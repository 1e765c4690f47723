// 電子証書の閲覧: the right pair registers and opens a certificate; everything else gets one
// generic refusal; lockouts per certificate, per account and per address; every attempt logged.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KEY_ENTRY_REFUSED_MESSAGE } from '../../src/dsure/certificates/register-certificate-with-key.ts';
import { KEY_ENTRY_ACCOUNT_RULE, KEY_ENTRY_ADDRESS_RULE, KEY_ENTRY_NUMBER_RULE } from '../../src/dsure/throttle-rules.ts';
import { viewingHistory } from '../../src/dsure/viewing-history.ts';
import { generateAuthenticationKey } from '../../src/domain/identifiers.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { depositNew, makeIssuer, newGuaranteeContractNumber, registerIssuer } from './fixtures.ts';
import { anotherUserOf, enterKey, fullWidthWithSpaces, nextAddress, ordererWithBrowser, refusalOf } from './helpers.ts';

let t: TestContext;
const issuer = makeIssuer();

before(async () => {
  t = await createTestContext();
  await registerIssuer(t.db, issuer, t.now());
});
after(() => t.close());

/** A certificate addressed to this orderer, deposited through intake. */
function depositFor(orderer: { organisation: { code: string; name: string } }, options: { workName?: string } = {}) {
  return depositNew(t.db, t.secrets, issuer, { ordererCode: orderer.organisation.code, ordererName: orderer.organisation.name, ...options }, t.now());
}

/** A wrong key that is well-formed (its check character is right), so it reaches the certificate check. */
function wrongKey(right: string): string {
  let key = generateAuthenticationKey();
  while (key === right) key = generateAuthenticationKey();
  return key;
}

describe('the right pair', () => {
  test('registers the certificate in the orderer list and opens it', async () => {
    const orderer = await ordererWithBrowser(t);
    const cert = await depositFor(orderer, { workName: '市道花月線舗装補修工事' });
    const res = await enterKey(orderer.browser, cert.number, cert.key);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/dsure/certificates/${cert.number}`);

    const page = await orderer.browser.get(res.headers.location as string);
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    for (const expected of ['保証証書（前払金保証）', cert.number, '市道花月線舗装補修工事', '金12,300,000円', '令和9年3月25日', '署名の検証結果：有効', issuer.key.keyId.slice(0, 16), '有効']) {
      assert.ok(text.includes(expected), `the certificate page shows ${expected}`);
    }
    const list = visibleText((await orderer.browser.get('/dsure/certificates')).body);
    assert.ok(list.includes(cert.number) && list.includes('市道花月線舗装補修工事'), 'the certificate is in the orderer list');
  });

  test('is accepted as typed: full-width characters, lower case, spaces instead of hyphens', async () => {
    const orderer = await ordererWithBrowser(t);
    const cert = await depositFor(orderer);
    const res = await enterKey(orderer.browser, ` ${cert.number.replaceAll('-', 'ー')} `, fullWidthWithSpaces(cert.key));
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/dsure/certificates/${cert.number}`);
  });

  test('?number= (the link in the notice QR code) prefills the 保証契約番号', async () => {
    const orderer = await ordererWithBrowser(t);
    const number = newGuaranteeContractNumber();
    const page = await orderer.browser.get(`/dsure/view?number=${encodeURIComponent(number)}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`<label for="field-number"[^>]*>保証契約番号`));
    assert.match(page.body, new RegExp(`<label for="field-key"[^>]*>認証キー`));
    assert.match(page.body, new RegExp(`id="field-number" name="number" type="text" value="${number}"`));
    assert.match(page.body, /id="field-key"[^>]*data-normalize/);
  });
});

describe('refusals all read the same', () => {
  test('a wrong key, an unknown number and another orderer with the right key get one generic message', async () => {
    const hita = await ordererWithBrowser(t, { name: '日田市' });
    const other = await ordererWithBrowser(t, { name: '玖珠町' });
    const cert = await depositFor(hita);

    const wrong = await enterKey(hita.browser, cert.number, wrongKey(cert.key));
    const unknown = await enterKey(hita.browser, newGuaranteeContractNumber(), cert.key);
    const otherOrderer = await enterKey(other.browser, cert.number, cert.key);

    for (const res of [wrong, unknown, otherOrderer]) {
      assert.equal(res.statusCode, 400);
      assert.equal(refusalOf(res.body), KEY_ENTRY_REFUSED_MESSAGE);
      assert.ok(!visibleText(res.body).includes('市道三隈川右岸線'), 'nothing of the certificate is shown');
    }
    assert.ok(!/存在しません|見つかりません|他の発注者/.test(visibleText(wrong.body) + visibleText(unknown.body) + visibleText(otherOrderer.body)));
    // the refused orderer has nothing registered and cannot open it by URL
    assert.equal((await other.browser.get(`/dsure/certificates/${cert.number}`)).statusCode, 404);
    assert.equal((await hita.browser.get(`/dsure/certificates/${cert.number}`)).statusCode, 404, 'a wrong key registers nothing');
  });

  test('a malformed key is caught by its check character: error next to the field and in the summary, values kept, status 400', async () => {
    const orderer = await ordererWithBrowser(t);
    const cert = await depositFor(orderer);
    const mistyped = cert.key.slice(0, -1) + (cert.key.endsWith('3') ? '4' : '3');
    const res = await enterKey(orderer.browser, cert.number, mistyped);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /class="error-summary"/);
    assert.match(res.body, /<a href="#field-key">認証キーの形式が正しくないか、打ち間違いがあります/);
    assert.match(res.body, /id="error-key"/);
    assert.match(res.body, new RegExp(`value="${cert.number}"`));
    const log = await t.db.selectFrom('dsure_view_log').select('outcome').where('user_id', '=', orderer.user.id).execute();
    assert.deepEqual(log.map((l) => l.outcome), ['invalid_input']);
  });

  test('a POST without the CSRF token is refused', async () => {
    const orderer = await ordererWithBrowser(t);
    const cert = await depositFor(orderer);
    const res = await orderer.browser.post('/dsure/view', { number: cert.number, key: cert.key }, { csrf: null });
    assert.equal(res.statusCode, 403);
  });

  test('a person who is not signed in is sent to the D-Sure login', async () => {
    const res = await new TestBrowser(t.app, nextAddress()).get('/dsure/view?number=WJ-2026-000001-00');
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/dsure\/login\?next=/);
  });
});

describe('lockouts', () => {
  test(`after ${KEY_ENTRY_NUMBER_RULE.maxFailures} failures on a number even the right key is refused, from anyone, until the lock expires`, async () => {
    const orderer = await ordererWithBrowser(t);
    const cert = await depositFor(orderer);
    const attacker = await ordererWithBrowser(t, { name: '攻撃町' });
    for (let i = 0; i < KEY_ENTRY_NUMBER_RULE.maxFailures; i++) {
      const res = await enterKey(attacker.browser, cert.number, wrongKey(cert.key));
      assert.equal(refusalOf(res.body), KEY_ENTRY_REFUSED_MESSAGE);
    }
    const locked = await enterKey(orderer.browser, cert.number, cert.key);
    assert.equal(locked.statusCode, 400);
    assert.equal(refusalOf(locked.body), KEY_ENTRY_REFUSED_MESSAGE, 'the same message: a lock says nothing about the number');

    t.clock.advance((KEY_ENTRY_NUMBER_RULE.lockSeconds - 60) * 1000);
    await orderer.browser.login('dsure', orderer.user.login_id, orderer.user.password); // the session ended while idle
    assert.equal(refusalOf((await enterKey(orderer.browser, cert.number, cert.key)).body), KEY_ENTRY_REFUSED_MESSAGE, 'still locked a minute before the end');

    t.clock.advance(61 * 1000);
    const open = await enterKey(orderer.browser, cert.number, cert.key);
    assert.equal(open.statusCode, 303, 'the right key works again once the lock has expired');
    const outcomes = await t.db.selectFrom('dsure_view_log').select('outcome').where('guarantee_contract_number', '=', cert.number).where('outcome', '=', 'locked').execute();
    assert.equal(outcomes.length, 2, 'both attempts during the lock are logged as locked');
  });

  test(`after ${KEY_ENTRY_ACCOUNT_RULE.maxFailures} failures an account is refused even the right key of another certificate`, async () => {
    const orderer = await ordererWithBrowser(t);
    const cert = await depositFor(orderer);
    for (let i = 0; i < KEY_ENTRY_ACCOUNT_RULE.maxFailures; i++) {
      await enterKey(orderer.browser, newGuaranteeContractNumber(), generateAuthenticationKey());
    }
    assert.equal(refusalOf((await enterKey(orderer.browser, cert.number, cert.key)).body), KEY_ENTRY_REFUSED_MESSAGE);
    // a colleague at another desk is not locked
    const colleague = await anotherUserOf(t, orderer.organisation);
    assert.equal((await enterKey(colleague.browser, cert.number, cert.key)).statusCode, 303);
  });

  test(`after ${KEY_ENTRY_ADDRESS_RULE.maxFailures} failures from one address every account there is refused`, async () => {
    const ip = nextAddress();
    const orderer = await ordererWithBrowser(t, { ip });
    const cert = await depositFor(orderer);
    const perUser = KEY_ENTRY_ACCOUNT_RULE.maxFailures - 1; // stay under the account limit
    let failures = 0;
    while (failures < KEY_ENTRY_ADDRESS_RULE.maxFailures) {
      const guesser = await anotherUserOf(t, orderer.organisation, ip);
      for (let i = 0; i < perUser && failures < KEY_ENTRY_ADDRESS_RULE.maxFailures; i++, failures++) {
        await enterKey(guesser.browser, newGuaranteeContractNumber(), generateAuthenticationKey());
      }
    }
    assert.equal(refusalOf((await enterKey(orderer.browser, cert.number, cert.key)).body), KEY_ENTRY_REFUSED_MESSAGE);
    const elsewhere = await anotherUserOf(t, orderer.organisation, nextAddress());
    assert.equal((await enterKey(elsewhere.browser, cert.number, cert.key)).statusCode, 303, 'the same key from another address works');
  });
});

describe('logs', () => {
  test('every attempt is in the view log and the audit log; only successful views reach 閲覧履歴', async () => {
    const hita = await ordererWithBrowser(t, { name: '日田市' });
    const other = await ordererWithBrowser(t, { name: '九重町' });
    const cert = await depositFor(hita);
    await enterKey(hita.browser, cert.number, wrongKey(cert.key));
    await enterKey(other.browser, cert.number, cert.key);
    const ok = await enterKey(hita.browser, cert.number, cert.key);
    await hita.browser.get(ok.headers.location as string);

    const log = await t.db.selectFrom('dsure_view_log').select(['outcome', 'orderer_id']).where('guarantee_contract_number', '=', cert.number).orderBy('id').execute();
    assert.deepEqual(
      log.map((l) => l.outcome),
      ['refused', 'refused', 'registered', 'opened'],
    );
    const audit = await t.db.selectFrom('audit_log').select('action').where('subject_id', '=', cert.number).orderBy('seq').execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['dsure.certificate_deposited', 'dsure.key_entry_refused', 'dsure.key_entry_refused', 'dsure.key_entry_accepted', 'dsure.certificate_opened'],
    );
    const auditText = JSON.stringify(await t.db.selectFrom('audit_log').select('data').execute());
    assert.ok(!auditText.includes(cert.key), 'no key in the audit log');

    const history = await viewingHistory(t.db, cert.number);
    assert.deepEqual(
      history.map((h) => [h.ordererName, h.kindLabel]),
      [
        ['日田市', '電子証書の閲覧'],
        ['日田市', '認証キーの確認（一覧へ登録）'],
      ],
    );
    assert.equal(history[0]!.at.getTime(), t.now().getTime());
  });
});

describe('a busy morning', () => {
  test('concurrent key entries from many people each get their own answer, session and log rows', async () => {
    // Concurrent requests share their session reads, key checks and log writes (src/db/batch.ts):
    // each answer, registration and log row must still belong to the person who typed.
    const people = [];
    for (let i = 0; i < 6; i++) people.push(await ordererWithBrowser(t, { name: `並行市${i}` }));
    const entries = await Promise.all(
      people.map(async (person, i) => {
        const cert = await depositFor(person, { workName: `並行工事${i}` });
        return { person, cert, key: i % 3 === 2 ? wrongKey(cert.key) : cert.key };
      }),
    );
    const answers = await Promise.all(entries.map(({ person, cert, key }) => enterKey(person.browser, cert.number, key)));

    entries.forEach(({ person, cert, key }, i) => {
      const answer = answers[i]!;
      if (key === cert.key) {
        assert.equal(answer.statusCode, 303, `${person.organisation.name} is let in`);
        assert.equal(answer.headers.location, `/dsure/certificates/${cert.number}`);
      } else {
        assert.equal(answer.statusCode, 400);
        assert.equal(refusalOf(answer.body), KEY_ENTRY_REFUSED_MESSAGE, `${person.organisation.name} is refused`);
      }
    });
    for (const { person, cert, key } of entries) {
      const log = await t.db.selectFrom('dsure_view_log').select(['outcome', 'orderer_id', 'user_id']).where('guarantee_contract_number', '=', cert.number).execute();
      assert.deepEqual(log, [{ outcome: key === cert.key ? 'registered' : 'refused', orderer_id: person.organisation.id, user_id: person.user.id }]);
      const list = visibleText((await person.browser.get('/dsure/certificates')).body);
      assert.equal(list.includes(cert.number), key === cert.key, `${person.organisation.name}'s list holds only what it opened`);
      const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('subject_id', '=', cert.number).where('action', 'like', 'dsure.key_entry%').execute();
      assert.deepEqual(audit, [{ action: key === cert.key ? 'dsure.key_entry_accepted' : 'dsure.key_entry_refused', actor_user_id: person.user.id }]);
    }
  });
});
