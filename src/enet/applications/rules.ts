// Whether an application is complete and agrees with the orderer's rules. The rules
// themselves are the domain's (eligibility, checkGuaranteeAmounts); this module only says
// which field each answer belongs to, in the words of the forms.
import {
  checkGuaranteeAmounts,
  eligibility,
  guaranteeTypeLabel,
  policyCategoryLabel,
  type Eligibility,
  type GuaranteeType,
} from '../../domain/index.ts';
import type { FormErrors } from '../../web/forms.tsx';
import type { ApplicationBasics, ApplicationContent } from './content.ts';
import type { OrdererChoice } from './queries.ts';

/** The name of the guaranteed amount for each guarantee type. */
export function amountLabel(type: GuaranteeType | null): string {
  switch (type) {
    case 'advance_payment':
      return '前払金額';
    case 'intermediate_advance_payment':
      return '中間前払金額';
    case 'contract_performance':
      return '契約保証金額';
    default:
      return '保証金額';
  }
}

/** The eligibility for 電子交付, once the basics are complete. */
export function eligibilityOf(basics: ApplicationBasics, orderer: OrdererChoice | null): Eligibility | null {
  if (!orderer || !basics.category || !basics.initialContractDate || !basics.guaranteeType) return null;
  if (!orderer.policy.categories[basics.category]) return null;
  return eligibility(orderer.policy, { category: basics.category, initialContractDate: basics.initialContractDate, guaranteeType: basics.guaranteeType });
}

/** The orderer's notes the applicant confirms: the contract clauses of the category, then the policy's notes. */
export function ordererNotices(orderer: OrdererChoice | null, category: string | null): string[] {
  if (!orderer) return [];
  const clauses = category ? orderer.policy.categories[category]?.contractClauses : undefined;
  const items: string[] = [];
  // The category's clauses, unless one of the orderer's own notes already names them.
  if (clauses && category && !orderer.policy.notes.some((note) => note.includes(clauses))) {
    items.push(`${policyCategoryLabel(orderer.policy, category)}の当初契約書には、${clauses}を使用してください。`);
  }
  return [...items, ...orderer.policy.notes];
}

export const BASICS_REQUIRED: [keyof ApplicationBasics, string][] = [
  ['ordererId', '発注者を選択してください。'],
  ['category', '契約の区分を選択してください。'],
  ['initialContractDate', '当初契約日を入力してください。'],
  ['guaranteeType', '保証の種類を選択してください。'],
];

/**
 * A form refused for its format also names the required fields left empty, so that the
 * person sees every problem at once; errors are listed in the order of the fields.
 */
export function withMissingFields(errors: FormErrors, values: Record<string, string>, required: [string, string][], order: string[]): FormErrors {
  const all: FormErrors = { ...errors };
  for (const [field, message] of required) if (!(values[field] ?? '').trim() && !all[field]) all[field] = message;
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : field === '_form' ? -1 : order.length);
  return Object.fromEntries(Object.entries(all).sort((a, b) => rank(a[0]) - rank(b[0])));
}

/** Problems of 手順1 (発注者・契約の区分・当初契約日・保証の種類). */
export function basicsProblems(basics: ApplicationBasics, orderer: OrdererChoice | null, options: { complete: boolean }): FormErrors {
  const errors: FormErrors = {};
  if (!basics.ordererId) {
    if (options.complete) errors.ordererId = '発注者を選択してください。';
  } else if (!orderer) {
    errors.ordererId = 'この発注者は現在選択できません。発注者を選択し直してください。';
  }
  if (!basics.category) {
    if (options.complete) errors.category = '契約の区分を選択してください。';
  } else if (orderer && !orderer.policy.categories[basics.category]) {
    errors.category = `${orderer.name}には「${policyCategoryLabel(orderer.policy, basics.category)}」の契約区分がありません。契約の区分を選択し直してください。`;
  }
  if (!basics.initialContractDate && options.complete) errors.initialContractDate = '当初契約日を入力してください。';
  if (!basics.guaranteeType && options.complete) errors.guaranteeType = '保証の種類を選択してください。';
  return errors;
}

