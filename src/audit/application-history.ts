// The history of a guarantee application (application_events): the timeline the contractor
// (申込みの履歴) and the surety's staff (審査の経過) read, one row per step, written in the
// same transaction as the step. Unlike the audit log it is for people, not for evidence: a
// message in Japanese and, for the steps that change the application, the application as it
// was (snapshot, JSON), so a 差戻し → 再申込み can be compared.
import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../db/database.ts';
import type { ApplicationEventsTable } from '../db/schema.ts';
import type { ApplicationEventKind } from '../domain/application-status.ts';

export interface ApplicationEvent {
  applicationId: string;
  kind: ApplicationEventKind;
  at: Date;
  actorUserId: string | null;
  /** Shown in the history as written (a reason, a note, the 保証契約番号 concluded). */
  message?: string | null;
  /** The application as it was after the step, as JSON. */
  snapshot?: string | null;
}

/** The row for one step, for callers that insert it inside a larger statement. */
export function applicationEventRow(event: ApplicationEvent): Insertable<ApplicationEventsTable> {
  return {
    application_id: event.applicationId,
    at: event.at,
    actor_user_id: event.actorUserId,
    kind: event.kind,
    message: event.message ?? null,
    snapshot: event.snapshot ?? null,
  };
}

/** Records steps of applications' histories: one INSERT, inside the transaction of the step. */
export async function recordApplicationEvents(trx: DbOrTrx, events: readonly ApplicationEvent[]): Promise<void> {
  if (events.length === 0) return;
  await trx.insertInto('application_events').values(events.map(applicationEventRow)).execute();
}
