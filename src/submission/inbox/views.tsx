// D-Sure 受付 (/dsure/inbox): the electronic submissions addressed to the orderer, each with
// 受付 (registers the certificate without typing the key) and 返戻 (with a reason).
import type { DsureSubmissionStatus } from '../../db/schema.ts';
import { formatWareki, formatYen, guaranteeTypeLabel } from '../../domain/index.ts';
import { versionLabel } from '../../documents/index.ts';
import { DsureStyles } from '../../dsure/views/styles.tsx';
import { formatWarekiDateTime } from '../../dsure/views/format.ts';
import { CsrfField, ErrorSummary, SelectField, TextAreaField, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { Layout, type ViewContext } from '../../web/layout.tsx';
import { INBOX_LIMIT, INBOX_STATUSES, INBOX_STATUS_LABELS, type InboxRow, type InboxSubmission } from './inbox-queries.ts';

const STATUS_CLASS: Record<DsureSubmissionStatus, string> = { submitted: 'status', accepted: 'status status--ok', returned: 'status status--bad' };

function inboxUrl(status: DsureSubmissionStatus, section?: string): string {
  const params = new URLSearchParams();
  if (status !== 'submitted') params.set('status', status);
  if (section) params.set('section', section);
  const query = params.toString();
  return `/dsure/inbox${query ? `?${query}` : ''}`;
}

export function InboxPage(props: {
  view: ViewContext;
  rows: InboxRow[];
  status: DsureSubmissionStatus;
  section: string;
  counts: Record<DsureSubmissionStatus, number>;
  sections: string[];
  values: FormValues;
  errors?: FormErrors;
  notice?: string;
}) {
  return (
    <Layout view={props.view} title="受付（電子提出）" wide>
      <DsureStyles />
      <h1>受付（電子提出）</h1>
      <p class="lead">受注者が e-Net保証 から電子提出した保証です。内容を確認して「受け付ける」と、認証キーを入力せずに電子証書一覧へ登録されます。</p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <ErrorSummary errors={props.errors} />
      <nav aria-label="状態" class="actions">
        {INBOX_STATUSES.map((status) =>
          status === props.status ? (
            <strong aria-current="page">
              {INBOX_STATUS_LABELS[status]}（{props.counts[status]}件）
            </strong>
          ) : (
            <a href={inboxUrl(status, props.section)}>
              {INBOX_STATUS_LABELS[status]}（{props.counts[status]}件）
            </a>
          ),
        )}
      </nav>
      {props.sections.length > 1 && (
        <form method="get" action="/dsure/inbox" class="form dsure-search" role="search">
          {props.status !== 'submitted' && <input type="hidden" name="status" value={props.status} />}
          <SelectField
            name="section"
            label="提出先"
            values={props.values}
            errors={props.errors}
            placeholder="すべての提出先"
            options={props.sections.map((section) => ({ value: section, label: section }))}
          />
          <div class="actions">
            <button type="submit" class="button">
              絞り込む
            </button>
          </div>
        </form>
      )}
      {props.rows.length === 0 ? (
        <p role="status">{props.status === 'submitted' ? '受付を待っている電子提出はありません。' : `${INBOX_STATUS_LABELS[props.status]}の電子提出はありません。`}</p>
      ) : (
        <table class="dsure-table">
          <caption class="visually-hidden">電子提出（{INBOX_STATUS_LABELS[props.status]}）</caption>
          <thead>
            <tr>
              <th scope="col">提出日時</th>
              <th scope="col">保証契約番号</th>
              <th scope="col">保証の種類</th>
              <th scope="col">工事名</th>
              <th scope="col">受注者</th>
              <th scope="col" class="number">
                保証金額
              </th>
              <th scope="col">提出先</th>
              <th scope="col">状態</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr>
                <td class="nowrap">{formatWarekiDateTime(row.submittedAt)}</td>
                <td class="nowrap">
                  <a href={`/dsure/inbox/${row.id}`}>{row.guaranteeContractNumber}</a>
                </td>
                <td class="nowrap">{guaranteeTypeLabel(row.guaranteeType)}</td>
                <td>{row.workName}</td>
                <td>{row.contractorName}</td>
                <td class="number nowrap">{formatYen(row.guaranteedAmount)}</td>
                <td>{row.receivingSection}</td>
                <td>
                  <span class={STATUS_CLASS[row.status]}>{INBOX_STATUS_LABELS[row.status]}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.rows.length >= INBOX_LIMIT && <p class="field__hint">新しい順（受付待ちは古い順）に{INBOX_LIMIT}件まで表示しています。</p>}
    </Layout>
  );
}

export const RETURN_FORM_LABELS = { reason: '返戻の理由' };

export function InboxDetailPage(props: { view: ViewContext; submission: InboxSubmission; values: FormValues; errors?: FormErrors; refusal?: string }) {
  const s = props.submission;
  const c = s.content;
  const base = `/dsure/inbox/${s.id}`;
  return (
    <Layout view={props.view} title={`電子提出 ${s.guaranteeContractNumber}`} wide>
      <DsureStyles />
      <p>
        <a href="/dsure/inbox">← 受付（電子提出）の一覧へ戻る</a>
      </p>
      <h1>電子提出の内容</h1>
      {props.refusal && (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2>処理できませんでした</h2>
          <p>{props.refusal}</p>
        </div>
      )}
      <p class="lead">
        状態：<span class={STATUS_CLASS[s.status]}>{INBOX_STATUS_LABELS[s.status]}</span>
        {s.decidedAt && `（${formatWarekiDateTime(s.decidedAt)}${s.decidedByName ? ` ${s.decidedByName}` : ''}）`}
      </p>
      <table class="kv">
        <caption class="dsure-caption">提出</caption>
        <tbody>
          <tr>
            <th scope="row">提出日時</th>
            <td>{formatWarekiDateTime(s.submittedAt)}</td>
          </tr>
          <tr>
            <th scope="row">提出者</th>
            <td>
              {s.contractorName}　{s.submittedByName}
            </td>
          </tr>
          <tr>
            <th scope="row">提出先</th>
            <td>{s.receivingSection}</td>
          </tr>
          <tr>
            <th scope="row">連絡事項</th>
            <td>{s.note ?? '—'}</td>
          </tr>
          {s.returnReason && (
            <tr>
              <th scope="row">返戻の理由</th>
              <td>{s.returnReason}</td>
            </tr>
          )}
        </tbody>
      </table>
      <table class="kv">
        <caption class="dsure-caption">提出された電子証書（{versionLabel(s.version)}）</caption>
        <tbody>
          <tr>
            <th scope="row">保証契約番号</th>
            <td class="nowrap">{s.guaranteeContractNumber}</td>
          </tr>
          <tr>
            <th scope="row">保証の種類</th>
            <td>{guaranteeTypeLabel(s.guaranteeType)}</td>
          </tr>
          <tr>
            <th scope="row">保証事業会社</th>
            <td>{s.issuerName}</td>
          </tr>
          <tr>
            <th scope="row">保証契約者（受注者）</th>
            <td>{c.contractor.name}</td>
          </tr>
          <tr>
            <th scope="row">工事名</th>
            <td>{c.work.name}</td>
          </tr>
          <tr>
            <th scope="row">請負代金額</th>
            <td>{formatYen(c.work.contractPrice)}</td>
          </tr>
          <tr>
            <th scope="row">保証金額</th>
            <td>{formatYen(c.guaranteedAmount)}</td>
          </tr>
          <tr>
            <th scope="row">保証期間</th>
            <td>
              {formatWareki(c.guaranteePeriodStart)} 〜 {formatWareki(c.guaranteePeriodEnd)}
            </td>
          </tr>
        </tbody>
      </table>

      {s.status === 'submitted' ? (
        <>
          <h2>受付</h2>
          <p>内容を確認し、受け付ける場合は次のボタンを押してください。電子証書一覧に登録され、電子証書（署名の検証結果を含む）が表示されます。</p>
          <form method="post" action={`${base}/accept`} class="actions">
            <CsrfField token={props.view.csrfToken} />
            <button type="submit" class="button">
              受け付ける（電子証書一覧に登録する）
            </button>
          </form>
          <h2>返戻</h2>
          <ErrorSummary errors={props.errors} labels={RETURN_FORM_LABELS} />
          <form method="post" action={`${base}/return`} class="form" novalidate>
            <CsrfField token={props.view.csrfToken} />
            <TextAreaField
              name="reason"
              label={RETURN_FORM_LABELS.reason}
              hint="受注者の画面とメールに表示されます（500文字以内）。例：契約保証は契約検査課へ提出してください。"
              values={props.values}
              errors={props.errors}
              required
              maxLength={500}
              rows={3}
            />
            <button type="submit" class="button button--danger">
              返戻する
            </button>
          </form>
        </>
      ) : s.registered ? (
        <p>
          <a class="button" href={`/dsure/certificates/${encodeURIComponent(s.guaranteeContractNumber)}`}>
            電子証書を表示する
          </a>
        </p>
      ) : null}
    </Layout>
  );
}
