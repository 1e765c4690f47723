// Use case: 審査開始 — a submitted application becomes 審査中.
import type { Trx } from '../../db/database.ts';
import type { StaffActor } from '../../issuance/conclude-guarantee.ts';
import { transitionApplication, type TransitionResult } from './transition.ts';

export function startReview(trx: Trx, actor: StaffActor, applicationId: string, now: Date): Promise<TransitionResult> {
  return transitionApplication(
    trx,
    actor,
    { applicationId, action: 'start_review', eventKind: 'review_started', message: null, auditAction: 'application.review_started' },
    now,
  );
}
