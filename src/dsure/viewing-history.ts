// 閲覧履歴: when, and by which orderer, a certificate was viewed in D-Sure (successful key
// entries and openings only). For the contractor's screen in e-Net保証; the caller decides who
// may ask (the contractor of the guarantee).
import type { DbOrTrx } from '../db/database.ts';

export interface ViewingHistoryEntry {
  at: Date;
  ordererName: string;
  ordererCode: string;
  kind: 'registered' | 'opened'; // 認証キーの確認 / 電子証書の閲覧
  kindLabel: string;
  version: number | null;
}

const KIND_LABELS = { registered: '認証キーの確認（一覧へ登録）', opened: '電子証書の閲覧' } as const;

/** Newest first. */
export async function viewingHistory(db: DbOrTrx, guaranteeContractNumber: string): Promise<ViewingHistoryEntry[]> {
  const rows = await db
    .selectFrom('dsure_view_log as v')
    .innerJoin('organisations as o', 'o.id', 'v.orderer_id')
    .select(['v.at', 'v.outcome', 'v.version', 'o.name', 'o.code'])
    .where('v.guarantee_contract_number', '=', guaranteeContractNumber)
    .where('v.outcome', 'in', ['registered', 'opened'])
    .orderBy('v.at', 'desc')
    .orderBy('v.id', 'desc')
    .limit(1000)
    .execute();
  return rows.map((row) => {
    const kind = row.outcome === 'registered' ? 'registered' : 'opened';
    return { at: new Date(row.at), ordererName: row.name, ordererCode: row.code, kind, kindLabel: KIND_LABELS[kind], version: row.version };
  });
}
