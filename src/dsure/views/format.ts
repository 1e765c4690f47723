// How D-Sure writes times for people: 和暦 dates (domain formatWareki) with the time in Japan.
import { formatWareki, todayInJapan } from '../../domain/index.ts';

const TIME = new Intl.DateTimeFormat('ja-JP', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Tokyo' });

/** 令和8年11月27日 10:00 */
export function formatWarekiDateTime(at: Date): string {
  return `${formatWareki(todayInJapan(at))} ${TIME.format(at)}`;
}
