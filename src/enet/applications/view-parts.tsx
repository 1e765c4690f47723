// Pieces shared by the application screens: status badges, the eligibility box, the
// return message, the content table and the history.
import { APPLICATION_STATUS_LABELS, type ApplicationStatus } from '../../domain/application-status.ts';
import { guaranteeTypeLabel, policyCategoryLabel, type Eligibility } from '../../domain/index.ts';
import type { Children } from '../../web/render.tsx';
import { formatWarekiDateTime, warekiOrDash, yenOrDash } from '../shared/format.ts';
import type { ApplicationContent } from './content.ts';
import type { ApplicationEventView, ContractorVisibleEvent, OrdererChoice } from './queries.ts';
import { amountLabel } from './rules.ts';

const STATUS_TONES: Record<ApplicationStatus, string> = {
  draft: 'neutral',
  submitted: 'warn',
  under_review: 'warn',
  returned: 'bad',
  concluded: 'ok',
  declined: 'bad',
  withdrawn: 'neutral',
};

/** Text typed on several lines, shown on several lines (escaped as usual). */
export function MultiLine(props: { text: string }) {
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

export function StatusBadge(props: { status: ApplicationStatus }) {
  return <span class={`status status--${STATUS_TONES[props.status]}`}>{APPLICATION_STATUS_LABELS[props.status]}</span>;
}

export function EligibilityBox(props: { eligibility: Eligibility; ordererName: string }) {
  if (props.eligibility.allowed) {
    return (
      <div class="notice eligibility" role="status">
        <h2>電子交付：選択できます</h2>
        <p>この契約は{props.ordererName}の電子保証（電子証書の交付）の対象です。保証証書の受取方法で「電子交付を希望する」を選べます。</p>
      </div>
    );
  }
  return (
    <div class="warning eligibility" role="status">
      <h2>電子交付：選択できません</h2>
      <ul>
        {props.eligibility.reasons.map((reason) => (
          <li>{reason}</li>
        ))}
      </ul>
      <p>この申込の保証証書は書面で発行します。</p>
    </div>
  );
}

export function ReturnNotice(props: { message: string | null; at: Date | null }) {
  return (
    <div class="error-summary return-notice" role="alert">
      <h2>保証会社から差戻しがありました{props.at ? `（${formatWarekiDateTime(props.at)}）` : ''}</h2>
      <p class="return-notice__message">{props.message ? <MultiLine text={props.message} /> : '（理由の記載はありません）'}</p>
      <p>内容を修正して、もう一度申し込んでください。これまでの経緯は「申込の履歴」に残ります。</p>
    </div>
  );
}

export function StepIndicator(props: { step: 1 | 2 | 3 | 4 }) {
  const steps = ['発注者と保証の種類', '契約の内容と受取方法', '入力内容の確認', '申込み'];
  return (
    <p class="steps">
      手順 {props.step}／4：<strong>{steps[props.step - 1]}</strong>
      <span class="visually-hidden">（全体：{steps.join('、')}）</span>
    </p>
  );
}

function period(start: string | null, end: string | null): string {
  if (!start && !end) return '—';
  return `${warekiOrDash(start)}から${warekiOrDash(end)}まで`;
}

export interface ContentNames {
  suretyName: string | null;
  orderer: OrdererChoice | null;
  ordererName: string | null;
}

/** The application as the applicant confirms it: 和暦 dates, 金…円 amounts. */
export function ContentTable(props: { content: ApplicationContent; names: ContentNames; caption?: string }) {
  const c = props.content;
  const policy = props.names.orderer?.policy;
  const category = c.category ? (policy ? policyCategoryLabel(policy, c.category) : c.category) : '—';
  const rows: [string, Children][] = [
    ['申込先（保証会社）', props.names.suretyName ?? '—'],
    ['発注者', props.names.ordererName ?? '—'],
    ['契約の区分', category],
    ['当初契約日', warekiOrDash(c.initialContractDate)],
    ['保証の種類', c.guaranteeType ? guaranteeTypeLabel(c.guaranteeType) : '—'],
    ['工事名', c.workName ?? '—'],
    ['工事場所', c.workSite ?? '—'],
    ['請負代金額', yenOrDash(c.contractPrice)],
    ['契約日', warekiOrDash(c.contractDate)],
    ['工期', period(c.workPeriodStart, c.workPeriodEnd)],
    [amountLabel(c.guaranteeType), yenOrDash(c.guaranteedAmount)],
  ];
  if (c.guaranteeType === 'intermediate_advance_payment') rows.push(['既に受けた前払金の額', yenOrDash(c.previousAdvanceAmount)]);
  rows.push(
    ['保証期間', period(c.guaranteePeriodStart, c.guaranteePeriodEnd)],
    ['低入札', c.lowBid ? '該当する（低入札価格調査を経た契約）' : '該当しない'],
    ['連絡事項', c.contactNotes ? <MultiLine text={c.contactNotes} /> : 'なし'],
    ['保証証書の受取方法', c.delivery === 'electronic' ? '電子交付を希望する' : c.delivery === 'paper' ? '書面で受け取る' : '—'],
    ['発注者からのお知らせ', c.clausesConfirmed ? '確認済み' : '未確認'],
  );
  return (
    <table class="kv application-content">
      {props.caption && <caption>{props.caption}</caption>}
      <tbody>
        {rows.map(([label, value]) => (
          <tr>
            <th scope="row">{label}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const EVENT_LABELS: Record<ContractorVisibleEvent, string> = {
  created: '申込を作成（下書き）',
  submitted: '申込み',
  resubmitted: '再申込み（差戻し後の修正）',
  withdrawn: '取下げ',
  review_started: '審査開始',
  returned: '差戻し',
  declined: '謝絶',
  concluded: '保証契約締結',
};

export function eventLabel(kind: string): string {
  return EVENT_LABELS[kind as ContractorVisibleEvent] ?? '手続きの記録';
}

export function HistoryTable(props: { events: ApplicationEventView[] }) {
  return (
    <table class="history">
      <caption class="visually-hidden">申込の履歴（古い順）</caption>
      <thead>
        <tr>
          <th scope="col">日時</th>
          <th scope="col">内容</th>
          <th scope="col">操作した方</th>
          <th scope="col">メッセージ</th>
        </tr>
      </thead>
      <tbody>
        {props.events.map((e) => (
          <tr>
            <td>{formatWarekiDateTime(e.at)}</td>
            <td>{eventLabel(e.kind)}</td>
            <td>
              {e.actorOrganisationKind === 'surety'
                ? `保証会社（${e.actorOrganisationName ?? ''}）`
                : e.actorName
                  ? `${e.actorName} 様`
                  : '—'}
            </td>
            <td>{e.message ? <MultiLine text={e.message} /> : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
