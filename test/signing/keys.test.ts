import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto';
import {
  decryptPrivateKey,
  encryptPrivateKey,
  generateSigningKey,
  jwkThumbprint,
  signCertificate,
  signingKeyFromPrivateKey,
  verifyCertificate,
} from '../../src/signing/index.ts';
import { sampleContent } from './fixtures.ts';

test('a generated key has an Ed25519 public JWK whose kid is its RFC 7638 thumbprint', () => {
  const key = generateSigningKey();
  const { publicJwk } = key;
  assert.deepEqual(Object.keys(publicJwk).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x']);
  assert.equal(publicJwk.kty, 'OKP');
  assert.equal(publicJwk.crv, 'Ed25519');
  assert.equal(publicJwk.alg, 'EdDSA');
  assert.equal(publicJwk.use, 'sig');
  assert.equal(Buffer.from(publicJwk.x, 'base64url').length, 32);
  const thumbprint = createHash('sha256')
    .update(`{"crv":"Ed25519","kty":"OKP","x":"${publicJwk.x}"}`)
    .digest('base64url');
  assert.equal(publicJwk.kid, thumbprint);
  assert.equal(key.keyId, thumbprint);
  assert.equal(key.privateKey.asymmetricKeyType, 'ed25519');
  assert.notEqual(generateSigningKey().keyId, key.keyId);
});

test('RFC 8037 appendix A: the thumbprint and the signature of the example key', () => {
  const x = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
  const d = 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A';
  assert.equal(jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }), 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  const key = signingKeyFromPrivateKey(createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d, x }, format: 'jwk' }));
  assert.equal(key.keyId, 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  assert.equal(key.publicJwk.x, x);
  const signature = sign(null, Buffer.from('eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc'), key.privateKey);
  assert.equal(
    signature.toString('base64url'),
    'hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg',
  );
});

test('a private key sealed with a key-encryption key opens again and still signs', () => {
  const key = generateSigningKey();
  const kek = randomBytes(32);
  const sealed = encryptPrivateKey(key.privateKey, kek);
  assert.match(sealed, /^dh-sk1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  assert.notEqual(encryptPrivateKey(key.privateKey, kek), sealed, 'a fresh IV every time');
  const opened = decryptPrivateKey(sealed, kek);
  assert.equal(signingKeyFromPrivateKey(opened).keyId, key.keyId);
  const signed = signCertificate(sampleContent(), { keyId: key.keyId, privateKey: opened }, new Date());
  assert.equal(verifyCertificate(signed, { keys: [key.publicJwk] }).valid, true);
});

test('a wrong key-encryption key or an altered sealed key fails to open', () => {
  const key = generateSigningKey();
  const kek = randomBytes(32);
  const sealed = encryptPrivateKey(key.privateKey, kek);
  assert.throws(() => decryptPrivateKey(sealed, randomBytes(32)), /復号できません/);
  const parts = sealed.split('.');
  const body = parts[2]!;
  const flipped = (body[5] === 'A' ? 'B' : 'A');
  parts[2] = body.slice(0, 5) + flipped + body.slice(6);
  assert.throws(() => decryptPrivateKey(parts.join('.'), kek));
  assert.throws(() => decryptPrivateKey('dh-sk1.abc', kek), /形式/);
  assert.throws(() => decryptPrivateKey(sealed.replace('dh-sk1', 'dh-sk9'), kek), /形式/);
  assert.throws(() => encryptPrivateKey(key.privateKey, randomBytes(16)), /32/);
  assert.throws(() => decryptPrivateKey(sealed, randomBytes(31)), /32/);
});
