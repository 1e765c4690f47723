// What the contractor's 電子提出 screen shows: its own guarantee (scoped), whether the orderer's
// policy takes 電子提出, the receiving section, and the submissions so far with their progress.
import type { DbOrTrx } from '../../db/database.ts';
import { acceptsElectronicSubmission, electronicSubmissionSection, maySubmitAgain, submissionProgressLabel, type CertificateContent } from '../../domain/index.ts';
import { contractorSubmissions, type ContractorSubmission } from '../../dsure/submissions.ts';
import { currentContent } from '../../enet/certificates/common.ts';
import { findContractorGuarantee, type ContractorGuarantee } from '../../enet/certificates/queries.ts';
import { loadOrdererPolicy } from '../../issuance/orderer-policy.ts';

export interface SubmissionPageData {
  guarantee: ContractorGuarantee;
  content: CertificateContent;
  accepts: boolean; // the orderer's policy takes 電子提出 of this type
  receivingSection: string; // 日田市 契約検査室
  submissions: ContractorSubmission[]; // newest first
  maySubmit: boolean;
}

export const submissionUrl = (number: string) => `/enet/certificates/${encodeURIComponent(number)}/submission`;

/** Null when the guarantee is not the contractor's (the route answers 404). */
export async function loadSubmissionPage(db: DbOrTrx, contractorId: string, guaranteeContractNumber: string): Promise<SubmissionPageData | null> {
  const guarantee = await findContractorGuarantee(db, contractorId, guaranteeContractNumber);
  return guarantee ? submissionStateOf(db, contractorId, guarantee) : null;
}

/** The same, for a guarantee already read with the contractor's scope. */
export async function submissionStateOf(db: DbOrTrx, contractorId: string, guarantee: ContractorGuarantee): Promise<SubmissionPageData> {
  const content = currentContent(guarantee);
  const policy = await loadOrdererPolicy(db, guarantee.ordererId);
  const accepts =
    guarantee.delivery === 'electronic' && guarantee.status === 'active' && policy.status === 'ok' && acceptsElectronicSubmission(policy.policy, guarantee.guaranteeType);
  const section = policy.status === 'ok' ? electronicSubmissionSection(policy.policy, guarantee.guaranteeType) : (content.orderer.section ?? '');
  const submissions = guarantee.delivery === 'electronic' ? await contractorSubmissions(db, contractorId, guarantee.guaranteeContractNumber) : [];
  return {
    guarantee,
    content,
    accepts,
    receivingSection: [content.orderer.name, section].filter(Boolean).join(' '),
    submissions,
    maySubmit: accepts && maySubmitAgain(submissions.map((s) => s.status)),
  };
}

/**
 * The one link on the contractor's certificate screen: 「発注者へ電子提出する」 when the orderer
 * takes 電子提出 (or the progress of a submission made); null when it is not offered.
 */
export async function electronicSubmissionLink(
  db: DbOrTrx,
  contractorId: string,
  guarantee: ContractorGuarantee,
): Promise<{ href: string; label: string } | null> {
  if (guarantee.delivery !== 'electronic') return null;
  const page = await submissionStateOf(db, contractorId, guarantee);
  const guaranteeContractNumber = guarantee.guaranteeContractNumber;
  const latest = page.submissions[0];
  if (latest) return { href: submissionUrl(guaranteeContractNumber), label: `電子提出の状況（${submissionProgressLabel(latest.progress)}）` };
  return page.accepts ? { href: submissionUrl(guaranteeContractNumber), label: '発注者へ電子提出する' } : null;
}
