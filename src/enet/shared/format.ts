// Presentation helpers of the contractor's screens, built on the domain's formatting.
import { formatWareki, formatYen, todayInJapan } from '../../domain/index.ts';

const TOKYO_TIME = new Intl.DateTimeFormat('ja-JP', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Tokyo' });

/** A moment in 和暦 with the time in Japan: 令和8年11月27日 10:05. */
export function formatWarekiDateTime(at: Date | string): string {
  const date = at instanceof Date ? at : new Date(at);
  return `${formatWareki(todayInJapan(date))} ${TOKYO_TIME.format(date)}`;
}

/** 和暦 for a stored date, or a dash when it is not set yet. */
export function warekiOrDash(isoDate: string | null | undefined): string {
  return isoDate ? formatWareki(isoDate) : '—';
}

/** 金…円 for a stored amount, or a dash when it is not set yet. */
export function yenOrDash(amount: number | null | undefined): string {
  return amount === null || amount === undefined ? '—' : formatYen(amount);
}

/** An amount as it is put back into an input: 12,340,000 (parseYen reads it again). */
export function amountInputValue(amount: number | null | undefined): string {
  return amount === null || amount === undefined ? '' : formatYen(amount, { kin: false }).replace(/円$/, '');
}
