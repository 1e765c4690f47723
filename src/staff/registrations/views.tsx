// The surety's minimal screen for contractor registrations: approve, decline, resend the link.
import { CsrfField, ErrorSummary, type FormErrors } from '../../web/forms.tsx';
import { Layout, type ViewContext } from '../../web/layout.tsx';
import { formatWarekiDateTime } from '../../enet/shared/format.ts';
import type { AwaitingActivation, PendingRegistration } from './queries.ts';

function orDash(value: string | null): string {
  return value && value.length > 0 ? value : '—';
}

export function RegistrationsPage(props: {
  view: ViewContext;
  pending: PendingRegistration[];
  awaiting: AwaitingActivation[];
  canDecide: boolean;
  notice?: string;
  errors?: FormErrors;
}) {
  return (
    <Layout view={props.view} title="利用者登録の承認" wide>
      <h1>e-Net保証 利用者登録の承認</h1>
      <p class="lead">受注者から申請された利用者登録を確認し、承認します。承認すると、申請者へパスワード設定のご案内（有効期限72時間）をメールで送ります。</p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <ErrorSummary errors={props.errors} />
      <h2>承認待ちの申請（{props.pending.length}件）</h2>
      {props.pending.length === 0 ? (
        <p>承認待ちの申請はありません。</p>
      ) : (
        props.pending.map((r) => (
          <section class="registration" aria-labelledby={`reg-${r.id}`}>
            <h3 id={`reg-${r.id}`}>{r.name}</h3>
            <table class="kv">
              <tbody>
                <tr>
                  <th scope="row">申請日時</th>
                  <td>{formatWarekiDateTime(r.createdAt)}</td>
                </tr>
                <tr>
                  <th scope="row">法人番号</th>
                  <td>{orDash(r.corporateNumber)}</td>
                </tr>
                <tr>
                  <th scope="row">所在地</th>
                  <td>{orDash(r.address)}</td>
                </tr>
                <tr>
                  <th scope="row">代表者</th>
                  <td>{orDash(r.representative)}</td>
                </tr>
                <tr>
                  <th scope="row">担当者</th>
                  <td>{orDash(r.contactName)}</td>
                </tr>
                <tr>
                  <th scope="row">メールアドレス</th>
                  <td>{orDash(r.email)}</td>
                </tr>
                <tr>
                  <th scope="row">電話番号</th>
                  <td>{orDash(r.phone)}</td>
                </tr>
              </tbody>
            </table>
            {props.canDecide ? (
              <div class="actions">
                <form method="post" action={`/staff/registrations/${r.id}/approve`} class="inline-form">
                  <CsrfField token={props.view.csrfToken} />
                  <button type="submit" class="button">
                    {r.name}の登録を承認する
                  </button>
                </form>
                <form method="post" action={`/staff/registrations/${r.id}/decline`} class="inline-form">
                  <CsrfField token={props.view.csrfToken} />
                  <label for={`reason-${r.id}`}>承認しない理由</label>{' '}
                  <input id={`reason-${r.id}`} name="reason" type="text" maxLength={500} />{' '}
                  <button type="submit" class="button button--secondary">
                    承認しない
                  </button>
                </form>
              </div>
            ) : (
              <p>承認は決裁者または管理者が行います。</p>
            )}
          </section>
        ))
      )}
      <h2>パスワード未設定の管理者（{props.awaiting.length}件）</h2>
      {props.awaiting.length === 0 ? (
        <p>該当する利用者はいません。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">会社</th>
              <th scope="col">担当者</th>
              <th scope="col">お客様ID</th>
              <th scope="col">案内URLの有効期限</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {props.awaiting.map((u) => (
              <tr>
                <td>{u.organisationName}</td>
                <td>{u.displayName}</td>
                <td>{u.loginId}</td>
                <td>{u.linkExpiresAt ? formatWarekiDateTime(u.linkExpiresAt) : '（有効なURLなし）'}</td>
                <td>
                  {props.canDecide && (
                    <form method="post" action={`/staff/registrations/users/${u.userId}/resend`} class="inline-form">
                      <CsrfField token={props.view.csrfToken} />
                      <button type="submit" class="button button--secondary">
                        案内メールを再送する
                      </button>
                    </form>
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
