// An orderer's (発注者's) e-guarantee policy, held as data (stored as jsonb, edited by the
// back office through a form). Every municipality publishes a policy of this shape with its
// own dates, categories, channels and ratios; none of them is a constant in the code.

import { z } from 'zod';
import type { ContractCategory, GuaranteeType } from './certificate.ts';
import { isIsoDate } from './dates.ts';
import {
  BUILT_IN_CATEGORY_LABELS,
  GUARANTEE_TYPES,
  SUBMISSION_CHANNELS,
  categoryLabel,
  guaranteeTypeLabel,
  submissionChannelLabel,
  type SubmissionChannel,
} from './labels.ts';

/** A problem tied to a form field, so that a form can show it next to that field. */
export interface FieldError {
  field: string;
  message: string;
}

/** A fraction such as 4/10 (numerator 4, denominator 10). Exact: no floating point. */
export interface Ratio {
  numerator: number;
  denominator: number;
}

/** 4/10 → 10分の4. */
export function formatRatio(ratio: Ratio): string {
  return `${ratio.denominator}分の${ratio.numerator}`;
}

/** Advance-payment rules of one contract category. */
export interface AdvancePolicy {
  ratio: Ratio; // 前払金の割合 (e.g. 4/10 for 工事, 3/10 for 業務)
  intermediateRatio: Ratio | null; // 中間前払金の割合 (e.g. 2/10); null when not offered
  totalCap: Ratio; // 前払金と中間前払金の合計の上限 (e.g. 6/10)
  minimumContractPrice: number; // 前払金の対象となる請負代金額の下限 (yen)
  limitAmount: number | null; // 前払金の支払限度額 (yen); null when none
  /** What changes for low-bid contracts (低入札), e.g. 中間前払金 1/10 and 3/10 in total. */
  lowBid?: { ratio?: Ratio; intermediateRatio?: Ratio | null; totalCap?: Ratio };
}

/** The policy for one contract category (工事, 建設コンサルタント等業務委託, ...). */
export interface CategoryPolicy {
  /** The Japanese name; required for a category that is not built in. */
  label?: string;
  /** The first 当初契約日 (YYYY-MM-DD) issued electronically; null when this category is never. */
  electronicFrom: string | null;
  /** Which standard contract terms (約款) the initial contract must use, if the orderer says so. */
  contractClauses?: string;
  advance: AdvancePolicy;
}

export interface OrdererPolicy {
  ordererCode: string; // 発注者コード (e.g. 地方公共団体コード)
  ordererName: string; // 発注者名 (日田市)
  electronicIssuance: boolean; // 電子保証（電子交付）を受け付けるか
  categories: Record<ContractCategory, CategoryPolicy>;
  eligibleGuaranteeTypes: GuaranteeType[]; // 電子交付の対象となる保証の種類 (never 契約保証予約)
  submissionChannels: SubmissionChannel[]; // 認証キー等のお知らせの提出方法 (first = usual one)
  receivingSections: Partial<Record<GuaranteeType, string>>; // 保証の種類ごとの提出先 (担当課)
  contactSection: string; // 問い合わせ先 (e.g. 契約検査室)
  advanceRoundingUnit: number; // 前払金の額の端数切捨て単位 (yen, e.g. 100000)
  contractGuarantee: {
    minimumRatio: Ratio; // 契約保証の保証金額の下限 (請負代金額の 1/10)
    lowBidMinimumRatio: Ratio; // 低入札の場合 (3/10)
  };
  notes: string[]; // 自由記述 (使用する約款など)
}

const ratio = (numerator: number, denominator: number): Ratio => ({ numerator, denominator });

/**
 * 日田市 (Hita City), from WJCS's leaflet: 工事 from 令和6年10月1日, 建設コンサルタント等
 * 業務委託 from 令和7年4月1日; 契約保証・前払金保証・中間前払金保証; key notice by 持参
 * (FAX also accepted); ask 契約検査室. The ratios, rounding unit and minimum contract
 * prices are the usual ones and are not in the leaflet: confirm them with the city.
 */
