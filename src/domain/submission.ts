// 電子提出: the contractor submits a guarantee (its number and 認証キー) to the orderer's
// receiving section electronically instead of bringing the printed key notice. Whether an
// orderer takes it is part of its policy (submission channel 'electronic'); the states a
// contractor sees follow the orderer's answer (受付 or 返戻) and its first viewing.

import type { GuaranteeType } from './certificate.ts';
import { receivingSectionFor, type OrdererPolicy } from './policy.ts';

/** True when the orderer accepts 電子提出 of guarantees of this type. */
export function acceptsElectronicSubmission(policy: OrdererPolicy, guaranteeType: GuaranteeType): boolean {
  return (
    policy.electronicIssuance &&
    policy.submissionChannels.includes('electronic') &&
    policy.eligibleGuaranteeTypes.includes(guaranteeType) &&
    guaranteeType !== 'contract_reservation'
  );
}

/** The receiving section (提出先の担当課) an electronic submission of this type is addressed to. */
export function electronicSubmissionSection(policy: OrdererPolicy, guaranteeType: GuaranteeType): string {
  return receivingSectionFor(policy, guaranteeType);
}

/** What the orderer did with a submission. */
export type SubmissionDecision = 'submitted' | 'accepted' | 'returned';

/** What the contractor sees: 提出済 → 受付済 / 返戻 → 閲覧済 (after 受付, once the orderer opened the certificate). */
export type SubmissionProgress = 'submitted' | 'accepted' | 'returned' | 'viewed';

export const SUBMISSION_PROGRESS: readonly SubmissionProgress[] = ['submitted', 'accepted', 'returned', 'viewed'];

const PROGRESS_LABELS: Record<SubmissionProgress, string> = {
  submitted: '提出済',
  accepted: '受付済',
  returned: '返戻',
  viewed: '閲覧済',
};

/** 提出済 / 受付済 / 返戻 / 閲覧済. */
export function submissionProgressLabel(progress: SubmissionProgress): string {
  return PROGRESS_LABELS[progress];
}

/** The contractor's view of a submission: 閲覧済 only after 受付 and an opening by the orderer. */
export function submissionProgress(input: { decision: SubmissionDecision; openedAfterAcceptance: boolean }): SubmissionProgress {
  if (input.decision === 'accepted') return input.openedAfterAcceptance ? 'viewed' : 'accepted';
  return input.decision;
}

/** A contractor may submit again only when nothing is pending or accepted (after a 返戻, it may). */
export function maySubmitAgain(decisions: readonly SubmissionDecision[]): boolean {
  return decisions.every((decision) => decision === 'returned');
}
