// Signing and verifying an electronic certificate (電子証書): an Ed25519 signature over the
// RFC 8785 canonical JSON of its content. Verification recomputes everything from the content
// and the issuer's published keys (JWKS); it never trusts the hash stored in the envelope.
import { sign, verify, type KeyObject } from 'node:crypto';
import type { CertificateContent } from '../domain/certificate.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';
import { decodeBase64urlStrict, encodeBase64url } from './base64url.ts';
import { publicKeyFromJwk, type Jwks } from './keys.ts';

export const CERTIFICATE_SCHEMA = 'denshi-hosho/certificate/v1';

export interface CertificateSignature {
  alg: 'EdDSA';
  keyId: string;
  contentHash: string; // lowercase hex SHA-256 of the canonical content
  signedAt: string; // ISO 8601
  value: string; // base64url Ed25519 signature over the canonical content's UTF-8 bytes
}

export interface SignedCertificate {
  content: CertificateContent;
  signature: CertificateSignature;
}

export type VerificationResult =
  | { valid: true; keyId: string; contentHash: string }
  | { valid: false; reason: string; reasonEn: string };

/** Signs the certificate content. The returned content is a copy, detached from the argument. */
export function signCertificate(
  content: CertificateContent,
  key: { keyId: string; privateKey: KeyObject },
  signedAt: Date,
): SignedCertificate {
  const canonical = canonicalJson(content);
  const value = encodeBase64url(sign(null, Buffer.from(canonical, 'utf8'), key.privateKey));
  return {
    content: JSON.parse(canonical) as CertificateContent,
    signature: { alg: 'EdDSA', keyId: key.keyId, contentHash: sha256Hex(canonical), signedAt: signedAt.toISOString(), value },
  };
}

const invalid = (reason: string, reasonEn: string): VerificationResult => ({ valid: false, reason, reasonEn });

/** Verifies a signed certificate (any JSON value) against the issuer's JWKS. Never throws. */
export function verifyCertificate(signed: unknown, jwks: Jwks): VerificationResult {
  try {
    return verifyUnsafe(signed, jwks);
  } catch {
    return invalid('証書データを検証できません', 'the certificate data cannot be verified');
  }
}

function verifyUnsafe(signed: unknown, jwks: Jwks): VerificationResult {
  const envelope = readEnvelope(signed);
  if (!envelope) return invalid('証書データの形式が正しくありません', 'the certificate data is malformed');
  const { content, signature } = envelope;
  if (content.schema !== CERTIFICATE_SCHEMA) {
    return invalid('対応していない証書の形式です', `unsupported certificate schema (expected ${CERTIFICATE_SCHEMA})`);
  }
  const signatureBytes = decodeBase64urlStrict(signature.value);
  if (!signatureBytes || signatureBytes.length !== 64) {
    return invalid('署名値の形式が正しくありません', 'the signature value is malformed');
  }
  const publicKey = findPublicKey(jwks, signature.keyId);
  if (!publicKey) {
    return invalid(`署名鍵（鍵ID: ${signature.keyId}）が公開鍵一覧にありません`, `the signing key ${signature.keyId} is not in the issuer's key set`);
  }
  const canonical = canonicalJson(content);
  if (!verify(null, Buffer.from(canonical, 'utf8'), publicKey, signatureBytes)) {
    return invalid('署名が証書の内容と一致しません（内容が改ざんされたか、署名が正しくありません）', 'the signature does not match the content (the content was altered or the signature is wrong)');
  }
  const recomputed = sha256Hex(canonical);
  if (signature.contentHash !== recomputed) {
    return invalid('記載された内容ハッシュが証書の内容と一致しません', 'the recorded content hash does not match the content');
  }
  return { valid: true, keyId: signature.keyId, contentHash: recomputed };
}

function readEnvelope(signed: unknown): { content: Record<string, unknown>; signature: CertificateSignature } | null {
  if (!isRecord(signed) || !isRecord(signed.content) || !isRecord(signed.signature)) return null;
  const s = signed.signature;
  const fields = [s.keyId, s.contentHash, s.signedAt, s.value];
  if (s.alg !== 'EdDSA' || !fields.every((f) => typeof f === 'string' && f.length > 0)) return null;
  return { content: signed.content, signature: s as unknown as CertificateSignature };
}

function findPublicKey(jwks: Jwks, keyId: string): KeyObject | null {
  const keys: unknown = isRecord(jwks) ? jwks.keys : undefined;
  if (!Array.isArray(keys)) return null;
  const jwk: unknown = keys.find((k: unknown) => isRecord(k) && k.kid === keyId);
  return isRecord(jwk) && typeof jwk.kty === 'string' ? publicKeyFromJwk(jwk as { kty: string }) : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
