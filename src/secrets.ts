// Server secrets. One master key (MASTER_KEY, 32 random bytes in base64); every
// purpose gets its own key derived with HKDF, so no key is used for two things.
// Outside production a missing master key is generated on first start and kept
// in DATA_DIR/secrets.json (mode 0600); production refuses to start without one.
import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type SecretPurpose =
  | 'cookie' // CSRF tokens and signed cookies
  | 'authentication-key-hmac' // checks a typed 認証キー without storing it in clear
  | 'authentication-key-encryption' // the encrypted copy shown again to the contractor
  | 'signing-key-encryption' // issuers' Ed25519 private keys at rest
  | 'activation-token' // single-use activation links
  | 'webhook-secret'; // the per-receiver webhook secrets (recomputed from a stored salt)

export interface Secrets {
  key(purpose: SecretPurpose): Buffer;
}

export function secretsFromMasterKey(masterKey: Buffer): Secrets {
  if (masterKey.length < 32) throw new Error('MASTER_KEY は32バイト以上が必要です / MASTER_KEY must be at least 32 bytes');
  const cache = new Map<SecretPurpose, Buffer>();
  return {
    key(purpose) {
      let key = cache.get(purpose);
      if (!key) {
        key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `denshi-hosho:${purpose}`, 32));
        cache.set(purpose, key);
      }
      return key;
    },
  };
}

export function loadSecrets(options: { masterKey: string | null; dataDir: string; production: boolean }): Secrets {
  if (options.masterKey) return secretsFromMasterKey(Buffer.from(options.masterKey, 'base64'));
  if (options.production) {
    throw new Error('本番環境（NODE_ENV=production）では MASTER_KEY の設定が必要です / MASTER_KEY is required in production');
  }
  const file = join(options.dataDir, 'secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { masterKey: string };
    return secretsFromMasterKey(Buffer.from(stored.masterKey, 'base64'));
  }
  mkdirSync(options.dataDir, { recursive: true });
  const masterKey = randomBytes(32);
  writeFileSync(file, JSON.stringify({ masterKey: masterKey.toString('base64') }, null, 2), { mode: 0o600, flag: 'wx' });
  return secretsFromMasterKey(masterKey);
}
