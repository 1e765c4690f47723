// Form fields that people type in Japanese habits (full-width digits, dashes of many kinds,
// 金・円, spaces), read with the domain's normalisation and given Japanese messages.
import { z } from 'zod';
import { isIsoDate, normalizeTyped, parseCorporateNumber, parseYen } from '../../domain/index.ts';
import { emailAddress } from '../../web/forms.tsx';

/** A typed date: 2024-10-01, 2024/10/1, ２０２４．１０．１ → 2024-10-01; '' stays '' (not entered). */
export function parseTypedDate(typed: string): string | null {
  const text = normalizeTyped(typed);
  if (text === '') return '';
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!match) return null;
  const iso = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** An optional date field: '' when empty, else an ISO date. */
export function dateField(label: string) {
  return z
    .string()
    .optional()
    .transform((s, c) => {
      const parsed = parseTypedDate(s ?? '');
      if (parsed === null) {
        c.addIssue({ code: 'custom', message: `${label}は正しい日付（例：2025-04-01）で入力してください。` });
        return z.NEVER;
      }
      return parsed;
    });
}

/** An optional amount of yen: null when empty. */
export function yenField(label: string) {
  return z
    .string()
    .optional()
    .transform((s, c) => {
      if (normalizeTyped(s ?? '') === '') return null;
      const amount = parseYen(s ?? '');
      if (amount === null || amount > 999_999_999_999_999) {
        c.addIssue({ code: 'custom', message: `${label}は円単位の数字で入力してください（例：12,340,000）。` });
        return z.NEVER;
      }
      return amount;
    });
}

/** A 法人番号: 13 digits with a correct check digit (the domain's rule). */
export function corporateNumberField() {
  return z
    .string({ error: '法人番号を入力してください。' })
    .transform((s, c) => {
      const digits = normalizeTyped(s).replaceAll('-', '');
      if (digits === '') {
        c.addIssue({ code: 'custom', message: '法人番号を入力してください。' });
        return z.NEVER;
      }
      if (!/^\d{13}$/.test(digits)) {
        c.addIssue({ code: 'custom', message: '法人番号は13桁の数字で入力してください。' });
        return z.NEVER;
      }
      const parsed = parseCorporateNumber(digits);
      if (!parsed) {
        c.addIssue({ code: 'custom', message: '法人番号の検査用数字（先頭の1桁）が合いません。番号をご確認ください。' });
        return z.NEVER;
      }
      return parsed;
    });
}

/** An email address: NFKC, trimmed, at most 254 characters (checked before the shape), a plausible shape. */
export function emailField(label = 'メールアドレス') {
  return emailAddress(label);
}

/** A Japanese telephone number: 10 or 11 digits, hyphens allowed (as typed, normalised). */
export function phoneField(label = '電話番号') {
  return z
    .string({ error: `${label}を入力してください。` })
    .transform((s, c) => {
      const text = normalizeTyped(s).replace(/[()]/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
      if (text === '') {
        c.addIssue({ code: 'custom', message: `${label}を入力してください。` });
        return z.NEVER;
      }
      const digits = text.replaceAll('-', '');
      if (!/^[0-9-]+$/.test(text) || !/^0\d{9,10}$/.test(digits)) {
        c.addIssue({ code: 'custom', message: `${label}は市外局番から10桁または11桁の数字で入力してください（例：0973-22-1234）。` });
        return z.NEVER;
      }
      return text;
    });
}
