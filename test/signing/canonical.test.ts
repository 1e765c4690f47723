import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, contentHash } from '../../src/signing/index.ts';
import { sampleContent } from './fixtures.ts';

test('canonical JSON is identical for objects whose keys are in different orders', () => {
  const a = { b: 1, a: { y: [1, 'x'], x: '保証' }, c: null };
  const b = { c: null, a: { x: '保証', y: [1, 'x'] }, b: 1 };
  assert.equal(canonicalJson(a), canonicalJson(b));
  assert.equal(canonicalJson(a), '{"a":{"x":"保証","y":[1,"x"]},"b":1,"c":null}');
});

test('canonical JSON ignores key order at any depth (property)', () => {
  const shuffle = (value: unknown, seed: number): unknown => {
    if (Array.isArray(value)) return value.map((v) => shuffle(v, seed));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value).map(([k, v]) => [k, shuffle(v, seed)] as const);
    const turn = entries.length === 0 ? 0 : seed % entries.length;
    const rotated = [...entries.slice(turn), ...entries.slice(0, turn)];
    return Object.fromEntries(seed % 2 === 0 ? rotated.reverse() : rotated);
  };
  fc.assert(
    fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 1000 }), (value, seed) => {
      assert.equal(canonicalJson(shuffle(value, seed)), canonicalJson(value));
    }),
  );
});

test('canonical JSON follows RFC 8785 for numbers and strings', () => {
  assert.equal(canonicalJson({ n: 1.0, e: 1e21, s: 'é\u2028' }), '{"e":1e+21,"n":1,"s":"é\u2028"}');
  assert.throws(() => canonicalJson(undefined));
  assert.throws(() => canonicalJson({ n: Number.NaN }));
});

test('contentHash is the lowercase hex SHA-256 of the canonical JSON bytes', () => {
  const content = sampleContent();
  const expected = createHash('sha256').update(Buffer.from(canonicalJson(content), 'utf8')).digest('hex');
  assert.equal(contentHash(content), expected);
  assert.match(contentHash(content), /^[0-9a-f]{64}$/);
  const reordered = Object.fromEntries(Object.entries(content).reverse());
  assert.equal(contentHash(reordered), expected);
});
