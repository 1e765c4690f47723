// `npm start` as a newcomer runs it: a fresh DATA_DIR, the embedded database,
// demo data printed, the three login pages served, a clean stop on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../support/paths.ts';
import { freePort } from '../support/processes.ts';

async function waitForHealth(url: string, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`no answer from ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a fresh start creates the database and secrets, seeds the demo, serves the portals and stops cleanly', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'denshi-hosho-start-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, PORT: String(port), DEMO_PASSWORD: 'demo-password-123', DATABASE_URL: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    await waitForHealth(`http://127.0.0.1:${port}/healthz`, 60_000);
    for (const path of ['/enet/login', '/staff/login', '/dsure/login']) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      assert.equal(res.status, 200, path);
      assert.match(await res.text(), /ログインID/);
    }
    assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200);
    const jwks = (await (await fetch(`http://127.0.0.1:${port}/.well-known/jwks.json`)).json()) as { keys: { kty: string; crv: string; kid: string }[] };
    assert.equal(jwks.keys.length, 1, "the demo surety's signing key is published before any conclusion");
    assert.equal(jwks.keys[0]!.crv, 'Ed25519');
    assert.match(output, /demo-contractor\s+password: demo-password-123/);
    assert.match(output, /demo-staff/);
    assert.match(output, /demo-orderer/);
    assert.ok(existsSync(join(dataDir, 'pglite')), 'the embedded database lives in DATA_DIR');
    assert.ok(existsSync(join(dataDir, 'secrets.json')), 'the generated master key is kept in DATA_DIR');
  } finally {
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, `clean exit on SIGTERM\n${output}`);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('production refuses to start without MASTER_KEY', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'denshi-hosho-prod-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, PORT: '0', MASTER_KEY: '', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.notEqual(code, 0);
  assert.match(output, /MASTER_KEY/);
  assert.ok(!existsSync(join(dataDir, 'secrets.json')), 'no key is generated in production');
  rmSync(dataDir, { recursive: true, force: true });
});
