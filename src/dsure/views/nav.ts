// D-Sure's menu; 利用者管理 only for the orderer's administrators.
import type { Actor } from '../../auth/sessions.ts';

export function dsureNav(actor: Actor | null): { href: string; label: string }[] {
  const nav = [
    { href: '/dsure', label: 'ホーム' },
    { href: '/dsure/view', label: '電子証書の閲覧' },
    { href: '/dsure/certificates', label: '電子証書一覧' },
    { href: '/dsure/inbox', label: '受付（電子提出）' },
  ];
  if (actor?.role === 'orderer_admin') nav.push({ href: '/dsure/users', label: '利用者管理' }, { href: '/dsure/api', label: 'API連携' });
  return nav;
}
