// The e-Net保証 frame of every contractor page: the shared layout's view context with
// the portal's menu (利用者管理 only for a contractor admin).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import type { ViewContext } from '../../web/layout.tsx';
import { viewContext } from '../../web/request-context.ts';

export const ENET_NAV: { href: string; label: string }[] = [
  { href: '/enet', label: 'ホーム' },
  { href: '/enet/applications/new', label: '保証申込' },
  { href: '/enet/applications', label: '申込一覧' },
  { href: '/enet/certificates', label: '電子証書の確認' },
  { href: '/enet/faq', label: 'よくある質問' },
];

const ADMIN_NAV = { href: '/enet/users', label: '利用者管理' };

export function enetNav(request: FastifyRequest): ViewContext['nav'] {
  const actor = request.actor;
  if (!actor || actor.organisationKind !== 'contractor') return ENET_NAV;
  return actor.role === 'contractor_admin' ? [...ENET_NAV.slice(0, 3), ADMIN_NAV, ...ENET_NAV.slice(3)] : ENET_NAV;
}

export function enetView(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): ViewContext {
  return viewContext(ctx, request, reply, 'enet', enetNav(request));
}
