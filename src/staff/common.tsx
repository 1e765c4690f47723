// Shared pieces of the back office: navigation, the actor, formatting and small components.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import type { Role } from '../db/schema.ts';
import { APPLICATION_STATUS_LABELS, type ApplicationEventKind, type ApplicationStatus } from '../domain/application-status.ts';
import { formatWareki, formatYen, guaranteeTypeLabel, isGuaranteeType, isIsoDate, todayInJapan } from '../domain/index.ts';
import type { StaffActor } from '../issuance/conclude-guarantee.ts';
import { actorOf } from '../web/guards.ts';
import type { ViewContext } from '../web/layout.tsx';
import { viewContext } from '../web/request-context.ts';
import { notFound } from '../web/errors.ts';

export const STAFF_ROLES: readonly Role[] = ['surety_examiner', 'surety_approver', 'surety_admin'];
export const ADMIN_ROLES: readonly Role[] = ['surety_admin'];

const NAV_ITEMS: { href: string; label: string; roles: readonly Role[] }[] = [
  { href: '/staff', label: 'ホーム', roles: STAFF_ROLES },
  { href: '/staff/applications', label: '審査一覧', roles: STAFF_ROLES },
  { href: '/staff/guarantees', label: '保証契約一覧', roles: STAFF_ROLES },
  { href: '/staff/orderers', label: '発注者の設定', roles: STAFF_ROLES },
  { href: '/staff/registrations', label: '利用者登録の承認', roles: ['surety_approver', 'surety_admin'] },
  { href: '/staff/users', label: '利用者管理', roles: ADMIN_ROLES },
  { href: '/staff/settings', label: '署名鍵・設定', roles: ADMIN_ROLES },
];

/** Every back-office menu item. */
export const STAFF_NAV = NAV_ITEMS.map(({ href, label }) => ({ href, label }));

/** The menu items this role may open. */
export function staffNav(role: Role | null | undefined) {
  return NAV_ITEMS.filter((item) => role && item.roles.includes(role)).map(({ href, label }) => ({ href, label }));
}

export function staffView(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): ViewContext {
  return viewContext(ctx, request, reply, 'staff', staffNav(request.actor?.role));
}

export function staffActor(request: FastifyRequest): StaffActor {
  const actor = actorOf(request);
  return { userId: actor.userId, organisationId: actor.organisationId, role: actor.role, ip: request.ip };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route's id parameter; anything that is not a UUID is simply not found. */
export function idParam(request: FastifyRequest, name = 'id'): string {
  const value = (request.params as Record<string, string | undefined>)[name];
  if (!value || !UUID.test(value)) throw notFound();
  return value.toLowerCase();
}

const TIME = new Intl.DateTimeFormat('ja-JP', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Tokyo' });

/** 令和8年11月27日 10:00 (Japan time). */
export function formatDateTime(date: Date | string | null | undefined): string {
  if (!date) return '—';
  const d = new Date(date);
  return `${formatWareki(todayInJapan(d))} ${TIME.format(d)}`;
}

export function wareki(iso: string | null | undefined): string {
  return iso && isIsoDate(iso) ? formatWareki(iso) : '—';
}

export function yen(amount: number | null | undefined): string {
  return amount === null || amount === undefined ? '—' : formatYen(Number(amount));
}

export function typeLabel(type: string | null | undefined): string {
  return type && isGuaranteeType(type) ? guaranteeTypeLabel(type) : '—';
}

export function deliveryLabel(delivery: string | null | undefined): string {
  return delivery === 'electronic' ? '電子交付' : delivery === 'paper' ? '書面' : '—';
}

const STATUS_CLASS: Record<ApplicationStatus, string> = {
  draft: 'status--neutral',
  submitted: 'status--warn',
  under_review: 'status--warn',
  returned: 'status--neutral',
  concluded: 'status--ok',
  declined: 'status--bad',
  withdrawn: 'status--neutral',
};

export function StatusBadge(props: { status: ApplicationStatus }) {
  return <span class={`status ${STATUS_CLASS[props.status]}`}>{APPLICATION_STATUS_LABELS[props.status]}</span>;
}

const EVENT_LABELS: Record<ApplicationEventKind, string> = {
  created: '作成',
  submitted: '申込み',
  resubmitted: '再申込み',
  withdrawn: '取下げ',
  review_started: '審査開始',
  returned: '差戻し',
  declined: '謝絶',
  conclusion_proposed: '締結の起案',
  concluded: '保証契約締結',
};

/** The name of a step in an application's history, for the surety's staff. */
export function eventLabel(kind: string): string {
  return EVENT_LABELS[kind as ApplicationEventKind] ?? '手続きの記録';
}

export function Notice(props: { message: string | undefined }) {
  return props.message ? (
    <p class="notice" role="status">
      {props.message}
    </p>
  ) : null;
}

export function Alert(props: { message: string | undefined; items?: string[] }) {
  if (!props.message) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <p>{props.message}</p>
      {props.items && props.items.length > 0 && (
        <ul>
          {props.items.map((item) => (
            <li>{item}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Text typed with line breaks, shown with its line breaks (no inline styles under our CSP). */
export function MultiLine(props: { text: string | null | undefined }) {
  if (!props.text) return <>—</>;
  const lines = props.text.split('\n');
  return (
    <>
      {lines.map((line, i) => (
        <>
          {i > 0 && <br />}
          {line}
        </>
      ))}
    </>
  );
}
