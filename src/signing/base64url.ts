// Strict base64url (RFC 4648 §5, no padding). Node's decoder silently ignores stray characters
// and the unused low bits of the last character, so two different strings could decode to the
// same bytes; a signature string must have exactly one spelling.

const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function encodeBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** Decodes base64url, or returns null when the text is not the canonical encoding of some bytes. */
export function decodeBase64urlStrict(text: string): Buffer | null {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}
