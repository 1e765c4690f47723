// Use case (API): GET /api/v1/certificates/{number} — a certificate in the token's orderer's
// list. Reading it is a viewing like opening it on screen (view log, 閲覧履歴, audit); anything
// not in the orderer's list is null (the route answers 404).
import { appendAuditEvent } from '../../audit/audit-log.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { openCertificate, type OpenedCertificate } from '../../dsure/certificates/open-certificate.ts';
import type { ApiPrincipal } from '../tokens/api-tokens.ts';

export async function readCertificate(trx: DbOrTrx, principal: ApiPrincipal, input: { number: string; ip: string }, now: Date): Promise<OpenedCertificate | null> {
  const opened = await openCertificate(trx, { userId: principal.userId, organisationId: principal.ordererId, ip: input.ip }, input.number, now);
  if (!opened) return null;
  await appendAuditEvent(
    trx,
    { userId: principal.userId, organisationId: principal.ordererId, ip: input.ip },
    { action: 'api.certificate_read', subjectType: 'certificate', subjectId: input.number, data: { tokenId: principal.tokenId, version: opened.certificate.latest.version } },
    now,
  );
  return opened;
}
