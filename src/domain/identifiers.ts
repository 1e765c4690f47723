// 保証契約番号 (guarantee contract number) and 認証キー (authentication key): how they are
// made, written, typed back in and checked. Both travel on paper and by FAX and are typed
// by people at the orderer, so one normalisation takes whatever they type.

import { randomBytes as cryptoRandomBytes } from 'node:crypto';

/** A source of random bytes; node:crypto's randomBytes by default. Tests pass their own. */
export type RandomBytes = (byteCount: number) => Uint8Array;

// Every hyphen, dash, minus and long-vowel mark a Japanese keyboard or IME may produce
// where a person means "-" (after NFKC, which already folds － ﹣ and ｰ).
const HYPHEN_VARIANTS = /[\u002D\u00AD\u02D7\u058A\u1806\u2010-\u2015\u2043\u207B\u208B\u2212\u2500\u2501\u2796\u2E3A\u2E3B\u30FC\uFE58\uFE63\uFF0D\uFF70]/g;

/**
 * What a person typed, made comparable: NFKC (full-width → half-width), upper case, all
 * white space removed (including the full-width space) and every hyphen or dash variant
 * (‐ ‑ ‒ – — ― − ー ｰ ﹣ － ...) turned into "-". Idempotent.
 */
export function normalizeTyped(input: string): string {
  // One pass can expose new work for the next (removing a space may put a combining mark
  // next to a letter; upper-casing may produce a compatibility character), so repeat
  // until nothing changes. Real input settles after one or two passes.
  let current = input;
  for (let pass = 0; pass < 8; pass++) {
    const next = normalizeOnce(current);
    if (next === current) return next;
    current = next;
  }
  return current;
}

function normalizeOnce(input: string): string {
  return input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\u200B\uFEFF]+/g, '')
    .replace(HYPHEN_VARIANTS, '-');
}

function withoutHyphens(input: string): string {
  return normalizeTyped(input).replaceAll('-', '');
}

// ---------------------------------------------------------------------------
// 年度 (Japanese fiscal year: April 1 to March 31)

/** The fiscal year (年度) of an ISO date: 2026-03-31 → 2025, 2026-04-01 → 2026. */
export function fiscalYearOf(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-\d{2}$/.exec(isoDate);
  if (!match) throw new RangeError(`日付の形式が正しくありません（YYYY-MM-DD）: ${isoDate}`);
  const year = Number(match[1]);
  return Number(match[2]) >= 4 ? year : year - 1;
}

// ---------------------------------------------------------------------------
// 保証契約番号
//
// Written  WJ-2026-000123-47 : issuer code (2 characters, 0-9 A-Z), fiscal year (年度,
// 4 digits), serial (6 digits) and two check digits.
// Check digits: ISO/IEC 7064 MOD 97-10 (as in IBAN) over the 12 characters issuer + year +
// serial, each character read as a two-digit number (0-9 → 00-09, A-Z → 10-35). A change
// of one character changes one pair by 1..35 and a swap of neighbours changes the number by
// a multiple of 99; 97 is prime and divides neither, so every single-character change and
// every swap of two adjacent characters is detected. The check is two decimal digits, so
// it never shows a letter that could be misread (O/0, I/1).

const BASE36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface GuaranteeContractNumber {
  issuerCode: string; // 保証事業会社コード (2 characters)
  fiscalYear: number; // 年度
  serial: number; // 通し番号 (1..999999)
  checkDigits: string; // チェックディジット (2 digits)
  canonical: string; // WJ-2026-000123-47
}

function mod97(characters: string): number {
  let remainder = 0;
  for (const character of characters) {
    const value = BASE36.indexOf(character);
    if (value < 0) throw new RangeError(`保証契約番号に使えない文字です: ${character}`);
    remainder = (remainder * 100 + value) % 97;
  }
  return remainder;
}

/** The two check digits for the 12 characters issuer code + fiscal year + serial. */
export function guaranteeContractNumberCheckDigits(body: string): string {
  return String(98 - ((mod97(body) * 100) % 97)).padStart(2, '0');
}

function hasValidCheckDigits(body: string, checkDigits: string): boolean {
  return (mod97(body) * 100 + Number(checkDigits)) % 97 === 1;
}

/** The written form of a 保証契約番号, with its check digits: WJ-2026-000123-47. */
export function formatGuaranteeContractNumber(parts: { issuerCode: string; fiscalYear: number; serial: number }): string {
  const issuerCode = normalizeTyped(parts.issuerCode);
  if (!/^[0-9A-Z]{2}$/.test(issuerCode)) throw new RangeError('保証事業会社コードは英数字2文字です');
  if (!Number.isInteger(parts.fiscalYear) || parts.fiscalYear < 1000 || parts.fiscalYear > 9999) {
    throw new RangeError('年度は4桁の西暦で指定してください');
  }
  if (!Number.isInteger(parts.serial) || parts.serial < 1 || parts.serial > 999_999) {
    throw new RangeError('通し番号は1から999999までの整数です');
  }
  const year = String(parts.fiscalYear);
  const serial = String(parts.serial).padStart(6, '0');
  const check = guaranteeContractNumberCheckDigits(`${issuerCode}${year}${serial}`);
  return `${issuerCode}-${year}-${serial}-${check}`;
}

/** A new 保証契約番号 for the issuer's `serial`-th guarantee of the fiscal year. */
export function generateGuaranteeContractNumber(issuerCode: string, fiscalYear: number, serial: number): string {
  return formatGuaranteeContractNumber({ issuerCode, fiscalYear, serial });
}

