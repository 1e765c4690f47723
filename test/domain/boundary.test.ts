// The domain module imports nothing from the web, database or mail code: every import of
// every file in src/domain stays inside src/domain, except zod (a pure library) and
// node:crypto in the identifiers file (random bytes for keys).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const domainDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/domain');

const ALLOWED_PACKAGES: Record<string, (file: string) => boolean> = {
  zod: () => true,
  'node:crypto': (file) => file === 'identifiers.ts',
};

/** Every module specifier in a source text: static imports/exports, side-effect imports, import(), require(). */
function importSpecifiers(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] as string));
}

/** The imports of one file (path relative to src/domain) that break the boundary. */
function forbiddenImports(file: string, source: string): string[] {
  return importSpecifiers(source).filter((specifier) => {
    if (specifier.startsWith('.')) {
      const target = resolve(domainDir, dirname(file), specifier);
      return relative(domainDir, target).startsWith('..');
    }
    return !(ALLOWED_PACKAGES[specifier]?.(file) ?? false);
  });
}

/** Dynamic code that could reach outside: computed import() and require, process, fetch. */
function forbiddenEscapes(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  return [/\bimport\s*\(\s*[^'"`\s]/, /\brequire\s*\(/, /\bprocess\./, /\bfetch\s*\(/, /\bglobalThis\b/].filter((pattern) => pattern.test(code)).map(String);
}

function domainFiles(dir = domainDir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return domainFiles(full);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [relative(domainDir, full)] : [];
  });
}

test('the boundary check itself catches imports from outside the domain', () => {
  assert.deepEqual(forbiddenImports('fees.ts', "import { db } from '../db/client.ts';"), ['../db/client.ts']);
  assert.deepEqual(forbiddenImports('fees.ts', "import nodemailer from 'nodemailer';\nimport { z } from 'zod';"), ['nodemailer']);
  assert.deepEqual(forbiddenImports('fees.ts', "import { randomBytes } from 'node:crypto';"), ['node:crypto']);
  assert.deepEqual(forbiddenImports('identifiers.ts', "import { randomBytes } from 'node:crypto';"), []);
  assert.deepEqual(forbiddenImports('format.ts', "import 'node:fs';\nexport * from '../web/app.ts';\nconst m = await import('pg');"), ['../web/app.ts', 'node:fs', 'pg']);
  assert.deepEqual(forbiddenImports('format.ts', "import type { X } from './certificate.ts';\nimport {\n  a,\n  b,\n} from './labels.ts';"), []);
  assert.deepEqual(forbiddenEscapes('const x = process.env.SECRET;'), [String(/\bprocess\./)]);
  assert.deepEqual(forbiddenEscapes('// process.env is not used here'), []);
});

test('src/domain imports nothing from outside src/domain (except zod, and node:crypto for keys)', () => {
  const files = domainFiles();
  assert.ok(files.includes('index.ts') && files.includes('identifiers.ts') && files.length >= 8, files.join(', '));
  for (const file of files) {
    const source = readFileSync(join(domainDir, file), 'utf8');
    assert.deepEqual(forbiddenImports(file, source), [], `${file} imports from outside the domain`);
    assert.deepEqual(forbiddenEscapes(source), [], `${file} reaches outside the domain`);
  }
});
