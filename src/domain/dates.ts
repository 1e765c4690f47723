// Calendar dates as ISO strings (YYYY-MM-DD) in Japan time. Date-only arithmetic is done
// in UTC so that no local time zone or daylight-saving rule can shift a day.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True when `value` is a real calendar date written YYYY-MM-DD (2024-02-30 is not). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function toDayNumber(isoDate: string): number {
  if (!isIsoDate(isoDate)) throw new RangeError(`日付の形式が正しくありません（YYYY-MM-DD）: ${isoDate}`);
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
}

function fromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** The date `days` days after `isoDate` (negative goes back). */
export function addDays(isoDate: string, days: number): string {
  return fromDayNumber(toDayNumber(isoDate) + days);
}

/** Days from `from` to `to` (0 when equal, negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Days in the period counting both ends (両端入り): 2025-04-01..2025-04-01 is 1 day. */
export function daysInclusive(start: string, end: string): number {
  return daysBetween(start, end) + 1;
}

/** Compares two ISO dates: negative, zero or positive. */
export function compareDates(a: string, b: string): number {
  return daysBetween(b, a);
}
