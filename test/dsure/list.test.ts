// The orderer's list: search, expiry windows, status filters that agree with the computed
// status, keyset pagination and the CSV export.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CSV_HEADERS } from '../../src/dsure/certificates/certificates-csv.ts';
import { listRegisteredCertificates, PAGE_SIZE } from '../../src/dsure/certificates/list-certificates.ts';
import { depositCertificate } from '../../src/dsure/intake.ts';
import { CERTIFICATE_STATUSES } from '../../src/domain/certificate-status.ts';
import { visibleText } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { depositNew, makeIssuer, nextVersion, registerIssuer, sign, type ContentOptions } from './fixtures.ts';
import { enterKey, ordererWithBrowser } from './helpers.ts';

let t: TestContext;
const issuer = makeIssuer();
let hita: Awaited<ReturnType<typeof ordererWithBrowser>>;
let kusu: Awaited<ReturnType<typeof ordererWithBrowser>>;
const registered: string[] = [];
let kusuCertificate: string;

const numbersOn = (html: string) => [...html.matchAll(/<a href="\/dsure\/certificates\/([0-9A-Z-]+)">/g)].map((m) => m[1]!);
const nextLinkOf = (html: string) => /<a href="([^"]+)" rel="next">/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? null;

async function register(options: Omit<ContentOptions, 'ordererCode'> = {}, orderer = hita) {
  const cert = await depositNew(t.db, t.secrets, issuer, { ordererCode: orderer.organisation.code, ordererName: orderer.organisation.name, ...options }, t.now());
  const res = await enterKey(orderer.browser, cert.number, cert.key);
  assert.equal(res.statusCode, 303);
  await orderer.browser.get(res.headers.location as string);
  return cert;
}

before(async () => {
  t = await createTestContext({ now: new Date('2026-11-27T10:00:00+09:00') });
  await registerIssuer(t.db, issuer, t.now());
  hita = await ordererWithBrowser(t, { name: '日田市' });
  kusu = await ordererWithBrowser(t, { name: '玖珠町' });
  // 25 certificates for 日田市: periods ending in 10, 45, 80 and 200 days, some 契約保証, one
  // expired, one cancelled, one changed after it was opened. Registered a few per minute, so
  // that some share their registration time (the cursor must break ties by number).
  const ends = ['2026-12-07', '2027-01-11', '2027-02-15', '2027-06-15', '2026-11-26'];
  for (let i = 0; i < 25; i++) {
    if (i % 3 === 0) t.clock.advance(60_000);
    const cert = await register({
      workName: i === 7 ? '大山川護岸改修工事' : `市道改良工事 第${i + 1}工区`,
      contractorName: i === 11 ? '有限会社小野建設' : '株式会社三隈建設',
      guaranteeType: i % 5 === 1 ? 'contract_performance' : 'advance_payment',
      guaranteePeriodEnd: ends[i % 5]!,
    });
    registered.push(cert.number);
    if (i === 2) {
      const v2 = nextVersion(cert.content, { cancelled: true, change: { kind: 'cancellation', reason: '契約解除', effectiveDate: '2026-11-20' } });
      await depositCertificate(t.db, t.secrets, { signed: sign(issuer, v2), authenticationKey: cert.key }, t.now());
      await hita.browser.get(`/dsure/certificates/${cert.number}`);
    }
    if (i === 3) {
      const v2 = nextVersion(cert.content, { guaranteedAmount: 13_000_000, change: { kind: 'increase', reason: '増額', effectiveDate: '2026-11-25' } });
      await depositCertificate(t.db, t.secrets, { signed: sign(issuer, v2), authenticationKey: cert.key }, t.now());
    }
  }
  kusuCertificate = (await register({ workName: '玖珠町の工事' }, kusu)).number;
});
after(() => t.close());

describe('keyset pagination', () => {
  test(`pages of ${PAGE_SIZE}, newest registration first, every certificate exactly once`, async () => {
    const first = await hita.browser.get('/dsure/certificates');
    assert.equal(first.statusCode, 200);
    const page1 = numbersOn(first.body);
    assert.equal(page1.length, PAGE_SIZE);
    assert.equal(page1[0], registered.at(-1), 'the newest registration first');
    const next = nextLinkOf(first.body);
    assert.ok(next && /[?&]after=/.test(next), 'a link to the next page');
    assert.ok(!/offset|page=/.test(next), 'a cursor, not an offset');

    // a registration between the two page loads does not shift the second page
    const late = await register({ workName: '後から登録した工事' });
    const second = await hita.browser.get(next);
    const page2 = numbersOn(second.body);
    assert.equal(page2.length, 25 - PAGE_SIZE);
    assert.equal(nextLinkOf(second.body), null, 'the last page has no next link');
    assert.deepEqual([...page1, ...page2].sort(), [...registered].sort());
    assert.ok(!page2.includes(late.number));
    registered.push(late.number);
    assert.ok(visibleText(second.body).includes('最初のページへ'));
  });

  test('a cursor that is not ours shows the first page, not an error', async () => {
    const res = await hita.browser.get('/dsure/certificates?after=%27%20or%201%3D1--');
    assert.equal(res.statusCode, 200);
    assert.equal(numbersOn(res.body)[0], registered.at(-1));
  });

  test("only the orderer's own certificates", async () => {
    const mine = numbersOn((await kusu.browser.get('/dsure/certificates')).body);
    assert.equal(mine.length, 1);
    assert.ok(!registered.includes(mine[0]!));
  });
});

