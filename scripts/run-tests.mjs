#!/usr/bin/env node
// Runs the suite with Node's test runner (each file in its own process).
// - Without TEST_DATABASE_URL: every test file gets its own in-memory PGlite,
//   cloned from a template that is migrated once here (cheaper than migrating per file).
// - With TEST_DATABASE_URL: every test file creates its own database on that server.
// Usage: npm test [-- path-or-substring ...]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (/\.test\.tsx?$/.test(name)) out.push(relative(root, full));
  }
  return out;
}

const files = findTests(join(root, 'test'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('テストファイルが見つかりません / no test files matched', filters);
  process.exit(1);
}

const env = { ...process.env, NODE_ENV: 'test' };
console.log(`database: ${env.TEST_DATABASE_URL ? 'PostgreSQL server (TEST_DATABASE_URL)' : 'PGlite (embedded)'}; ${files.length} test files`);
if (!env.TEST_DATABASE_URL) {
  const prep = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/make-pglite-template.ts'], { cwd: root, env, stdio: 'inherit' });
  if (prep.status !== 0) process.exit(prep.status ?? 1);
}

const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { cwd: root, env, stdio: 'inherit' },
);
process.exit(run.status ?? 1);
