// The 認証キー at rest: never in clear. An HMAC (server secret 'authentication-key-hmac')
// to check a typed key, and an AES-256-GCM copy (secret 'authentication-key-encryption')
// so that the contractor can display it again. The copy is bound to its 保証契約番号 (as
// additional authenticated data): moving it to another guarantee makes it undecryptable.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseAuthenticationKey } from '../domain/index.ts';
import type { Secrets } from '../secrets.ts';

const SEALED_PREFIX = 'dh-ak1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function aad(guaranteeContractNumber: string): Buffer {
  return Buffer.from(`denshi-hosho/authentication-key/v1:${guaranteeContractNumber}`, 'utf8');
}

/** HMAC-SHA256 (hex) of a canonical 認証キー (the domain's parseAuthenticationKey form). */
export function authenticationKeyHmac(secrets: Secrets, canonicalKey: string): string {
  return createHmac('sha256', secrets.key('authentication-key-hmac')).update(canonicalKey, 'utf8').digest('hex');
}

/** True when `typed` (as a person typed it) is the key whose HMAC is stored. Constant time. */
export function checkAuthenticationKey(secrets: Secrets, storedHmac: string, typed: string): boolean {
  const canonical = parseAuthenticationKey(typed);
  if (!canonical) return false;
  const given = Buffer.from(authenticationKeyHmac(secrets, canonical), 'hex');
  const stored = Buffer.from(storedHmac, 'hex');
  return given.length === stored.length && stored.length > 0 && timingSafeEqual(given, stored);
}

/** Seals a canonical 認証キー for the guarantee: `dh-ak1.<iv>.<ciphertext>.<tag>` (base64url parts). */
export function sealAuthenticationKey(secrets: Secrets, canonicalKey: string, guaranteeContractNumber: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', secrets.key('authentication-key-encryption'), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(guaranteeContractNumber));
  const ciphertext = Buffer.concat([cipher.update(canonicalKey, 'utf8'), cipher.final()]);
  return [SEALED_PREFIX, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The 認証キー sealed for this guarantee. Throws when the data was altered or belongs to another guarantee. */
export function openAuthenticationKey(secrets: Secrets, sealed: string, guaranteeContractNumber: string): string {
  const [prefix, ivText, ciphertextText, tagText, ...rest] = sealed.split('.');
  if (prefix !== SEALED_PREFIX || !ivText || !ciphertextText || !tagText || rest.length > 0) {
    throw new Error('認証キーの保存形式が正しくありません / the sealed authentication key is malformed');
  }
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('認証キーの保存形式が正しくありません / the sealed authentication key is malformed');
  try {
    const decipher = createDecipheriv('aes-256-gcm', secrets.key('authentication-key-encryption'), iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(guaranteeContractNumber));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('認証キーを復号できません / cannot decrypt the authentication key');
  }
}
