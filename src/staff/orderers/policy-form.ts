// The orderer-policy form as flat fields named after the policy's paths (e.g.
// "categories.works.electronicFrom"), so that the domain's parseOrdererPolicy errors land
// next to the field they concern. Typed numbers, dates and ratios are normalised first.
import {
  BUILT_IN_CATEGORY_LABELS,
  GUARANTEE_TYPES,
  isIsoDate,
  normalizeTyped,
  parseOrdererPolicy,
  parseYen,
  SUBMISSION_CHANNELS,
  type CategoryPolicy,
  type GuaranteeType,
  type OrdererPolicy,
  type Ratio,
} from '../../domain/index.ts';
import { hasForbiddenCharacters, type FormErrors, type FormValues } from '../../web/forms.tsx';

export const NEW_CATEGORY = '__new';
const CATEGORY_CODE = /^[a-z][a-z0-9_]{0,39}$/;
const ELECTRONIC_TYPES = GUARANTEE_TYPES.filter((t) => t !== 'contract_reservation');

/** A ratio as people write it: 4/10, ４／１０, 10分の4. */
export function parseRatio(typed: string): Ratio | null {
  const text = normalizeTyped(typed).replace('／', '/');
  let m = /^(\d{1,4})\/(\d{1,4})$/.exec(text);
  if (m) return { numerator: Number(m[1]), denominator: Number(m[2]) };
  m = /^(\d{1,4})分の(\d{1,4})$/.exec(text);
  if (m) return { numerator: Number(m[2]), denominator: Number(m[1]) };
  return null;
}

const ratioText = (r: Ratio | null | undefined): string => (r ? `${r.numerator}/${r.denominator}` : '');
const yenText = (n: number | null | undefined): string => (n === null || n === undefined ? '' : String(n));

/** A sensible start for a new municipality: the usual ratios, no dates yet. */
export function blankPolicyValues(): FormValues {
  const values: FormValues = {
    ordererCode: '',
    ordererName: '',
    electronicIssuance: 'true',
    contactSection: '',
    advanceRoundingUnit: '100000',
    'contractGuarantee.minimumRatio': '1/10',
    'contractGuarantee.lowBidMinimumRatio': '3/10',
    notes: '',
    'submissionChannels.in_person': 'on',
  };
  for (const type of ELECTRONIC_TYPES) values[`eligibleGuaranteeTypes.${type}`] = 'on';
  const category = (code: string, ratio: string, intermediate: string, cap: string) => {
    values[`categories.${code}.electronicFrom`] = '';
    values[`categories.${code}.contractClauses`] = '';
    values[`categories.${code}.advance.ratio`] = ratio;
    values[`categories.${code}.advance.intermediateRatio`] = intermediate;
    values[`categories.${code}.advance.totalCap`] = cap;
    values[`categories.${code}.advance.minimumContractPrice`] = '1300000';
    values[`categories.${code}.advance.limitAmount`] = '';
  };
  category('works', '4/10', '2/10', '6/10');
  category('consulting', '3/10', '', '3/10');
  return values;
}

/** The form's values for a stored policy. */
export function policyToValues(policy: OrdererPolicy): FormValues {
  const values: FormValues = {
    ordererCode: policy.ordererCode,
    ordererName: policy.ordererName,
    electronicIssuance: String(policy.electronicIssuance),
    contactSection: policy.contactSection,
    advanceRoundingUnit: String(policy.advanceRoundingUnit),
    'contractGuarantee.minimumRatio': ratioText(policy.contractGuarantee.minimumRatio),
    'contractGuarantee.lowBidMinimumRatio': ratioText(policy.contractGuarantee.lowBidMinimumRatio),
    notes: policy.notes.join('\n'),
  };
  for (const type of policy.eligibleGuaranteeTypes) values[`eligibleGuaranteeTypes.${type}`] = 'on';
  for (const channel of policy.submissionChannels) values[`submissionChannels.${channel}`] = 'on';
  for (const [type, section] of Object.entries(policy.receivingSections)) if (section) values[`receivingSections.${type}`] = section;
  for (const [code, c] of Object.entries(policy.categories)) {
    if (c.label) values[`categories.${code}.label`] = c.label;
    values[`categories.${code}.electronicFrom`] = c.electronicFrom ?? '';
    values[`categories.${code}.contractClauses`] = c.contractClauses ?? '';
    values[`categories.${code}.advance.ratio`] = ratioText(c.advance.ratio);
    values[`categories.${code}.advance.intermediateRatio`] = ratioText(c.advance.intermediateRatio);
    values[`categories.${code}.advance.totalCap`] = ratioText(c.advance.totalCap);
    values[`categories.${code}.advance.minimumContractPrice`] = yenText(c.advance.minimumContractPrice);
    values[`categories.${code}.advance.limitAmount`] = yenText(c.advance.limitAmount);
  }
  return values;
}