export const CONTRACT_REQUIRED: [keyof ApplicationContent, string][] = [
  ['workName', '工事名（業務名）を入力してください。'],
  ['workSite', '工事場所（履行場所）を入力してください。'],
  ['contractPrice', '請負代金額を入力してください。'],
  ['contractDate', '契約日を入力してください。'],
  ['workPeriodStart', '工期の始期を入力してください。'],
  ['workPeriodEnd', '工期の終期を入力してください。'],
  ['guaranteePeriodStart', '保証期間の始期を入力してください。'],
  ['guaranteePeriodEnd', '保証期限を入力してください。'],
];

/** Problems of 手順2 (契約の内容・保証の内容・受取方法・お知らせの確認), for an application whose basics are complete. */
export function contractProblems(content: ApplicationContent, orderer: OrdererChoice): FormErrors {
  const errors: FormErrors = {};
  for (const [field, message] of CONTRACT_REQUIRED) {
    if (content[field] === null || content[field] === '') errors[field] = message;
  }
  if (content.guaranteedAmount === null) errors.guaranteedAmount = `${amountLabel(content.guaranteeType)}を入力してください。`;
  if (content.guaranteeType === 'intermediate_advance_payment' && content.previousAdvanceAmount === null) {
    errors.previousAdvanceAmount = '既に受けた前払金の額を入力してください（受けていない場合は0）。';
  }
  const ready =
    content.guaranteeType &&
    content.category &&
    content.contractPrice !== null &&
    content.guaranteedAmount !== null &&
    content.workPeriodStart &&
    content.workPeriodEnd &&
    content.guaranteePeriodStart &&
    content.guaranteePeriodEnd;
  if (ready) {
    const problems = checkGuaranteeAmounts(orderer.policy, {
      guaranteeType: content.guaranteeType!,
      category: content.category!,
      contractPrice: content.contractPrice!,
      lowBid: content.lowBid,
      guaranteedAmount: content.guaranteedAmount!,
      ...(content.guaranteeType === 'intermediate_advance_payment' && content.previousAdvanceAmount !== null ? { previousAdvanceAmount: content.previousAdvanceAmount } : {}),
      workPeriodStart: content.workPeriodStart!,
      workPeriodEnd: content.workPeriodEnd!,
      guaranteePeriodStart: content.guaranteePeriodStart!,
      guaranteePeriodEnd: content.guaranteePeriodEnd!,
    });
    for (const problem of problems) {
      const field = problem.field === 'category' || problem.field === 'guaranteeType' ? '_form' : problem.field;
      if (!errors[field]) errors[field] = problem.message;
    }
  }
  if (!content.delivery) {
    errors.delivery = '保証証書の受取方法を選択してください。';
  } else if (content.delivery === 'electronic') {
    const result = eligibilityOf(content, orderer);
    if (result && !result.allowed) errors.delivery = `電子交付は選択できません。${result.reasons.join('')}`;
  }
  if (ordererNotices(orderer, content.category).length > 0 && !content.clausesConfirmed) {
    errors.clausesConfirmed = `${orderer.name}からのお知らせをご確認のうえ、「確認しました」にチェックを入れてください。`;
  }
  return errors;
}

/** Every problem that keeps the application from being submitted, with the step that fixes it. */
export function submissionProblems(content: ApplicationContent, orderer: OrdererChoice | null): { step: 'basics' | 'contract'; errors: FormErrors } | null {
  const basics = basicsProblems(content, orderer, { complete: true });
  if (Object.keys(basics).length > 0 || !orderer) return { step: 'basics', errors: basics };
  const contract = contractProblems(content, orderer);
  if (Object.keys(contract).length > 0) return { step: 'contract', errors: contract };
  return null;
}

export function typeLabelOrDash(type: GuaranteeType | null): string {
  return type ? guaranteeTypeLabel(type) : '—';
}