export const HITA_CITY_POLICY: OrdererPolicy = {
  ordererCode: '442046',
  ordererName: '日田市',
  electronicIssuance: true,
  categories: {
    works: {
      electronicFrom: '2024-10-01',
      contractClauses: 'R6.10.1以降の「日田市公共工事請負契約約款」',
      advance: {
        ratio: ratio(4, 10),
        intermediateRatio: ratio(2, 10),
        totalCap: ratio(6, 10),
        minimumContractPrice: 1_300_000,
        limitAmount: null,
      },
    },
    consulting: {
      electronicFrom: '2025-04-01',
      contractClauses: 'R7.4.1以降の「日田市土木設計業務等委託契約約款」',
      advance: {
        ratio: ratio(3, 10),
        intermediateRatio: null,
        totalCap: ratio(3, 10),
        minimumContractPrice: 1_300_000,
        limitAmount: null,
      },
    },
  },
  eligibleGuaranteeTypes: ['contract_performance', 'advance_payment', 'intermediate_advance_payment'],
  submissionChannels: ['in_person', 'fax'],
  receivingSections: {
    contract_performance: '契約検査室',
    advance_payment: '契約検査室',
    intermediate_advance_payment: '契約検査室',
  },
  contactSection: '契約検査室',
  advanceRoundingUnit: 100_000,
  contractGuarantee: { minimumRatio: ratio(1, 10), lowBidMinimumRatio: ratio(3, 10) },
  notes: [
    '当初契約書の作成時には、R6.10.1以降の「日田市公共工事請負契約約款」またはR7.4.1以降の「日田市土木設計業務等委託契約約款」等を使用してください。',
    '認証キー等のお知らせの提出方法は持参（FAXも可）です。詳細は契約検査室にご確認ください。',
  ],
};

// ---------------------------------------------------------------------------
// Questions other modules ask of a policy

/** The Japanese name of a category under this policy. */
export function policyCategoryLabel(policy: OrdererPolicy, category: ContractCategory): string {
  return policy.categories[category]?.label ?? categoryLabel(category);
}

/** The section that receives the key notice for this guarantee type (or the contact section). */
export function receivingSectionFor(policy: OrdererPolicy, guaranteeType: GuaranteeType): string {
  return policy.receivingSections[guaranteeType] ?? policy.contactSection;
}

/** 持参 / 持参またはFAX / 持参、FAXまたはメール. */
export function submissionChannelsText(policy: OrdererPolicy): string {
  const labels = policy.submissionChannels.map(submissionChannelLabel);
  if (labels.length <= 1) return labels[0] ?? '';
  return `${labels.slice(0, -1).join('、')}または${labels.at(-1)}`;
}

/**
 * What the contractor is told about handing over the key notice, e.g.
 * 「認証キー等のお知らせ」を印刷し、持参またはFAXで日田市 契約検査室へ提出してください。
 */
export function keySubmissionGuidance(policy: OrdererPolicy, guaranteeType: GuaranteeType): string {
  const section = receivingSectionFor(policy, guaranteeType);
  const channels = submissionChannelsText(policy);
  const how = channels ? `${channels}で` : '';
  return `${guaranteeTypeLabel(guaranteeType)}の「認証キー等のお知らせ」を印刷し、${how}${policy.ordererName} ${section}へ提出してください。`;
}

// ---------------------------------------------------------------------------
// Validation of a policy typed into the back-office form (or read back from jsonb)

const FIELD_NAMES: Record<string, string> = {
  ordererCode: '発注者コード',
  ordererName: '発注者名',
  electronicIssuance: '電子交付の可否',
  categories: '契約の区分',
  eligibleGuaranteeTypes: '電子交付の対象となる保証の種類',
  submissionChannels: '認証キーの提出方法',
  receivingSections: '提出先の担当課',
  contactSection: '問い合わせ先',
  advanceRoundingUnit: '前払金の端数切捨て単位',
  contractGuarantee: '契約保証の保証金額の割合',
  notes: '備考',
  advance: '前払金の設定',
  lowBid: '低入札の場合の設定',
  label: '区分の名称',
  electronicFrom: '電子交付の対象となる当初契約日',
  contractClauses: '使用する約款',
  ratio: '前払金の割合',
  intermediateRatio: '中間前払金の割合',
  totalCap: '前払金の合計の上限',
  minimumContractPrice: '前払金の対象となる請負代金額の下限',
  limitAmount: '前払金の支払限度額',
  minimumRatio: '契約保証の保証金額の下限',
  lowBidMinimumRatio: '低入札の場合の契約保証の保証金額の下限',
  numerator: '分子',
  denominator: '分母',
};