/**
 * A typed 保証契約番号 (any width, case, spaces or dashes; hyphens optional), or null when
 * it is not one or its check digits are wrong.
 */
export function parseGuaranteeContractNumber(typed: string): GuaranteeContractNumber | null {
  const match = /^([0-9A-Z]{2})(\d{4})(\d{6})(\d{2})$/.exec(withoutHyphens(typed));
  if (!match) return null;
  const [, issuerCode, year, serial, checkDigits] = match as unknown as [string, string, string, string, string];
  if (Number(serial) === 0 || !hasValidCheckDigits(`${issuerCode}${year}${serial}`, checkDigits)) return null;
  return {
    issuerCode,
    fiscalYear: Number(year),
    serial: Number(serial),
    checkDigits,
    canonical: `${issuerCode}-${year}-${serial}-${checkDigits}`,
  };
}

/** True when `typed` is a 保証契約番号 with correct check digits. */
export function isValidGuaranteeContractNumber(typed: string): boolean {
  return parseGuaranteeContractNumber(typed) !== null;
}

// ---------------------------------------------------------------------------
// 認証キー
//
// 19 random characters from a 23-character alphabet without look-alikes
// (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V) — 19 × log2(23) ≈ 85.9 bits — followed by one check
// character (weighted sum mod 23, see keyCheckValue) that catches a mistyped character
// or a swap of neighbours before the key is ever tried against a certificate, written in
// five groups of four: K7QX-MP3C-...-...-....

export const AUTHENTICATION_KEY_ALPHABET = '34679ACDEFGHJKMNPQRTWXY';
const KEY_BASE = AUTHENTICATION_KEY_ALPHABET.length; // 23
const KEY_RANDOM_CHARACTERS = 19;
const KEY_LENGTH = KEY_RANDOM_CHARACTERS + 1;
/** Bits of randomness in one 認証キー. */
export const AUTHENTICATION_KEY_BITS = KEY_RANDOM_CHARACTERS * Math.log2(KEY_BASE);
// Bytes at or above this are rejected so that every character is equally likely.
const UNBIASED_LIMIT = 256 - (256 % KEY_BASE); // 253
const MAX_REJECTED_DRAWS = 10_000;

const KEY_VALUES: ReadonlyMap<string, number> = new Map([...AUTHENTICATION_KEY_ALPHABET].map((character, value) => [character, value]));

/**
 * The check value: with the 20 characters read as values 0..22 and weighted 1..20 from the
 * left, the weighted sum is a multiple of 23. 23 is prime and the weights are all different
 * and non-zero modulo 23, so a single mistyped character and a swap of two neighbours
 * always change the sum and are detected.
 */
function keyCheckValue(values: readonly number[]): number {
  let weightedSum = 0;
  for (let index = 0; index < values.length; index++) weightedSum += (index + 1) * (values[index] as number);
  const checkWeight = values.length + 1;
  for (let value = 0; value < KEY_BASE; value++) {
    if ((weightedSum + checkWeight * value) % KEY_BASE === 0) return value;
  }
  throw new Error('unreachable: 23 is prime');
}

/** The key written in groups of four: K7QX-MP3C-.... */
function keyText(values: readonly number[]): string {
  let text = '';
  for (let index = 0; index < values.length; index++) {
    if (index > 0 && index % 4 === 0) text += '-';
    text += AUTHENTICATION_KEY_ALPHABET[values[index] as number];
  }
  return text;
}

// node:crypto's randomBytes, drawn 8 KiB at a time and handed out once each (as Node does
// for randomUUID): one call per key costs more than making the key itself.
const POOL_SIZE = 8192;
let pool = new Uint8Array(0);
let poolOffset = 0;

function pooledCryptoRandomBytes(byteCount: number): Uint8Array {
  if (byteCount > POOL_SIZE) return cryptoRandomBytes(byteCount);
  if (poolOffset + byteCount > pool.length) {
    pool = cryptoRandomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + byteCount);
  poolOffset += byteCount;
  return bytes;
}

/** A new 認証キー, written in groups of four. Uses node:crypto unless a source is given. */
export function generateAuthenticationKey(randomBytes: RandomBytes = pooledCryptoRandomBytes): string {
  const values: number[] = [];
  let rejected = 0;
  while (values.length < KEY_RANDOM_CHARACTERS) {
    for (const byte of randomBytes(KEY_RANDOM_CHARACTERS + 5)) {
      if (byte >= UNBIASED_LIMIT) {
        if (++rejected > MAX_REJECTED_DRAWS) throw new Error('乱数源が偏っているため認証キーを作れません');
        continue;
      }
      values.push(byte % KEY_BASE);
      if (values.length === KEY_RANDOM_CHARACTERS) break;
    }
  }
  values.push(keyCheckValue(values));
  return keyText(values);
}

/**
 * A typed 認証キー in canonical form (upper case, groups of four), or null when it has the
 * wrong length, a character outside the alphabet, or a wrong check character.
 */
export function parseAuthenticationKey(typed: string): string | null {
  const compact = withoutHyphens(typed);
  if (compact.length !== KEY_LENGTH) return null;
  const values: number[] = [];
  for (const character of compact) {
    const value = KEY_VALUES.get(character);
    if (value === undefined) return null;
    values.push(value);
  }
  if (keyCheckValue(values.slice(0, KEY_RANDOM_CHARACTERS)) !== values[KEY_RANDOM_CHARACTERS]) return null;
  return keyText(values);
}
