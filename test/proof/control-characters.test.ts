// Found by the fuzzing: the orderer-policy form (/staff/orderers) did not refuse control
// characters, and a NUL in 「備考」 reached PostgreSQL's jsonb, which refuses \u0000: a 500, on
// both engines. Now every field of the form is checked like every other form's text: the form
// comes back (400) with a Japanese message next to the field, and nothing is stored.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { visibleText, type TestBrowser } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { createOrderer, createSurety } from '../issuance/fixtures.ts';
import { signedIn } from './world.ts';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

/** The form's fields as the page fills them (what the person's browser would send). */
function formFields(html: string, action: string): Record<string, string> {
  const form = [...html.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].find((m) => m[1] === action)?.[2] ?? '';
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input\b[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    if (!name || name === '_csrf') continue;
    if (/type="(checkbox|radio)"/.test(m[0]) && !/\bchecked\b/.test(m[0])) continue;
    fields[name] = (/value="([^"]*)"/.exec(m[0])?.[1] ?? '').replace(/&amp;/g, '&').replace(/&quot;/g, '"');
  }
  for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    fields[m[1]!] = /<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? /<option value="([^"]*)"/.exec(m[2]!)?.[1] ?? '';
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[m[1]!] = m[2]!.replace(/&amp;/g, '&');
  return fields;
}

async function policyOf(ordererId: string) {
  return (await t.db.selectFrom('orderer_policies').select('policy').where('orderer_id', '=', ordererId).executeTakeFirstOrThrow()).policy;
}

test('a control character in the orderer-policy form: refused next to its field, nothing stored', async () => {
  const surety = await createSurety(t.db);
  const orderer = await createOrderer(t.db, { ordererName: '日田市' });
  const admin: TestBrowser = await signedIn(t, 'staff', surety.admin);
  const action = `/staff/orderers/${orderer.organisation.id}`;
  const fields = formFields((await admin.get(action)).body, action);
  assert.ok(fields.ordererName && 'notes' in fields, 'the form is read from the page');
  const before = await policyOf(orderer.organisation.id);

  for (const [field, value] of [['notes', '持参してください。\u0000'], ['contactSection', '契約検査室\u0007'], ['ordererName', '日田市\u001b[2J']] as const) {
    const res = await admin.post(action, { ...fields, [field]: value });
    assert.equal(res.statusCode, 400, `${field}: ${visibleText(res.body).slice(0, 200)}`);
    assert.match(res.body, new RegExp(`id="error-${field.replace('.', '\\.')}"[^>]*>[\\s\\S]*?使用できない文字（制御文字など）が含まれています`), `${field}: the message is next to the field`);
    assert.match(visibleText(res.body), /入力内容に誤りがあります/);
  }
  assert.deepEqual(await policyOf(orderer.organisation.id), before, 'nothing stored');

  // and the same form without them is saved
  const saved = await admin.post(action, { ...fields, notes: '持参してください。' });
  assert.equal(saved.statusCode, 303, visibleText(saved.body).slice(0, 300));
});

test('a new orderer with a NUL in a field: 400 in Japanese, no organisation created', async () => {
  const surety = await createSurety(t.db);
  const admin = await signedIn(t, 'staff', surety.admin);
  const fields = formFields((await admin.get('/staff/orderers/new')).body, '/staff/orderers');
  const count = async () => Number((await t.db.selectFrom('organisations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const before = await count();
  const res = await admin.post('/staff/orderers', { ...fields, ordererCode: '442011', ordererName: '大分市', contactSection: '契約課', notes: 'a\u0000b' });
  assert.equal(res.statusCode, 400);
  assert.match(visibleText(res.body), /使用できない文字（制御文字など）が含まれています/);
  assert.equal(await count(), before);
});
