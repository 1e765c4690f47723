// How dates, amounts and corporate numbers are written for Japanese readers.

import { isIsoDate } from './dates.ts';
import { normalizeTyped } from './identifiers.ts';

const WAREKI = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  timeZone: 'Asia/Tokyo',
});

const JAPAN_DATE = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  timeZone: 'Asia/Tokyo',
});

const GROUPED = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 0, useGrouping: true });

// ICU's formatToParts is the slow part of a document's dates: each date is formatted once.
const warekiOf = new Map<string, string>();

/** An ISO date in 和暦: 2024-10-01 → 令和6年10月1日, 2019-05-01 → 令和元年5月1日. */
export function formatWareki(isoDate: string): string {
  const known = warekiOf.get(isoDate);
  if (known !== undefined) return known;
  if (!isIsoDate(isoDate)) throw new RangeError(`日付の形式が正しくありません（YYYY-MM-DD）: ${isoDate}`);
  const parts = WAREKI.formatToParts(new Date(`${isoDate}T00:00:00+09:00`));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const year = part('year');
  const eraYear = year === '1' || year === '元' ? '元' : year;
  const wareki = `${part('era')}${eraYear}年${part('month')}月${part('day')}日`;
  if (warekiOf.size >= 10_000) warekiOf.clear();
  warekiOf.set(isoDate, wareki);
  return wareki;
}

/** Today's date in Japan (Asia/Tokyo) as YYYY-MM-DD. */
export function todayInJapan(now: Date = new Date()): string {
  return JAPAN_DATE.format(now);
}

/**
 * An amount of yen as written on a certificate: 12340000 → 金12,340,000円.
 * Negative amounts (deductions on a fee statement) are written with △: 金△1,234円.
 * With `{ kin: false }` the leading 金 is left out: 12,340,000円.
 */
export function formatYen(amount: number, options: { kin?: boolean } = {}): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`金額は円単位の整数で指定してください: ${amount}`);
  const prefix = options.kin === false ? '' : '金';
  const sign = amount < 0 ? '△' : '';
  return `${prefix}${sign}${GROUPED.format(Math.abs(amount))}円`;
}

/**
 * What a person typed as an amount of yen, or null: accepts full-width digits, 金, 円, 也,
 * spaces and thousands separators (which must then group by three: 1,23,000 is refused).
 */
export function parseYen(typed: string): number | null {
  const text = normalizeTyped(typed).replace(/^金/, '').replace(/円也?$/, '');
  if (!/^(\d+|\d{1,3}(,\d{3})+)$/.test(text)) return null;
  const amount = Number(text.replaceAll(',', ''));
  return Number.isSafeInteger(amount) ? amount : null;
}

/**
 * The check digit of a 法人番号 from its 12 base digits (国税庁): counting the base digits
 * from the right as positions 1..12, weight 1 on odd and 2 on even positions; the check
 * digit is 9 − (weighted sum mod 9). It is written as the first of the 13 digits.
 */
export function corporateNumberCheckDigit(baseDigits: string): number {
  if (!/^\d{12}$/.test(baseDigits)) throw new RangeError('法人番号の基礎番号は12桁の数字です');
  let sum = 0;
  for (let position = 1; position <= 12; position++) {
    const digit = Number(baseDigits[12 - position]);
    sum += digit * (position % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

/** A typed 法人番号 in canonical form (13 half-width digits), or null if it is not one. */
export function parseCorporateNumber(typed: string): string | null {
  const digits = normalizeTyped(typed).replaceAll('-', '');
  if (!/^\d{13}$/.test(digits)) return null;
  return corporateNumberCheckDigit(digits.slice(1)) === Number(digits[0]) ? digits : null;
}

/** True when `value` is a 13-digit 法人番号 whose check digit (the first digit) is right. */
export function isValidCorporateNumber(value: string): boolean {
  return parseCorporateNumber(value) !== null;
}
