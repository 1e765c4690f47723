// Who may do what: small declarative rules, tested on their own.
import type { Role } from '../db/schema.ts';
import { PORTALS, type Portal } from '../web/portals.ts';
import type { Actor } from './sessions.ts';

export function canUsePortal(actor: Actor | null, portal: Portal): boolean {
  return actor !== null && actor.organisationKind === PORTALS[portal].kind;
}

export function hasRole(actor: Actor | null, roles: readonly Role[]): boolean {
  return actor !== null && roles.includes(actor.role);
}

export const ROLES_BY_PORTAL: Record<Portal, readonly Role[]> = {
  enet: ['contractor_admin', 'contractor_member'],
  staff: ['surety_examiner', 'surety_approver', 'surety_admin'],
  dsure: ['orderer_viewer', 'orderer_admin'],
};

export const ROLE_LABELS: Record<Role, string> = {
  contractor_admin: '受注者 管理者',
  contractor_member: '受注者 担当者',
  surety_examiner: '審査担当',
  surety_approver: '決裁者',
  surety_admin: '保証会社 管理者',
  orderer_viewer: '発注者 閲覧者',
  orderer_admin: '発注者 管理者',
};
