// What the surety's examiner sees of a change request, and what its conclusion requires: the
// guarantee it changes (this surety's), still at the version the request was made against, the
// request unchanged in what a change may not touch, the domain's rules met, the fee computed.
import type { DbOrTrx } from '../db/database.ts';
import type { Application } from '../db/schema.ts';
import { paidFee, todayInJapan, type CertificateChangeRequest } from '../domain/index.ts';
import { loadOrdererPolicy } from '../issuance/orderer-policy.ts';
import { suretyTariff } from '../issuance/tariff.ts';
import { changeDetailsOf, changeRequestOf, type ChangeDetails } from './change-details.ts';
import { checkChange, type ChangeCheck } from './check-change.ts';
import { findChangeTarget, type ChangeTarget } from './queries.ts';

export interface ChangeExamination {
  details: ChangeDetails | null;
  target: ChangeTarget | null;
  request: CertificateChangeRequest | null;
  check: ChangeCheck | null;
  paid: number;
  exampleTariff: boolean;
  /** Why the change cannot be concluded now (empty: it can). */
  blockers: string[];
}

/** The application fields a change may not touch: they must still say what the guarantee says. */
function fixedFieldsDiffer(application: Application, target: ChangeTarget): boolean {
  const c = target.current.content;
  return (
    application.orderer_id !== target.ordererId ||
    application.guarantee_type !== target.guaranteeType ||
    application.delivery !== target.delivery ||
    application.category !== c.work.category ||
    application.initial_contract_date !== c.work.initialContractDate ||
    application.work_name !== c.work.name ||
    application.work_site !== c.work.site ||
    application.period_start !== c.work.periodStart ||
    application.guarantee_period_start !== c.guaranteePeriodStart ||
    application.low_bid !== c.work.lowBid
  );
}

export async function examineChange(
  db: DbOrTrx,
  suretyId: string,
  application: Application,
  now: Date,
  options: { lock?: boolean } = {},
): Promise<ChangeExamination> {
  const result: ChangeExamination = { details: null, target: null, request: null, check: null, paid: 0, exampleTariff: false, blockers: [] };
  const details = changeDetailsOf(application);
  result.details = details;
  if (!details) {
    result.blockers.push('変更の対象の保証契約が分かりません。謝絶のうえ、電子証書の画面から申し込み直すよう依頼してください。');
    return result;
  }
  // A concluded change is shown as what it did: its base version → the change (the guarantee's
  // current version is already the result).
  const concluded = application.status === 'concluded';
  const target = await findChangeTarget(db, { suretyId }, { guaranteeId: details.guaranteeId }, { ...options, ...(concluded ? { version: details.baseVersion } : {}) });
  result.target = target;
  if (!target || target.contractorId !== application.contractor_id) {
    result.blockers.push('変更の対象の保証契約が見つかりません。');
    result.target = null;
    return result;
  }
  if (!concluded && (target.status === 'cancelled' || target.current.content.cancelled)) result.blockers.push('この保証契約は既に解約されています。');
  if (!concluded && target.currentVersion !== details.baseVersion) {
    result.blockers.push(`申込みの後に保証契約が変更されています（申込みは第${details.baseVersion}版に対するもの、現在は第${target.currentVersion}版）。差戻して、最新の内容で申し込み直すよう依頼してください。`);
  }
  if (fixedFieldsDiffer(application, target)) {
    result.blockers.push('申込みの発注者・保証の種類・契約の区分・当初契約日・工事名・工事場所・工期の始期・保証期間の始期・受取方法は、変更の対象の保証契約と同じである必要があります。差戻して訂正を依頼してください。');
  }
  const request = changeRequestOf(application, details);
  result.request = request;
  if (!request) {
    result.blockers.push('申込内容に未入力の項目があります。差戻して入力を依頼してください。');
    return result;
  }
  const tariff = await suretyTariff(db, suretyId);
  result.exampleTariff = tariff.ok && tariff.tariff.example;
  result.paid = paidFee(target.feeStatements);
  const check = checkChange({
    current: target.current.content,
    currentHash: target.current.contentHash,
    request,
    policy: await loadOrdererPolicy(db, target.ordererId),
    tariff,
    previousAdvanceAmount: target.previousAdvanceAmount,
    paid: result.paid,
    today: todayInJapan(now),
  });
  result.check = check;
  result.blockers.push(...check.errors.map((e) => e.message));
  if (check.feeProblem) result.blockers.push(check.feeProblem);
  if (!check.amended && result.blockers.length === 0) result.blockers.push('変更後の電子証書を作成できません。');
  return result;
}
