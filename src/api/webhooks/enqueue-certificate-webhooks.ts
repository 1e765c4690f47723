// When D-Sure stores a new version of a certificate (a change or the cancellation), every
// orderer that has it in its list and has a webhook receiver gets a delivery queued — in the
// same transaction as the deposit (called from dsure/intake.ts), so no change is stored
// without its notification and no notification goes out for a change that was rolled back.
import { randomUUID } from 'node:crypto';
import type { DbOrTrx } from '../../db/database.ts';
import type { CertificateContent } from '../../domain/index.ts';

export const CERTIFICATE_CHANGED = 'certificate.changed';

/** Queues one delivery per active receiver of each orderer that registered the certificate. Returns how many. */
export async function enqueueCertificateWebhooks(trx: DbOrTrx, content: CertificateContent, now: Date): Promise<number> {
  if (content.version <= 1) return 0;
  const number = content.guaranteeContractNumber;
  const endpoints = await trx
    .selectFrom('webhook_endpoints as e')
    .innerJoin('dsure_registrations as r', 'r.orderer_id', 'e.orderer_id')
    .select(['e.id', 'e.orderer_id'])
    .where('r.guarantee_contract_number', '=', number)
    .where('e.disabled_at', 'is', null)
    .execute();
  if (endpoints.length === 0) return 0;
  const data = {
    guaranteeContractNumber: number,
    version: content.version,
    changeKind: content.change?.kind ?? null,
    cancelled: content.cancelled,
    issueDate: content.issueDate,
    guaranteeType: content.guaranteeType,
    href: `/api/v1/certificates/${encodeURIComponent(number)}`,
  };
  await trx
    .insertInto('webhook_deliveries')
    .values(
      endpoints.map((endpoint) => {
        const id = randomUUID();
        return {
          id,
          endpoint_id: endpoint.id,
          orderer_id: endpoint.orderer_id,
          event_type: CERTIFICATE_CHANGED,
          guarantee_contract_number: number,
          version: content.version,
          body: JSON.stringify({ id, type: CERTIFICATE_CHANGED, createdAt: now.toISOString(), data }),
          created_at: now,
          next_attempt_at: now,
        };
      }),
    )
    .execute();
  return endpoints.length;
}
