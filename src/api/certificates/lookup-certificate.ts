// Use case (API): POST /api/v1/certificates/lookup — 保証契約番号 + 認証キー. The very same key
// check as D-Sure's form (register-certificate-with-key.ts): the same lockouts per number,
// account and address, the same generic refusal, the same view log and audit events. A right
// pair registers the certificate for the token's orderer and opens it, in one transaction.
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { openCertificate, type OpenedCertificate } from '../../dsure/certificates/open-certificate.ts';
import { registerCertificateWithKey } from '../../dsure/certificates/register-certificate-with-key.ts';
import type { Secrets } from '../../secrets.ts';
import type { ApiPrincipal } from '../tokens/api-tokens.ts';

export type LookupResult = { ok: true; opened: OpenedCertificate } | { ok: false; reason: 'refused' | 'locked' };

export async function lookupCertificate(
  trx: DbOrTrx,
  secrets: Secrets,
  principal: ApiPrincipal,
  input: { number: string; key: string; ip: string },
  now: Date,
): Promise<LookupResult> {
  const who = { userId: principal.userId, organisationId: principal.ordererId, organisationCode: principal.ordererCode, ip: input.ip };
  const result = await registerCertificateWithKey(trx, secrets, who, { number: input.number, key: input.key }, now);
  await appendAuditEvent(
    trx,
    { userId: principal.userId, organisationId: principal.ordererId, ip: input.ip },
    { action: 'api.certificate_lookup', subjectType: 'certificate', subjectId: input.number, data: { tokenId: principal.tokenId, outcome: result.ok ? 'accepted' : result.reason } },
    now,
  );
  if (!result.ok) return result;
  const opened = await openCertificate(trx, { userId: principal.userId, organisationId: principal.ordererId, ip: input.ip }, input.number, now);
  if (!opened) throw new Error(`certificate ${input.number} registered but not found for its orderer`);
  return { ok: true, opened };
}
