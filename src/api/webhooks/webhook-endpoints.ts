// An orderer's webhook receivers and their recent deliveries (scoped to the orderer).
import type { DbOrTrx } from '../../db/database.ts';

export interface WebhookEndpointRow {
  id: string;
  url: string;
  description: string;
  createdAt: Date;
  createdByName: string;
  disabledAt: Date | null;
}

export async function listWebhookEndpoints(db: DbOrTrx, ordererId: string): Promise<WebhookEndpointRow[]> {
  const rows = await db
    .selectFrom('webhook_endpoints as e')
    .innerJoin('users as u', 'u.id', 'e.created_by_user_id')
    .select(['e.id', 'e.url', 'e.description', 'e.created_at', 'u.display_name', 'e.disabled_at'])
    .where('e.orderer_id', '=', ordererId)
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id')
    .limit(100)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    description: row.description,
    createdAt: new Date(row.created_at),
    createdByName: row.display_name,
    disabledAt: row.disabled_at ? new Date(row.disabled_at) : null,
  }));
}

export interface WebhookDeliveryRow {
  id: string;
  url: string;
  guaranteeContractNumber: string;
  version: number;
  createdAt: Date;
  attempts: number;
  deliveredAt: Date | null;
  failedAt: Date | null;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
}

/** The orderer's latest deliveries, newest first. */
export async function recentWebhookDeliveries(db: DbOrTrx, ordererId: string, limit = 20): Promise<WebhookDeliveryRow[]> {
  const rows = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select(['d.id', 'e.url', 'd.guarantee_contract_number', 'd.version', 'd.created_at', 'd.attempts', 'd.delivered_at', 'd.failed_at', 'd.next_attempt_at', 'd.last_status', 'd.last_error'])
    .where('d.orderer_id', '=', ordererId)
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    guaranteeContractNumber: row.guarantee_contract_number,
    version: row.version,
    createdAt: new Date(row.created_at),
    attempts: row.attempts,
    deliveredAt: row.delivered_at ? new Date(row.delivered_at) : null,
    failedAt: row.failed_at ? new Date(row.failed_at) : null,
    nextAttemptAt: new Date(row.next_attempt_at),
    lastStatus: row.last_status,
    lastError: row.last_error,
  }));
}
