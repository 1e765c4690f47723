// 申込一覧, the application's detail page with its history, and the withdrawal confirmation.
import { canApply, isEditableByContractor, type ApplicationStatus } from '../../domain/application-status.ts';
import { isGuaranteeType, guaranteeTypeLabel } from '../../domain/index.ts';
import { CsrfField, ErrorSummary, TextAreaField, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { Layout, type ViewContext } from '../../web/layout.tsx';
import { formatWarekiDateTime, yenOrDash } from '../shared/format.ts';
import type { ApplicationContent } from './content.ts';
import type { ApplicationEventView, ApplicationListItem } from './queries.ts';
import { ContentTable, HistoryTable, ReturnNotice, StatusBadge, type ContentNames } from './view-parts.tsx';

export function ListPage(props: { view: ViewContext; items: ApplicationListItem[]; notice?: string }) {
  return (
    <Layout view={props.view} title="申込一覧" wide>
      <h1>申込一覧</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <p class="actions">
        <a class="button" href="/enet/applications/new">
          新しく保証を申し込む
        </a>
      </p>
      {props.items.length === 0 ? (
        <p>まだ申込はありません。</p>
      ) : (
        <table class="application-list">
          <caption class="visually-hidden">貴社の保証申込（新しい順）</caption>
          <thead>
            <tr>
              <th scope="col">作成日時</th>
              <th scope="col">工事名</th>
              <th scope="col">発注者</th>
              <th scope="col">保証の種類</th>
              <th scope="col" class="number">
                保証金額
              </th>
              <th scope="col">受取方法</th>
              <th scope="col">状況</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((item) => (
              <tr>
                <td>{formatWarekiDateTime(item.createdAt)}</td>
                <td>
                  {item.kind === 'change' && '【変更・解約】'}
                  <a href={`/enet/applications/${item.id}`}>{item.workName ?? '（工事名未入力）'}</a>
                </td>
                <td>{item.ordererName ?? '—'}</td>
                <td>{isGuaranteeType(item.guaranteeType) ? guaranteeTypeLabel(item.guaranteeType) : '—'}</td>
                <td class="number">{yenOrDash(item.guaranteedAmount)}</td>
                <td>{item.delivery === 'electronic' ? '電子交付' : item.delivery === 'paper' ? '書面' : '—'}</td>
                <td>
                  <StatusBadge status={item.status} />
                </td>
                <td>
                  {item.status === 'draft' ? (
                    <a href={`/enet/applications/${item.id}/resume`}>続きを入力</a>
                  ) : item.status === 'returned' ? (
                    <a href={`/enet/applications/${item.id}/resume`}>修正して再申込み</a>
                  ) : (
                    <a href={`/enet/applications/${item.id}`}>詳細</a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

const STATUS_EXPLANATIONS: Record<ApplicationStatus, string> = {
  draft: 'まだ申し込んでいません（下書き）。続きを入力して申し込んでください。',
  submitted: '申込みを受け付けました。保証会社の審査をお待ちください。',
  under_review: '保証会社が審査しています。',
  returned: '保証会社から差戻しがありました。内容を修正して、もう一度申し込んでください。',
  concluded: '保証契約が締結されました。',
  declined: '保証会社の審査の結果、この申込はお引き受けできませんでした。',
  withdrawn: 'この申込は取り下げられました。',
};

export function DetailPage(props: {
  view: ViewContext;
  applicationId: string;
  status: ApplicationStatus;
  content: ApplicationContent;
  names: ContentNames;
  submittedAt: Date | null;
  events: ApplicationEventView[];
  returned: { message: string | null; at: Date | null } | null;
  notice?: string;
  error?: string;
  guarantee?: { number: string; delivery: 'electronic' | 'paper' } | null;
  /** A request to change or cancel a concluded guarantee (made from its certificate screen), not a new guarantee. */
  change?: { guaranteeContractNumber: string; baseVersion: number; cancellation: boolean } | null;
}) {
  const id = props.applicationId;
  const editable = isEditableByContractor(props.status);
  const title = props.change ? `保証契約の${props.change.cancellation ? '解約' : '変更'}の申込みの内容` : '保証申込の内容';
  return (
    <Layout view={props.view} title={title} wide>
      <h1>{title}</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.change && (
        <p class="notice">
          保証契約番号 <a href={`/enet/certificates/${props.change.guaranteeContractNumber}`}>{props.change.guaranteeContractNumber}</a>
          （第{props.change.baseVersion}版）の{props.change.cancellation ? '解約' : '変更'}の申込みです。新しい保証の申込みではありません。
          {props.change.cancellation ? '締結されると、保証契約が解約されます。' : '締結されると、変更後の内容で新しい版の電子証書が発行されます。'}
        </p>
      )}
      {props.error && (
        <div class="error-summary" role="alert">
          <p>{props.error}</p>
        </div>
      )}
      <p class="lead">
        状況：<StatusBadge status={props.status} />　{STATUS_EXPLANATIONS[props.status]}
      </p>
      {props.submittedAt && <p>申込日時：{formatWarekiDateTime(props.submittedAt)}</p>}
      {props.guarantee && (
        <p class="notice">
          保証契約番号：<strong>{props.guarantee.number}</strong>
          {props.guarantee.delivery === 'electronic' ? (
            <>
              {'　'}
              <a href={`/enet/certificates/${props.guarantee.number}`}>電子証書を確認する（認証キーの表示）</a>
            </>
          ) : (
            '　保証証書（書面）は保証会社からお送りします。'
          )}
        </p>
      )}
      {props.status === 'returned' && props.returned && <ReturnNotice message={props.returned.message} at={props.returned.at} />}
      <div class="actions">
        {editable && (
          <a class="button" href={`/enet/applications/${id}/resume`}>
            {props.status === 'draft' ? '続きを入力する' : '修正して再申込みする'}
          </a>
        )}
        {canApply('withdraw', props.status) && (
          <a class="button button--secondary" href={`/enet/applications/${id}/withdraw`}>
            この申込を取り下げる
          </a>
        )}
        <a href="/enet/applications">申込一覧へ戻る</a>
      </div>
      <h2>申込の内容</h2>
      <ContentTable content={props.content} names={props.names} />
      <h2>申込の履歴</h2>
      <HistoryTable events={props.events} />
    </Layout>
  );
}

export function WithdrawPage(props: { view: ViewContext; applicationId: string; workName: string | null; status: ApplicationStatus; values: FormValues; errors?: FormErrors }) {
  return (
    <Layout view={props.view} title="申込の取下げ">
      <h1>申込の取下げ</h1>
      <p class="lead">
        「{props.workName ?? '（工事名未入力）'}」の申込（状況：<StatusBadge status={props.status} />）を取り下げます。取り下げた申込は元に戻せません。
      </p>
      <ErrorSummary errors={props.errors} />
      <form method="post" action={`/enet/applications/${props.applicationId}/withdraw`} class="form" novalidate>
        <CsrfField token={props.view.csrfToken} />
        <TextAreaField name="reason" label="取下げの理由（任意）" values={props.values} errors={props.errors} maxLength={500} rows={3} />
        <div class="actions">
          <button type="submit" class="button button--danger">
            取り下げる
          </button>
          <a href={`/enet/applications/${props.applicationId}`}>取り下げずに戻る</a>
        </div>
      </form>
    </Layout>
  );
}
