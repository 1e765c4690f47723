// Four eyes (二者確認), when a surety company turns it on: an examiner proposes the conclusion,
// and a different approver concludes. The same rule for a new guarantee and for a change.
import type { Role } from '../db/schema.ts';
import type { DbOrTrx } from '../db/database.ts';

export const APPROVER_ROLES: readonly Role[] = ['surety_approver', 'surety_admin'];

export type FourEyesCheck = { ok: true; proposedBy: string | null } | { ok: false; message: string };

/** What four eyes looks at: the company's setting and who proposed the conclusion (if anyone). */
export interface FourEyesFacts {
  fourEyes: boolean | null;
  proposedBy: string | null;
}

/** May this actor conclude the application now? `what` names it in the message (保証契約 / 変更・解約). */
export function fourEyesVerdict(facts: FourEyesFacts, actor: { userId: string; role: Role }, what: '保証契約' | '変更・解約'): FourEyesCheck {
  if (facts.fourEyes ?? false) {
    if (!APPROVER_ROLES.includes(actor.role)) {
      return { ok: false, message: `二者確認が有効なため、${what}の締結は決裁者が行います。「締結を起案する」から決裁者へ回してください。` };
    }
    if (!facts.proposedBy) return { ok: false, message: '二者確認が有効なため、審査担当者による締結の起案が必要です。' };
    if (facts.proposedBy === actor.userId) return { ok: false, message: '締結を起案した本人は締結できません。別の決裁者が締結してください。' };
  }
  return { ok: true, proposedBy: facts.proposedBy };
}

/** Reads the facts, then gives the verdict (for a use case that does not read them with its own query). */
export async function checkFourEyes(
  trx: DbOrTrx,
  actor: { userId: string; organisationId: string; role: Role },
  applicationId: string,
  what: '保証契約' | '変更・解約',
): Promise<FourEyesCheck> {
  // The company's setting and the application's proposal, in one read.
  const row = await trx
    .selectNoFrom((eb) => [
      eb.selectFrom('surety_settings').select('four_eyes').where('surety_id', '=', actor.organisationId).as('four_eyes'),
      eb
        .selectFrom('conclusion_proposals')
        .select('proposed_by_user_id')
        .where('application_id', '=', applicationId)
        .where('surety_id', '=', actor.organisationId)
        .as('proposed_by_user_id'),
    ])
    .executeTakeFirstOrThrow();
  return fourEyesVerdict({ fourEyes: row.four_eyes, proposedBy: row.proposed_by_user_id }, actor, what);
}
