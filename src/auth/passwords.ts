// Passwords: argon2id (the library's defaults: m=19456 KiB, t=2, p=1).
import { hash, verify } from '@node-rs/argon2';

const ARGON2ID = 2; // Algorithm.Argon2id (a const enum in the typings)

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

// Verified when the login ID does not exist, so both paths take the same time.
let dummyHash: Promise<string> | null = null;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword('dummy-password-for-timing');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** The password rule shown on every password form. */
export const PASSWORD_RULE = '12文字以上で、英字と数字をそれぞれ1文字以上含めてください。';

export function passwordProblem(password: string): string | null {
  if (password.length < 12) return `パスワードは${PASSWORD_RULE}`;
  if (password.length > 128) return 'パスワードは128文字以内で入力してください。';
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return `パスワードは${PASSWORD_RULE}`;
  return null;
}
