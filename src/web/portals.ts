// The three portals and which organisation kind each one serves.
import type { OrganisationKind } from '../db/schema.ts';

export type Portal = 'enet' | 'staff' | 'dsure';

export const PORTALS: Record<Portal, { kind: OrganisationKind; title: string; audience: string; path: string }> = {
  enet: { kind: 'contractor', title: 'e-Net保証', audience: '受注者（保証契約者）の方', path: '/enet' },
  staff: { kind: 'surety', title: '保証会社 業務システム', audience: '保証事業会社の職員の方', path: '/staff' },
  dsure: { kind: 'orderer', title: 'D-Sure 発注者用保証確認サービス', audience: '発注者（官公庁・自治体）の方', path: '/dsure' },
};

export function portalForKind(kind: OrganisationKind): Portal {
  return kind === 'contractor' ? 'enet' : kind === 'surety' ? 'staff' : 'dsure';
}