/** The category codes present in the form values (without the new-category row). */
export function categoryCodesOf(values: FormValues): string[] {
  const codes = new Set<string>();
  for (const key of Object.keys(values)) {
    const m = /^categories\.([^.]+)\./.exec(key);
    if (m && m[1] !== NEW_CATEGORY && CATEGORY_CODE.test(m[1] as string)) codes.add(m[1] as string);
  }
  return [...codes];
}

export function categoryName(code: string, values: FormValues): string {
  return values[`categories.${code}.label`] || BUILT_IN_CATEGORY_LABELS[code] || code;
}

/** Every field name the form renders (and error anchors of groups), to place errors. */
export function formFieldNames(codes: string[]): Set<string> {
  const names = new Set<string>([
    'ordererCode', 'ordererName', 'electronicIssuance', 'contactSection', 'advanceRoundingUnit', 'notes',
    'contractGuarantee.minimumRatio', 'contractGuarantee.lowBidMinimumRatio',
    'eligibleGuaranteeTypes', 'submissionChannels', 'receivingSections', 'categories',
  ]);
  for (const type of GUARANTEE_TYPES) names.add(`receivingSections.${type}`);
  for (const code of [...codes, NEW_CATEGORY]) {
    names.add(`categories.${code}`);
    for (const f of ['label', 'code', 'electronicFrom', 'contractClauses', 'advance.ratio', 'advance.intermediateRatio', 'advance.totalCap', 'advance.minimumContractPrice', 'advance.limitAmount']) {
      names.add(`categories.${code}.${f}`);
    }
  }
  return names;
}

/** The nearest rendered field for an error path (categories.works.advance.ratio.numerator → categories.works.advance.ratio). */
export function fieldForPath(path: string, names: Set<string>): string {
  let current = path;
  while (current) {
    if (names.has(current)) return current;
    const dot = current.lastIndexOf('.');
    current = dot < 0 ? '' : current.slice(0, dot);
  }
  return '_form';
}

export type PolicyFormResult = { ok: true; policy: OrdererPolicy } | { ok: false; errors: FormErrors };

/**
 * The policy typed into the form, checked by the domain. `existing` keeps what the form does
 * not show (low-bid settings); `fixedCode` is the orderer code on edit (it cannot change).
 */