function fieldName(path: readonly PropertyKey[]): string {
  const named = path.filter((key): key is string => typeof key === 'string' && key in FIELD_NAMES).map((key) => FIELD_NAMES[key] as string);
  const last = named.at(-1);
  if (!last) return '入力';
  const name = (last === '分子' || last === '分母') && named.length >= 2 ? `${named.at(-2)}の${last}` : last;
  const category = path[0] === 'categories' && typeof path[1] === 'string' && path.length > 2 ? `${categoryLabel(path[1])}の` : '';
  return `${category}${name}`;
}

function genericMessage(issue: { code: string; path?: PropertyKey[]; input?: unknown; issues?: unknown }): string {
  const name = fieldName(issue.path ?? []);
  // A record key that failed its own check carries that check's message inside.
  const inner = Array.isArray(issue.issues) ? (issue.issues[0] as { message?: unknown } | undefined)?.message : undefined;
  if (issue.code === 'invalid_key' && typeof inner === 'string') return inner;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `「${name}」を入力してください。` : `「${name}」の形式が正しくありません。`;
    case 'too_small':
      return `「${name}」の値が小さすぎます。`;
    case 'too_big':
      return `「${name}」の値が大きすぎます。`;
    case 'invalid_value':
      return `「${name}」に指定できない値です。`;
    case 'unrecognized_keys':
      return `「${name}」に不明な項目があります。`;
    default:
      return `「${name}」の値が正しくありません。`;
  }
}

const yen = (what: string) =>
  z.number({ error: `${what}は円単位の整数で入力してください。` }).int({ error: `${what}は円単位の整数で入力してください。` }).min(0, { error: `${what}は0円以上で入力してください。` }).max(1e13, { error: `${what}が大きすぎます。` });

const ratioSchema = z
  .object({
    numerator: z.number().int({ error: '割合の分子は整数で入力してください。' }).min(0, { error: '割合の分子は0以上で入力してください。' }),
    denominator: z.number().int({ error: '割合の分母は整数で入力してください。' }).min(1, { error: '割合の分母は1以上で入力してください。' }).max(1000, { error: '割合の分母は1000以下で入力してください。' }),
  })
  .refine((r) => r.numerator <= r.denominator, { error: '割合は1以下（分子は分母以下）で入力してください。' });

const advanceSchema = z.object({
  ratio: ratioSchema,
  intermediateRatio: ratioSchema.nullable(),
  totalCap: ratioSchema,
  minimumContractPrice: yen('前払金の対象となる請負代金額の下限'),
  limitAmount: yen('前払金の支払限度額').nullable(),
  lowBid: z
    .object({ ratio: ratioSchema.optional(), intermediateRatio: ratioSchema.nullable().optional(), totalCap: ratioSchema.optional() })
    .optional(),
});

const categorySchema = z.object({
  label: z.string().trim().min(1, { error: '区分の名称を入力してください。' }).max(100).optional(),
  electronicFrom: z
    .string()
    .refine(isIsoDate, { error: '電子交付の対象となる当初契約日は、正しい日付（YYYY-MM-DD）で入力してください。' })
    .nullable(),
  contractClauses: z.string().max(500, { error: '使用する約款は500文字以内で入力してください。' }).optional(),
  advance: advanceSchema,
});

const guaranteeTypeSchema = z.enum(GUARANTEE_TYPES as [GuaranteeType, ...GuaranteeType[]], {
  error: '保証の種類が正しくありません。',
});

const policySchema = z.object({
  ordererCode: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z]{1,20}$/, { error: '発注者コードは20文字以内の半角英数字で入力してください。' }),
  ordererName: z.string().trim().min(1, { error: '発注者名を入力してください。' }).max(100, { error: '発注者名は100文字以内で入力してください。' }),
  electronicIssuance: z.boolean({ error: '電子交付の可否を選択してください。' }),
  categories: z.record(
    z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { error: '区分のコードは半角英小文字で始まる英数字で入力してください。' }),
    categorySchema,
  ),
  eligibleGuaranteeTypes: z.array(guaranteeTypeSchema),
  submissionChannels: z.array(z.enum(SUBMISSION_CHANNELS as [SubmissionChannel, ...SubmissionChannel[]], { error: '認証キーの提出方法が正しくありません。' })),
  receivingSections: z.partialRecord(guaranteeTypeSchema, z.string().trim().min(1, { error: '提出先の担当課を入力してください。' }).max(100)),
  contactSection: z.string().trim().min(1, { error: '問い合わせ先を入力してください。' }).max(100),
  advanceRoundingUnit: z
    .number()
    .int({ error: '前払金の端数切捨て単位は円単位の整数で入力してください。' })
    .min(1, { error: '前払金の端数切捨て単位は1円以上で入力してください。' })
    .max(100_000_000, { error: '前払金の端数切捨て単位が大きすぎます。' }),
  contractGuarantee: z.object({ minimumRatio: ratioSchema, lowBidMinimumRatio: ratioSchema }),
  notes: z.array(z.string().max(1000, { error: '備考は1件1000文字以内で入力してください。' })),
});