describe('search', () => {
  const search = async (query: string) => numbersOn((await hita.browser.get(`/dsure/certificates?${query}`)).body);

  test('by 保証契約番号 as typed (full width, no hyphens)', async () => {
    const wanted = registered[5]!;
    const typed = wanted.replaceAll('-', '').replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    assert.deepEqual(await search(`number=${encodeURIComponent(typed)}`), [wanted]);
  });

  test('by 工事名, by contractor and by type', async () => {
    assert.deepEqual(await search(`workName=${encodeURIComponent('護岸')}`), [registered[7]]);
    assert.deepEqual(await search(`contractor=${encodeURIComponent('小野')}`), [registered[11]]);
    const contractGuarantees = await search('type=contract_performance');
    assert.deepEqual(contractGuarantees.sort(), registered.filter((_, i) => i < 25 && i % 5 === 1).sort());
    assert.deepEqual(await search(`workName=${encodeURIComponent('%')}`), [], 'a % is a character, not a wildcard');
  });

  test('a name search shows only the orderer\'s own certificates, even for a word every orderer uses', async () => {
    const hitaMatches = await search(`workName=${encodeURIComponent('工事')}`);
    assert.equal(hitaMatches.length, PAGE_SIZE, 'a full first page of 日田市\'s own');
    assert.ok(hitaMatches.every((number) => registered.includes(number)), '玖珠町\'s certificate is not among them');
    const kusuMatches = numbersOn((await kusu.browser.get(`/dsure/certificates?workName=${encodeURIComponent('工事')}`)).body);
    assert.deepEqual(kusuMatches, [kusuCertificate]);
    // 株式会社三隈建設 holds certificates with both orderers: each sees only its own.
    const kusuByContractor = numbersOn((await kusu.browser.get(`/dsure/certificates?contractor=${encodeURIComponent('三隈建設')}`)).body);
    assert.deepEqual(kusuByContractor, [kusuCertificate]);
    assert.ok(!(await search(`contractor=${encodeURIComponent('三隈建設')}`)).includes(kusuCertificate));
  });

  test('a name search pages through every match in order, whether a page comes from the newest registrations or the name indexes', async () => {
    // Its own orderer: 12 certificates, registered two per minute (ties broken by number).
    const beppu = await ordererWithBrowser(t, { name: '別府市' });
    const certificates: { number: string; minute: number; workName: string; contractorName: string }[] = [];
    for (let i = 0; i < 12; i++) {
      if (i % 2 === 0) t.clock.advance(60_000);
      const workName = i === 2 || i === 9 ? '境川護岸改修工事' : `市道${i + 1}号線舗装工事`;
      const contractorName = i === 4 ? '有限会社小野建設（Ono Kensetsu）' : '株式会社三隈建設';
      certificates.push({ number: (await register({ workName, contractorName }, beppu)).number, minute: Math.floor(i / 2), workName, contractorName });
    }
    // The list's order: newest registration first, then the higher number.
    const newestFirst = [...certificates].sort((a, b) => b.minute - a.minute || (a.number < b.number ? 1 : -1));
    const allPages = async (filter: { workName?: string; contractor?: string }, newest: number) => {
      const numbers: string[] = [];
      let after: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof listRegisteredCertificates>> = await listRegisteredCertificates(t.db, beppu.organisation.id, filter, { after, limit: 3, now: t.now(), newestFirst: newest });
        assert.ok(page.rows.length <= 3 && (page.rows.length === 3 || page.nextCursor === null), 'full pages until the last');
        numbers.push(...page.rows.map((row) => row.guaranteeContractNumber));
        after = page.nextCursor;
      } while (after);
      return numbers;
    };
    const cases: [string, { workName?: string; contractor?: string }, (c: (typeof certificates)[number]) => boolean][] = [
      ['a two-character word in every row', { workName: '工事' }, () => true],
      ['a longer word in most rows', { workName: '舗装工事' }, (c) => c.workName.includes('舗装工事')],
      ['a longer word in two rows', { workName: '護岸改修' }, (c) => c.workName.includes('護岸改修')],
      ['a two-character word in two rows', { workName: '護岸' }, (c) => c.workName.includes('護岸')],
      ['a contractor in one row', { contractor: '野建' }, (c) => c.contractorName.includes('野建')],
      ['both names', { workName: '舗装', contractor: '三隈' }, (c) => c.workName.includes('舗装') && c.contractorName.includes('三隈')],
      ['a word found nowhere', { workName: '存在しない工事' }, () => false],
      ['a one-character word', { workName: '岸' }, (c) => c.workName.includes('岸')],
      ['a Latin word in another case', { contractor: 'ONO' }, (c) => c.contractorName.includes('Ono')],
    ];
    for (const [what, filter, matches] of cases) {
      const expected = newestFirst.filter(matches).map((c) => c.number);
      // 1: no walk (shorter than a page), the name indexes only; 4: the walk fills a page of three for some words
      // and not for others; 500: the walk holds every registration
      for (const newest of [1, 4, 500]) assert.deepEqual(await allPages(filter, newest), expected, `${what}, ${newest} newest first`);
    }
  });

  test('guarantees ending within 30, 60 and 90 days (not expired, not cancelled)', async () => {
    const within = (days: number) => search(`expiring=${days}`);
    const endsIn = (...ends: number[]) => registered.filter((_, i) => i < 25 && i !== 2 && ends.includes(i % 5)).sort();
    assert.deepEqual((await within(30)).sort(), endsIn(0));
    assert.deepEqual((await within(60)).sort(), endsIn(0, 1));
    assert.deepEqual((await within(90)).sort(), endsIn(0, 1, 2));
  });

  test('by status: each filter returns exactly the rows with that computed status', async () => {
    const all = await listRegisteredCertificates(t.db, hita.organisation.id, {}, { limit: 100, now: t.now() });
    const counts: Record<string, number> = {};
    for (const status of CERTIFICATE_STATUSES) {
      const page = await listRegisteredCertificates(t.db, hita.organisation.id, { status }, { limit: 100, now: t.now() });
      counts[status] = page.rows.length;
      assert.ok(page.rows.every((row) => row.status === status), `every row under ${status} has that status`);
      assert.equal(page.rows.length, all.rows.filter((row) => row.status === status).length);
    }
    // expired: the five ending 2026-11-26; one cancelled, one changed; the rest (incl. the late one) valid
    assert.deepEqual(counts, { valid: registered.length - 7, changed: 1, cancelled: 1, expired: 5 });
    assert.deepEqual(await search('status=cancelled'), [registered[2]]);
    assert.deepEqual(await search('status=changed'), [registered[3]]);
  });

  test('an unknown filter value is a Japanese error, not a 500', async () => {
    const res = await hita.browser.get('/dsure/certificates?status=bogus&type=zzz');
    assert.equal(res.statusCode, 400);
    const text = visibleText(res.body);
    assert.ok(text.includes('状態を一覧から選んでください。') && text.includes('保証の種類を一覧から選んでください。'));
  });
});