export function policyFromForm(values: FormValues, options: { existing?: OrdererPolicy; fixedCode?: string } = {}): PolicyFormResult {
  const errors: FormErrors = {};
  const fail = (field: string, message: string) => {
    if (!errors[field]) errors[field] = message;
  };
  // control characters and broken UTF-16 are never stored (PostgreSQL refuses \u0000 in jsonb: it was a 500)
  const names = formFieldNames(categoryCodesOf(values));
  for (const [name, value] of Object.entries(values)) {
    if (hasForbiddenCharacters(value)) fail(fieldForPath(name, names), '使用できない文字（制御文字など）が含まれています。入力し直してください。');
  }
  const v = (name: string) => (values[name] ?? '').normalize('NFC').trim();

  const ratio = (name: string, label: string, optional = false): Ratio | null => {
    const typed = v(name);
    if (!typed) {
      if (!optional) fail(name, `${label}を入力してください（例: 4/10）。`);
      return null;
    }
    const parsed = parseRatio(typed);
    if (!parsed) fail(name, `${label}は「4/10」のように分数で入力してください。`);
    return parsed;
  };
  const yen = (name: string, label: string, optional = false): number | null => {
    const typed = v(name);
    if (!typed) {
      if (!optional) fail(name, `${label}を入力してください。`);
      return null;
    }
    const parsed = parseYen(typed);
    if (parsed === null) fail(name, `${label}は円単位の数字で入力してください。`);
    return parsed;
  };
  const date = (name: string, label: string): string | null => {
    const typed = normalizeTyped(v(name)).replace(/[/.]/g, '-');
    if (!typed) return null;
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(typed);
    const iso = m ? `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}` : typed;
    if (!isIsoDate(iso)) {
      fail(name, `${label}は正しい日付（例: 2024-10-01）で入力してください。`);
      return null;
    }
    return iso;
  };

  const categories: Record<string, CategoryPolicy> = {};
  const codes = categoryCodesOf(values);
  const newCode = normalizeTyped(v(`categories.${NEW_CATEGORY}.code`)).toLowerCase();
  const all: { code: string; prefix: string }[] = codes.filter((c) => v(`categories.${c}.remove`) !== 'on').map((code) => ({ code, prefix: `categories.${code}` }));
  if (newCode) {
    if (!CATEGORY_CODE.test(newCode)) fail(`categories.${NEW_CATEGORY}.code`, '区分のコードは半角英小文字で始まる英数字（_ を含められます）で入力してください。');
    else if (codes.includes(newCode)) fail(`categories.${NEW_CATEGORY}.code`, `区分のコード「${newCode}」は既にあります。`);
    else all.push({ code: newCode, prefix: `categories.${NEW_CATEGORY}` });
  }
  for (const { code, prefix } of all) {
    const name = v(`${prefix}.label`) || BUILT_IN_CATEGORY_LABELS[code] || code;
    const label = v(`${prefix}.label`);
    const clauses = v(`${prefix}.contractClauses`);
    const lowBid = options.existing?.categories[code]?.advance.lowBid;
    categories[code] = {
      ...(label ? { label } : {}),
      electronicFrom: date(`${prefix}.electronicFrom`, `${name}の電子交付の対象となる当初契約日`),
      ...(clauses ? { contractClauses: clauses } : {}),
      advance: {
        ratio: ratio(`${prefix}.advance.ratio`, `${name}の前払金の割合`) ?? { numerator: 0, denominator: 1 },
        intermediateRatio: ratio(`${prefix}.advance.intermediateRatio`, `${name}の中間前払金の割合`, true),
        totalCap: ratio(`${prefix}.advance.totalCap`, `${name}の前払金の合計の上限`) ?? { numerator: 0, denominator: 1 },
        minimumContractPrice: yen(`${prefix}.advance.minimumContractPrice`, `${name}の前払金の対象となる請負代金額の下限`) ?? 0,
        limitAmount: yen(`${prefix}.advance.limitAmount`, `${name}の前払金の支払限度額`, true),
        ...(lowBid ? { lowBid } : {}),
      },
    };
  }

  const receivingSections: Partial<Record<GuaranteeType, string>> = {};
  for (const type of GUARANTEE_TYPES) {
    const section = v(`receivingSections.${type}`);
    if (section) receivingSections[type] = section;
  }
  const electronic = v('electronicIssuance');
  const input = {
    ordererCode: options.fixedCode ?? v('ordererCode').normalize('NFKC'),
    ordererName: v('ordererName'),
    electronicIssuance: electronic === 'true' ? true : electronic === 'false' ? false : undefined,
    categories,
    eligibleGuaranteeTypes: GUARANTEE_TYPES.filter((t) => v(`eligibleGuaranteeTypes.${t}`) === 'on'),
    submissionChannels: SUBMISSION_CHANNELS.filter((c) => v(`submissionChannels.${c}`) === 'on'),
    receivingSections,
    contactSection: v('contactSection'),
    advanceRoundingUnit: yen('advanceRoundingUnit', '前払金の端数切捨て単位') ?? 0,
    contractGuarantee: {
      minimumRatio: ratio('contractGuarantee.minimumRatio', '契約保証の保証金額の下限の割合') ?? { numerator: 0, denominator: 1 },
      lowBidMinimumRatio: ratio('contractGuarantee.lowBidMinimumRatio', '低入札の場合の契約保証の保証金額の下限の割合') ?? { numerator: 0, denominator: 1 },
    },
    notes: v('notes').split('\n').map((line) => line.trim()).filter(Boolean),
  };
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const parsed = parseOrdererPolicy(input);
  if (parsed.ok) return { ok: true, policy: parsed.policy };
  for (const error of parsed.errors) {
    // The new category's fields are named under __new in the form.
    const path = newCode && error.field.startsWith(`categories.${newCode}`) ? error.field.replace(`categories.${newCode}`, `categories.${NEW_CATEGORY}`) : error.field;
    fail(fieldForPath(path, names), error.message);
  }
  return { ok: false, errors };
}
