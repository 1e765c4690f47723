// Use case: a company applies for e-Net保証 (利用者登録). It becomes a pending contractor
// organisation with one pending administrator; a surety user approves it later. Public,
// so throttled per client address.
import type { Db } from '../../db/database.ts';
import { appendAuditEvent } from '../../audit/audit-log.ts';
import { enqueueMail } from '../../mail/outbox.ts';
import { lockedUntil, recordFailure, type ThrottleRule } from '../../security/throttle.ts';
import type { FormErrors } from '../../web/forms.tsx';
import { newContractorCode, newLoginId } from './login-ids.ts';
import { registrationReceivedMail } from './mails.ts';

/** At most 5 registrations an hour from one address; then an hour's pause. */
export const REGISTRATION_ADDRESS_RULE: ThrottleRule = { maxFailures: 5, windowSeconds: 3600, lockSeconds: 3600 };

export interface RegistrationInput {
  name: string; // 商号
  corporateNumber: string; // 法人番号 (canonical 13 digits)
  address: string; // 所在地
  representative: string; // 代表者
  contactName: string; // 担当者
  email: string;
  phone: string;
}

export type RegistrationResult =
  | { ok: true; organisationId: string }
  | { ok: false; reason: 'throttled'; until: Date }
  | { ok: false; reason: 'invalid'; errors: FormErrors };

const DUPLICATE = 'この法人番号の会社は、既に利用者登録（または申請中）です。ログインIDがご不明な場合は、貴社の管理者または保証会社にお問い合わせください。';

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export async function registerContractor(db: Db, input: RegistrationInput, meta: { ip: string; now: Date }): Promise<RegistrationResult> {
  const throttleKey = `enet-register-ip:${meta.ip}`;
  const locked = await lockedUntil(db, throttleKey, meta.now);
  if (locked) return { ok: false, reason: 'throttled', until: locked };
  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('organisations')
        .select('id')
        .where('kind', '=', 'contractor')
        .where('corporate_number', '=', input.corporateNumber)
        .where('status', '<>', 'disabled')
        .executeTakeFirst();
      if (existing) return { ok: false as const, reason: 'invalid' as const, errors: { corporateNumber: DUPLICATE } };

      const organisation = await trx
        .insertInto('organisations')
        .values({
          kind: 'contractor',
          code: await newContractorCode(trx),
          name: input.name,
          corporate_number: input.corporateNumber,
          address: input.address,
          representative: input.representative,
          phone: input.phone,
          email: input.email,
          status: 'pending',
          created_at: meta.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const user = await trx
        .insertInto('users')
        .values({
          organisation_id: organisation.id,
          login_id: await newLoginId(trx),
          display_name: input.contactName,
          email: input.email,
          role: 'contractor_admin',
          password_hash: null,
          status: 'pending',
          created_at: meta.now,
          updated_at: meta.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await appendAuditEvent(
        trx,
        { userId: null, organisationId: organisation.id, ip: meta.ip },
        { action: 'contractor_registration.requested', subjectType: 'organisation', subjectId: organisation.id, data: { name: input.name, corporateNumber: input.corporateNumber, adminUserId: user.id } },
        meta.now,
      );
      await enqueueMail(trx, registrationReceivedMail({ to: input.email, organisationName: input.name, contactName: input.contactName }), meta.now);
      await recordFailure(trx, throttleKey, REGISTRATION_ADDRESS_RULE, meta.now);
      return { ok: true as const, organisationId: organisation.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: 'invalid', errors: { corporateNumber: DUPLICATE } };
    throw error;
  }
}