describe('CSV export', () => {
  test('UTF-8 with BOM, Japanese headers, a Japanese file name, every matching row', async () => {
    const res = await hita.browser.get('/dsure/certificates.csv');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
    const disposition = String(res.headers['content-disposition']);
    assert.match(disposition, /^attachment; filename="dsure-certificates-20261127\.csv"; filename\*=UTF-8''/);
    assert.equal(decodeURIComponent(disposition.split("filename*=UTF-8''")[1]!), '電子証書一覧_20261127.csv');
    const bytes = res.rawPayload;
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM');
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    assert.equal(lines[0], CSV_HEADERS.join(','));
    assert.equal(lines[0], '保証契約番号,保証の種類,工事名,受注者,保証金額（円）,保証期限,状態,最新の版,保証事業会社,登録日時');
    assert.equal(lines.length - 1, registered.length, 'every registered certificate, more than one page');
    const cancelled = lines.find((line) => line.startsWith(registered[2]!));
    assert.match(cancelled!, /,前払金保証,市道改良工事 第3工区,株式会社三隈建設,12300000,令和9年2月15日,解約,第2版,西日本建設業保証株式会社,令和8年11月27日 \d\d:\d\d$/);
  });

  test('the same filters as the list', async () => {
    const res = await hita.browser.get(`/dsure/certificates.csv?contractor=${encodeURIComponent('小野')}`);
    const lines = res.rawPayload.subarray(3).toString('utf8').trimEnd().split('\r\n');
    assert.equal(lines.length, 2);
    assert.ok(lines[1]!.startsWith(registered[11]!));
  });
});

describe('home', () => {
  test('counts the registered certificates, the changed ones and those ending within 30 days', async () => {
    const text = visibleText((await hita.browser.get('/dsure')).body).replaceAll(' ：', '：');
    assert.ok(text.includes(`電子証書一覧（${registered.length}件）`), text);
    assert.ok(text.includes('前回の閲覧後に変更があった電子証書：1件'), text);
    const within30 = registered.filter((_, i) => i < 25 && i % 5 === 0).length;
    assert.ok(text.includes(`30日以内に保証期限を迎える電子証書：${within30}件`), text);
  });
});
