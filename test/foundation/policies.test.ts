import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canUsePortal, hasRole, ROLES_BY_PORTAL } from '../../src/auth/policies.ts';
import type { Actor } from '../../src/auth/sessions.ts';
import type { OrganisationKind, Role } from '../../src/db/schema.ts';

const actor = (kind: OrganisationKind, role: Role): Actor => ({
  sessionIdHash: 'x', userId: 'u', loginId: 'l', displayName: 'd', role,
  organisationId: 'o', organisationKind: kind, organisationName: 'n', organisationCode: 'c',
});

test('each organisation kind uses exactly its own portal', () => {
  const cases: [OrganisationKind, Role, string][] = [
    ['contractor', 'contractor_member', 'enet'],
    ['surety', 'surety_examiner', 'staff'],
    ['orderer', 'orderer_viewer', 'dsure'],
  ];
  for (const [kind, role, own] of cases) {
    for (const portal of ['enet', 'staff', 'dsure'] as const) {
      assert.equal(canUsePortal(actor(kind, role), portal), portal === own, `${kind} on ${portal}`);
    }
  }
  assert.equal(canUsePortal(null, 'enet'), false, 'anonymous uses no portal');
});

test('roles are checked by list, and each portal lists only its own roles', () => {
  assert.equal(hasRole(actor('surety', 'surety_examiner'), ['surety_approver']), false);
  assert.equal(hasRole(actor('surety', 'surety_approver'), ['surety_approver', 'surety_admin']), true);
  assert.equal(hasRole(null, ROLES_BY_PORTAL.enet), false);
  const all = Object.values(ROLES_BY_PORTAL).flat();
  assert.equal(new Set(all).size, all.length, 'no role belongs to two portals');
});
