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

// A path of printable ASCII that a Location header carries as it is: no space, no backslash, no
// control character (CR/LF), no raw non-ASCII (a browser sends it percent-encoded).
const SAFE_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;

/**
 * Where to go back to after login (the `next` parameter): a safe ASCII path inside the portal,
 * otherwise the portal's home. Every place that reads `next` goes through this.
 */
export function safeReturnPath(portal: Portal, next: unknown): string {
  const base = PORTALS[portal].path;
  if (typeof next !== 'string' || next.length > 2000 || !SAFE_PATH.test(next) || next.includes('//')) return base;
  return next === base || next.startsWith(`${base}/`) || next.startsWith(`${base}?`) ? next : base;
}
