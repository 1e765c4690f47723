// The signing library: canonical JSON, content hashes, Ed25519 keys and certificate signatures.
export { canonicalJson, contentHash, sha256Hex } from './canonical.ts';
export {
  generateSigningKey,
  signingKeyFromPrivateKey,
  publicJwkOf,
  publicKeyFromJwk,
  jwkThumbprint,
  encryptPrivateKey,
  decryptPrivateKey,
  type Jwk,
  type Jwks,
  type Ed25519PublicJwk,
  type SigningKey,
} from './keys.ts';
export {
  CERTIFICATE_SCHEMA,
  signCertificate,
  verifyCertificate,
  type CertificateSignature,
  type SignedCertificate,
  type VerificationResult,
} from './certificate.ts';
