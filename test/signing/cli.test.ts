import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSigningKey, signCertificate } from '../../src/signing/index.ts';
import { sampleContent } from './fixtures.ts';

const CLI = fileURLToPath(new URL('../../bin/denshi-hosho.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'denshi-hosho-cli-'));
const oldKey = generateSigningKey();
const newKey = generateSigningKey();
const signed = signCertificate(sampleContent(), oldKey, new Date('2024-10-21T01:23:45.000Z'));
const jwks = { keys: [newKey.publicJwk, oldKey.publicJwk] };
const original = join(dir, 'certificate.json');
const jwksFile = join(dir, 'jwks.json');
let server: Server;
let jwksUrl: string;

before(async () => {
  writeFileSync(original, JSON.stringify(signed, null, 2));
  writeFileSync(jwksFile, JSON.stringify(jwks));
  server = createServer((request, response) => {
    if (request.url === '/.well-known/jwks.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});

after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

test('the CLI accepts the original certificate (JWKS from a file), in Japanese and English', async () => {
  const { code, stdout } = await run('verify', original, '--jwks', jwksFile);
  assert.equal(code, 0, stdout);
  assert.match(stdout, /検証成功/);
  assert.match(stdout, /Verified: the certificate is valid/);
  assert.ok(stdout.includes(signed.content.guaranteeContractNumber));
  assert.ok(stdout.includes(signed.signature.contentHash));
});

test('the CLI fetches the JWKS from a URL', async () => {
  const { code, stdout } = await run('verify', original, '--jwks', jwksUrl);
  assert.equal(code, 0, stdout);
});

test('the CLI rejects a certificate with one byte changed', async () => {
  const text = readFileSync(original, 'utf8');
  const amount = String(signed.content.guaranteedAmount);
  const position = text.indexOf(amount);
  assert.ok(position > 0);
  const altered = join(dir, 'altered.json');
  writeFileSync(altered, text.slice(0, position) + '9' + text.slice(position + 1)); // 12300000 → 92300000
  const { code, stderr } = await run('verify', altered, '--jwks', jwksFile);
  assert.equal(code, 1, stderr);
  assert.match(stderr, /検証失敗/);
  assert.match(stderr, /Not valid: the signature does not match the content/);
});

test('the CLI checks the content hash printed on the PDF when given', async () => {
  assert.equal((await run('verify', original, '--jwks', jwksFile, '--expect-hash', signed.signature.contentHash.toUpperCase())).code, 0);
  const wrong = await run('verify', original, '--jwks', jwksFile, '--expect-hash', '0'.repeat(64));
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /PDFに記載の内容ハッシュ/);
});

test('the CLI fails when the key is unknown, and on usage or input errors', async () => {
  const otherJwks = join(dir, 'other.json');
  writeFileSync(otherJwks, JSON.stringify({ keys: [newKey.publicJwk] }));
  assert.equal((await run('verify', original, '--jwks', otherJwks)).code, 1);
  assert.equal((await run('verify', original)).code, 2);
  assert.equal((await run('verify', join(dir, 'missing.json'), '--jwks', jwksFile)).code, 2);
  writeFileSync(join(dir, 'broken.json'), '{"content":');
  assert.equal((await run('verify', join(dir, 'broken.json'), '--jwks', jwksFile)).code, 2);
  assert.equal((await run('verify', original, '--jwks', jwksUrl.replace('jwks.json', 'none.json'))).code, 2);
});
