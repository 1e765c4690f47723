// Canonical JSON (RFC 8785, JSON Canonicalization Scheme) and the content hash.
// The canonical form is what is signed and what the hash printed on every PDF is computed from.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** RFC 8785 canonical JSON of a JSON value. Throws on values JSON cannot represent (undefined, NaN, cycles, lone surrogates). */
export function canonicalJson(value: unknown): string {
  const json = canonicalize(value);
  if (json === undefined) throw new TypeError('canonicalJson: the value has no JSON representation');
  return json;
}

/** Lowercase hex SHA-256 of the canonical JSON's UTF-8 bytes. */
export function contentHash(content: unknown): string {
  return sha256Hex(canonicalJson(content));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
