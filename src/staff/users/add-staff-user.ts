// Use case: the surety's administrator adds a user (審査担当・決裁者・管理者). The account
// starts pending, without a password; an activation link is emailed to the person.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import { normalizeLoginId } from '../../auth/login.ts';
import { ROLE_LABELS } from '../../auth/policies.ts';
import type { Trx } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import type { StaffActor } from '../../issuance/conclude-guarantee.ts';
import { enqueueMail, type OutgoingMail } from '../../mail/outbox.ts';
import type { Secrets } from '../../secrets.ts';
import { ACTIVATION_VALID_HOURS, createActivationToken } from './activation-token.ts';

export const ACTIVATION_SUBJECT = '【電子保証】保証会社 業務システムの利用者登録のお知らせ';

export type AddStaffUserResult = { ok: true; userId: string } | { ok: false; field: 'loginId'; message: string };

export async function addStaffUser(
  trx: Trx,
  deps: { secrets: Secrets; baseUrl: string },
  actor: StaffActor & { organisationName: string },
  input: { loginId: string; displayName: string; email: string; role: Role },
  now: Date,
): Promise<AddStaffUserResult> {
  const loginId = normalizeLoginId(input.loginId);
  const inserted = await trx
    .insertInto('users')
    .values({
      organisation_id: actor.organisationId,
      login_id: loginId,
      display_name: input.displayName,
      email: input.email,
      role: input.role,
      password_hash: null,
      status: 'pending',
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('login_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return { ok: false, field: 'loginId', message: 'このログインIDは既に使われています。別のログインIDを入力してください。' };
  await enqueueMail(trx, activationMail(deps, { userId: inserted.id, loginId, displayName: input.displayName, email: input.email, role: input.role, organisationName: actor.organisationName }, now), now);
  await appendAuditEvent(
    trx,
    { userId: actor.userId, organisationId: actor.organisationId, ip: actor.ip },
    { action: 'user.added', subjectType: 'user', subjectId: inserted.id, data: { loginId, role: input.role } },
    now,
  );
  return { ok: true, userId: inserted.id };
}

/** The email with the activation link (also used when the administrator sends it again). */
export function activationMail(
  deps: { secrets: Secrets; baseUrl: string },
  user: { userId: string; loginId: string; displayName: string; email: string; role: Role; organisationName: string },
  now: Date,
): OutgoingMail {
  const token = createActivationToken(deps.secrets, user.userId, now);
  return {
    to: user.email,
    subject: ACTIVATION_SUBJECT,
    template: 'staff_activation',
    text: [
      `${user.displayName} 様`,
      '',
      `${user.organisationName}の保証会社 業務システムに、${ROLE_LABELS[user.role]}として利用者登録されました。`,
      `ログインID: ${user.loginId}`,
      '',
      `次のリンクを開いてパスワードを設定してください（有効期限は${ACTIVATION_VALID_HOURS}時間です）。`,
      `${deps.baseUrl}/staff/activate?token=${token}`,
      '',
      'お心当たりのない場合は、このメールを破棄してください。',
    ].join('\n'),
  };
}
