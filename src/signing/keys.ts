// Ed25519 signing keys of a surety company: generation, public JWK and key id (RFC 7638
// thumbprint), and the private key sealed at rest with AES-256-GCM under a key-encryption key.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { decodeBase64urlStrict } from './base64url.ts';

/** A JSON Web Key as found in a JWKS; only Ed25519 public keys are used for verification. */
export interface Jwk {
  kty: string;
  crv?: string;
  x?: string;
  kid?: string;
  alg?: string;
  use?: string;
}

export interface Jwks {
  keys: Jwk[];
}

export interface Ed25519PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface SigningKey {
  keyId: string;
  publicJwk: Ed25519PublicJwk;
  privateKey: KeyObject;
}

/** A new Ed25519 key pair; its key id is the RFC 7638 thumbprint of the public key. */
export function generateSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return signingKeyFromPrivateKey(privateKey);
}

/** Rebuilds the key id and public JWK from a (decrypted) private key. */
export function signingKeyFromPrivateKey(privateKey: KeyObject): SigningKey {
  assertEd25519(privateKey, 'private');
  const publicJwk = publicJwkOf(createPublicKey(privateKey));
  return { keyId: publicJwk.kid, publicJwk, privateKey };
}

/** The public JWK (with kid = RFC 7638 thumbprint) of an Ed25519 public key. */
export function publicJwkOf(publicKey: KeyObject): Ed25519PublicJwk {
  assertEd25519(publicKey, 'public');
  const { x } = publicKey.export({ format: 'jwk' });
  if (typeof x !== 'string') throw new Error('Ed25519 public key without x');
  return { kty: 'OKP', crv: 'Ed25519', x, kid: jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }), alg: 'EdDSA', use: 'sig' };
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url) of an OKP key: over {"crv","kty","x"} in that order. */
export function jwkThumbprint(jwk: { kty: 'OKP'; crv: string; x: string }): string {
  const members = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(members, 'utf8').digest('base64url');
}

/** The KeyObject of an Ed25519 public JWK, or null when the JWK is not one. */
export function publicKeyFromJwk(jwk: Jwk): KeyObject | null {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') return null;
  if (jwk.alg !== undefined && jwk.alg !== 'EdDSA') return null;
  if (jwk.use !== undefined && jwk.use !== 'sig') return null;
  const x = decodeBase64urlStrict(jwk.x);
  if (x === null || x.length !== 32) return null;
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  } catch {
    return null;
  }
}

// ---- private keys at rest -------------------------------------------------------------

const SEALED_PREFIX = 'dh-sk1';
const AAD = Buffer.from('denshi-hosho/signing-key/ed25519-pkcs8/v1', 'utf8');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals a private key: AES-256-GCM over its PKCS#8 DER with a random 96-bit IV.
 * Format: `dh-sk1.<iv>.<ciphertext>.<tag>` (base64url parts).
 */
export function encryptPrivateKey(privateKey: KeyObject, keyEncryptionKey: Buffer): string {
  assertEd25519(privateKey, 'private');
  assertKeyEncryptionKey(keyEncryptionKey);
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyEncryptionKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(der), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [SEALED_PREFIX, iv, ciphertext, tag].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** Opens a sealed private key. Throws when the key-encryption key is wrong or the text was altered. */
export function decryptPrivateKey(sealed: string, keyEncryptionKey: Buffer): KeyObject {
  assertKeyEncryptionKey(keyEncryptionKey);
  const parts = typeof sealed === 'string' ? sealed.split('.') : [];
  const [prefix, ...encoded] = parts;
  const [iv, ciphertext, tag] = encoded.map(decodeBase64urlStrict);
  if (parts.length !== 4 || prefix !== SEALED_PREFIX || !iv || !ciphertext || !tag || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new Error('署名鍵の保存形式が正しくありません / the sealed signing key is malformed');
  }
  let der: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyEncryptionKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(AAD);
    decipher.setAuthTag(tag);
    der = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new Error('署名鍵を復号できません（鍵暗号化鍵が違うか、データが改ざんされています） / cannot decrypt the signing key: wrong key-encryption key or altered data');
  }
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  assertEd25519(privateKey, 'private');
  return privateKey;
}

function assertKeyEncryptionKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== 32) {
    throw new TypeError('鍵暗号化鍵は32バイトが必要です / the key-encryption key must be 32 bytes');
  }
}

function assertEd25519(key: KeyObject, type: 'private' | 'public'): void {
  if (key.type !== type || key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`an Ed25519 ${type} key is required`);
  }
}
