// The application forms: what a person may type, read into the content's shape. Format
// problems (a date that is no date, an amount that is no amount) are reported here; the
// field's rules come afterwards from rules.ts (the domain).
import { z } from 'zod';
import { isGuaranteeType, type GuaranteeType } from '../../domain/index.ts';
import { text } from '../../web/forms.tsx';
import { isUuid } from '../shared/ids.ts';
import { dateField, yenField } from '../shared/typed.ts';

const optionalText = (label: string, options: { max?: number; multiline?: boolean } = {}) =>
  z
    .string()
    .optional()
    .transform((s) => s ?? '')
    .pipe(text(label, { ...options, optional: true }))
    .transform((s) => (s === '' ? null : s));

const optionalId = (message: string) =>
  z
    .string()
    .optional()
    .transform((s, c) => {
      const value = (s ?? '').trim();
      if (value === '') return null;
      if (!isUuid(value)) {
        c.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return value.toLowerCase();
    });

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === '1' || v === 'on' || v === 'true');

const revision = z.coerce.number({ error: '画面を再読み込みしてから、もう一度操作してください。' }).int().min(0).max(2_147_483_647);

export const basicsSchema = z.object({
  suretyId: optionalId('申込先の保証会社を選択し直してください。'),
  ordererId: optionalId('発注者を選択し直してください。'),
  category: z
    .string()
    .optional()
    .transform((s, c) => {
      const value = (s ?? '').trim();
      if (value === '') return null;
      if (!/^[a-z][a-z0-9_]{0,39}$/.test(value)) {
        c.addIssue({ code: 'custom', message: '契約の区分を選択し直してください。' });
        return z.NEVER;
      }
      return value;
    }),
  initialContractDate: dateField('当初契約日').transform((s) => (s === '' ? null : s)),
  guaranteeType: z
    .string()
    .optional()
    .transform((s, c): GuaranteeType | null => {
      const value = (s ?? '').trim();
      if (value === '') return null;
      if (!isGuaranteeType(value)) {
        c.addIssue({ code: 'custom', message: '保証の種類を選択し直してください。' });
        return z.NEVER;
      }
      return value;
    }),
  revision: revision.optional(),
  draftKey: z
    .string()
    .optional()
    .transform((s) => (s && isUuid(s) ? s.toLowerCase() : null)),
  intent: z.enum(['next', 'save', 'check']).catch('next'),
});

export type BasicsForm = z.output<typeof basicsSchema>;

export const contractSchema = z.object({
  workName: optionalText('工事名', { max: 200 }),
  workSite: optionalText('工事場所', { max: 200 }),
  contractPrice: yenField('請負代金額'),
  contractDate: dateField('契約日').transform((s) => (s === '' ? null : s)),
  workPeriodStart: dateField('工期の始期').transform((s) => (s === '' ? null : s)),
  workPeriodEnd: dateField('工期の終期').transform((s) => (s === '' ? null : s)),
  guaranteedAmount: yenField('保証金額'),
  previousAdvanceAmount: yenField('既に受けた前払金の額'),
  guaranteePeriodStart: dateField('保証期間の始期').transform((s) => (s === '' ? null : s)),
  guaranteePeriodEnd: dateField('保証期限').transform((s) => (s === '' ? null : s)),
  lowBid: checkbox,
  contactNotes: optionalText('連絡事項', { max: 1000, multiline: true }),
  delivery: z
    .string()
    .optional()
    .transform((s, c): 'electronic' | 'paper' | null => {
      const value = (s ?? '').trim();
      if (value === '') return null;
      if (value !== 'electronic' && value !== 'paper') {
        c.addIssue({ code: 'custom', message: '保証証書の受取方法を選択し直してください。' });
        return z.NEVER;
      }
      return value;
    }),
  clausesConfirmed: checkbox,
  revision,
  intent: z.enum(['next', 'save', 'back']).catch('next'),
});

export type ContractForm = z.output<typeof contractSchema>;

export const submitSchema = z.object({ revision });

export const withdrawSchema = z.object({
  reason: optionalText('取下げの理由', { max: 500, multiline: true }),
});