const exceeds = (a: Ratio, b: Ratio): boolean => a.numerator * b.denominator > b.numerator * a.denominator;

function crossFieldErrors(policy: OrdererPolicy): FieldError[] {
  const errors: FieldError[] = [];
  const categoryCodes = Object.keys(policy.categories);
  if (categoryCodes.length === 0) errors.push({ field: 'categories', message: '契約の区分を1つ以上登録してください。' });
  for (const code of categoryCodes) {
    const category = policy.categories[code] as CategoryPolicy;
    const name = category.label ?? BUILT_IN_CATEGORY_LABELS[code] ?? code;
    const at = `categories.${code}`;
    if (!category.label && !BUILT_IN_CATEGORY_LABELS[code]) {
      errors.push({ field: `${at}.label`, message: `区分「${code}」の名称を入力してください。` });
    }
    const advance = category.advance;
    if (exceeds(advance.ratio, advance.totalCap)) {
      errors.push({ field: `${at}.advance.totalCap`, message: `${name}の前払金の合計の上限が、前払金の割合（${formatRatio(advance.ratio)}）より小さくなっています。` });
    }
    if (advance.lowBid?.ratio && exceeds(advance.lowBid.ratio, advance.lowBid.totalCap ?? advance.totalCap)) {
      errors.push({ field: `${at}.advance.lowBid.totalCap`, message: `${name}の低入札の場合の前払金の合計の上限が、前払金の割合より小さくなっています。` });
    }
  }
  if (policy.eligibleGuaranteeTypes.includes('contract_reservation')) {
    errors.push({ field: 'eligibleGuaranteeTypes', message: '契約保証予約は電子交付の対象にできません。' });
  }
  if (new Set(policy.eligibleGuaranteeTypes).size !== policy.eligibleGuaranteeTypes.length) {
    errors.push({ field: 'eligibleGuaranteeTypes', message: '電子交付の対象となる保証の種類が重複しています。' });
  }
  if (new Set(policy.submissionChannels).size !== policy.submissionChannels.length) {
    errors.push({ field: 'submissionChannels', message: '認証キーの提出方法が重複しています。' });
  }
  if (policy.electronicIssuance) {
    if (policy.eligibleGuaranteeTypes.length === 0) {
      errors.push({ field: 'eligibleGuaranteeTypes', message: '電子交付を受け付ける場合は、対象となる保証の種類を1つ以上選択してください。' });
    }
    if (policy.submissionChannels.length === 0) {
      errors.push({ field: 'submissionChannels', message: '電子交付を受け付ける場合は、認証キーの提出方法を1つ以上選択してください。' });
    }
    if (categoryCodes.length > 0 && categoryCodes.every((code) => policy.categories[code]?.electronicFrom === null)) {
      errors.push({ field: 'categories', message: '電子交付を受け付ける場合は、いずれかの区分に電子交付の対象となる当初契約日を入力してください。' });
    }
  }
  const { minimumRatio, lowBidMinimumRatio } = policy.contractGuarantee;
  if (exceeds(minimumRatio, lowBidMinimumRatio)) {
    errors.push({ field: 'contractGuarantee.lowBidMinimumRatio', message: `低入札の場合の契約保証の割合は、通常の割合（${formatRatio(minimumRatio)}）以上で入力してください。` });
  }
  return errors;
}

/**
 * Checks a policy typed into the back-office form or read from storage: the typed policy,
 * or every problem in Japanese with the field it belongs to (e.g. "categories.works.electronicFrom").
 */
export function parseOrdererPolicy(input: unknown): { ok: true; policy: OrdererPolicy } | { ok: false; errors: FieldError[] } {
  const parsed = policySchema.safeParse(input, { error: (issue) => genericMessage(issue) });
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message })),
    };
  }
  const policy = parsed.data as OrdererPolicy;
  const errors = crossFieldErrors(policy);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, policy };
}
