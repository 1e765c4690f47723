import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CertificateContent } from '../../src/domain/certificate.ts';
import {
  contentHash,
  generateSigningKey,
  signCertificate,
  verifyCertificate,
  type SignedCertificate,
} from '../../src/signing/index.ts';
import { sampleContent } from './fixtures.ts';

const key = generateSigningKey();
const jwks = { keys: [key.publicJwk] };
const signedAt = new Date('2024-10-21T01:23:45.000Z');
const signed = signCertificate(sampleContent(), key, signedAt);

const clone = (s: SignedCertificate): SignedCertificate => structuredClone(s);

test('a signed certificate verifies against the JWKS and reports the recomputed hash', () => {
  assert.deepEqual(signed.signature.alg, 'EdDSA');
  assert.equal(signed.signature.keyId, key.keyId);
  assert.equal(signed.signature.signedAt, '2024-10-21T01:23:45.000Z');
  assert.match(signed.signature.value, /^[A-Za-z0-9_-]{86}$/);
  assert.deepEqual(signed.content, sampleContent());
  const result = verifyCertificate(signed, jwks);
  assert.deepEqual(result, { valid: true, keyId: key.keyId, contentHash: contentHash(sampleContent()) });
});

test('verification survives a JSON round trip (the stored or downloaded file)', () => {
  const reparsed: unknown = JSON.parse(JSON.stringify(signed, null, 2));
  assert.equal(verifyCertificate(reparsed, JSON.parse(JSON.stringify(jwks))).valid, true);
});

test('signing detaches the content from the caller\'s object', () => {
  const content = sampleContent();
  const s = signCertificate(content, key, signedAt);
  content.guaranteedAmount += 1;
  assert.equal(verifyCertificate(s, jwks).valid, true);
});

test('changing any single field of the content makes verification fail (property)', () => {
  type Mutation = (c: CertificateContent) => void;
  const text = fc.string({ minLength: 0, maxLength: 20 });
  const mutations: fc.Arbitrary<Mutation>[] = [
    text.map((v) => (c) => { c.guaranteeContractNumber = c.guaranteeContractNumber === v ? `${v}x` : v; }),
    fc.integer({ min: 0, max: 10_000_000_000 }).map((v) => (c) => { c.guaranteedAmount = c.guaranteedAmount === v ? v + 1 : v; }),
    fc.integer({ min: 0, max: 10_000_000_000 }).map((v) => (c) => { c.work.contractPrice = c.work.contractPrice === v ? v + 1 : v; }),
    text.map((v) => (c) => { c.work.name = c.work.name === v ? `${v}.` : v; }),
    text.map((v) => (c) => { c.orderer.name = c.orderer.name === v ? `${v}.` : v; }),
    fc.date({ noInvalidDate: true, min: new Date('1990-01-01'), max: new Date('2100-01-01') }).map((d) => (c) => {
      const iso = d.toISOString().slice(0, 10);
      c.guaranteePeriodEnd = c.guaranteePeriodEnd === iso ? '2099-12-31' : iso;
    }),
    fc.integer({ min: 2, max: 99 }).map((v) => (c) => { c.version = v; }),
    fc.constant<Mutation>((c) => { c.cancelled = !c.cancelled; }),
    fc.constant<Mutation>((c) => { c.work.lowBid = !c.work.lowBid; }),
    fc.constant<Mutation>((c) => { c.guaranteeType = 'contract_performance'; }),
    text.map((v) => (c) => { (c as unknown as Record<string, unknown>)[`extra_${v}`] = v; }),
  ];
  fc.assert(
    fc.property(fc.oneof(...mutations), (mutate) => {
      const altered = clone(signed);
      mutate(altered.content);
      const result = verifyCertificate(altered, jwks);
      assert.equal(result.valid, false);
    }),
    { numRuns: 300 },
  );
});

test('changing any one character of the signature value makes verification fail', () => {
  const value = signed.signature.value;
  for (let i = 0; i < value.length; i++) {
    const replacement = value[i] === 'A' ? 'B' : 'A';
    const altered = clone(signed);
    altered.signature.value = value.slice(0, i) + replacement + value.slice(i + 1);
    assert.equal(verifyCertificate(altered, jwks).valid, false, `position ${i}`);
  }
});

test('a stored content hash that does not match the content fails, even with a valid signature', () => {
  const altered = clone(signed);
  altered.signature.contentHash = '0'.repeat(64);
  const result = verifyCertificate(altered, jwks);
  assert.equal(result.valid, false);
  assert.match(result.valid ? '' : result.reason, /内容ハッシュ/);
});

test('an unknown key id fails with a Japanese and an English reason', () => {
  const altered = clone(signed);
  altered.signature.keyId = generateSigningKey().keyId;
  const result = verifyCertificate(altered, jwks);
  assert.equal(result.valid, false);
  if (!result.valid) {
    assert.match(result.reason, /署名鍵/);
    assert.match(result.reasonEn, /not in the issuer's key set/);
  }
});

test('a certificate signed with another key under the same key id fails', () => {
  const impostor = generateSigningKey();
  const forged = signCertificate(sampleContent(), { keyId: key.keyId, privateKey: impostor.privateKey }, signedAt);
  assert.equal(verifyCertificate(forged, jwks).valid, false);
});

test('rotation: a certificate signed with the old key still verifies after a new key is added', () => {
  const newKey = generateSigningKey();
  const rotated = { keys: [newKey.publicJwk, key.publicJwk] };
  const fresh = signCertificate(sampleContent({ guaranteeContractNumber: '0624-11-000001' }), newKey, new Date());
  assert.deepEqual(verifyCertificate(signed, rotated), { valid: true, keyId: key.keyId, contentHash: signed.signature.contentHash });
  assert.equal(verifyCertificate(fresh, rotated).valid, true);
  assert.equal(verifyCertificate(fresh, jwks).valid, false, 'the old JWKS does not know the new key');
});

test('malformed input is reported, never thrown', () => {
  const inputs: unknown[] = [
    null, undefined, 42, 'text', [], {}, { content: sampleContent() },
    { content: null, signature: signed.signature },
    { content: signed.content, signature: { ...signed.signature, alg: 'RS256' } },
    { content: signed.content, signature: { ...signed.signature, value: 12 } },
    { content: signed.content, signature: { ...signed.signature, value: '' } },
    { content: signed.content, signature: { ...signed.signature, value: 'not base64url!' } },
    { content: { ...signed.content, schema: 'other/v9' }, signature: signed.signature },
    { content: { ...signed.content, n: Number.NaN }, signature: signed.signature },
  ];
  for (const input of inputs) {
    const result = verifyCertificate(input, jwks);
    assert.equal(result.valid, false);
    if (!result.valid) {
      assert.ok(result.reason.length > 0 && result.reasonEn.length > 0);
    }
  }
});

test('a malformed JWKS is reported, never thrown', () => {
  const badSets: unknown[] = [
    null, {}, { keys: null }, { keys: [null, 1] },
    { keys: [{ ...key.publicJwk, x: 'short' }] },
    { keys: [{ ...key.publicJwk, crv: 'P-256' }] },
    { keys: [{ ...key.publicJwk, alg: 'ES256' }] },
  ];
  for (const set of badSets) {
    assert.equal(verifyCertificate(signed, set as { keys: [] }).valid, false);
  }
});
