// `denshi-hosho verify` against the running app: a certificate issued by the real conclusion,
// registered by the orderer, downloaded from the app over HTTP (D-Sure's certificate.json and
// the API's answer), verified with the keys the app publishes at its /.well-known/jwks.json
// URL. The original passes; one byte changed fails; the hash printed on the PDF matches.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { PDFParse } from 'pdf-parse';
import { createUser } from '../support/factories.ts';
import { TestBrowser } from '../support/http.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { concluded, createWorld, keyOnPage, type Concluded } from '../enet-certificates/fixtures.ts';
import { issueToken, nextAddress } from './helpers.ts';

const CLI = fileURLToPath(new URL('../../bin/denshi-hosho.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'denshi-hosho-verify-'));
let t: TestContext;
let base: string;
let guarantee: Concluded;
let orderer: TestBrowser;
let token: string;

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** A GET over real HTTP to the running app, as the signed-in orderer (its session cookie). */
async function download(path: string): Promise<Response> {
  const res = await fetch(`${base}${path}`, { headers: { cookie: `sid=${orderer.cookie('sid')}` } });
  assert.equal(res.status, 200, `${path} → ${res.status}`);
  return res;
}

before(async () => {
  t = await createTestContext();
  const world = await createWorld(t);
  guarantee = await concluded(t, world);

  // The contractor reads the key from its screen; the orderer types it into D-Sure.
  const contractor = new TestBrowser(t.app, nextAddress());
  await contractor.login('enet', world.contractor.user.login_id, world.contractor.user.password);
  await contractor.get(`/enet/certificates/${guarantee.number}`);
  const key = keyOnPage((await contractor.post(`/enet/certificates/${guarantee.number}/authentication-key`)).body);
  assert.ok(key);
  const admin = await createUser(t.db, world.hita.organisation, 'orderer_admin');
  orderer = new TestBrowser(t.app, nextAddress());
  await orderer.login('dsure', admin.login_id, admin.password);
  token = await issueToken(orderer, '検証用');

  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const lookup = await fetch(`${base}/api/v1/certificates/lookup`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ guaranteeContractNumber: guarantee.number, authenticationKey: key }),
  });
  assert.equal(lookup.status, 200);
  writeFileSync(join(dir, 'api-response.json'), await lookup.text());
});

after(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the certificate JSON downloaded from D-Sure verifies against the app's JWKS URL; with one byte changed it does not", async () => {
  const res = await download(`/dsure/certificates/${guarantee.number}/certificate.json`);
  const original = join(dir, 'certificate.json');
  const text = await res.text();
  writeFileSync(original, text);
  const jwksUrl = `${base}/.well-known/jwks.json`;

  const ok = await run('verify', original, '--jwks', jwksUrl);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /✔ 検証成功: 有効な電子証書です/);
  assert.match(ok.stdout, /Verified: the certificate is valid/);
  assert.ok(ok.stdout.includes(guarantee.number));

  const amount = '12300000';
  const at = text.indexOf(amount);
  assert.ok(at > 0, 'the guaranteed amount is in the file');
  const altered = join(dir, 'altered.json');
  writeFileSync(altered, `${text.slice(0, at)}9${text.slice(at + 1)}`); // 12300000 → 92300000: one byte
  assert.equal(readFileSync(altered).length, readFileSync(original).length);
  const bad = await run('verify', altered, '--jwks', jwksUrl);
  assert.equal(bad.code, 1, bad.stdout + bad.stderr);
  assert.match(bad.stderr, /✘ 検証失敗: 署名が証書の内容と一致しません/);
  assert.match(bad.stderr, /Not valid: the signature does not match the content/);
});

test("the API's answer verifies as it is (the certificate inside it), and the hash printed on the PDF is this certificate's", async () => {
  const jwksUrl = `${base}/.well-known/jwks.json`;
  const api = await run('verify', join(dir, 'api-response.json'), '--jwks', jwksUrl);
  assert.equal(api.code, 0, api.stdout + api.stderr);

  const pdf = Buffer.from(await (await download(`/dsure/certificates/${guarantee.number}/certificate.pdf`)).arrayBuffer());
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  let printed: string | undefined;
  try {
    printed = /内容ハッシュ\(SHA-256\):([0-9a-f]{64})/.exec((await parser.getText()).text.replace(/\s+/g, ''))?.[1];
  } finally {
    await parser.destroy();
  }
  assert.ok(printed, 'the PDF prints the content hash');
  const matches = await run('verify', join(dir, 'certificate.json'), '--jwks', jwksUrl, '--expect-hash', printed);
  assert.equal(matches.code, 0, matches.stdout + matches.stderr);
  const other = await run('verify', join(dir, 'certificate.json'), '--jwks', jwksUrl, '--expect-hash', printed.replace(/^./, (c) => (c === '0' ? '1' : '0')));
  assert.equal(other.code, 1);
  assert.match(other.stderr, /PDFに記載の内容ハッシュ/);
});
