// 利用者管理: the company's users, adding one, disabling and enabling.
import { CsrfField, ErrorSummary, SelectField, TextField, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { Layout, type ViewContext } from '../../web/layout.tsx';
import { formatWarekiDateTime } from '../shared/format.ts';
import type { CompanyUser } from './queries.ts';

const ROLE_NAMES: Record<CompanyUser['role'], string> = { contractor_admin: '管理者', contractor_member: '担当者' };
const STATUS_NAMES: Record<CompanyUser['status'], { label: string; tone: string }> = {
  active: { label: '利用中', tone: 'ok' },
  pending: { label: 'パスワード未設定', tone: 'warn' },
  disabled: { label: '停止中', tone: 'neutral' },
};

export const ROLE_OPTIONS = [
  { value: 'contractor_member', label: '担当者（保証の申込み・電子証書の確認）' },
  { value: 'contractor_admin', label: '管理者（担当者の権限に加えて、利用者の追加・停止）' },
];

export function UsersPage(props: { view: ViewContext; users: CompanyUser[]; selfId: string; values: FormValues; errors?: FormErrors; notice?: string }) {
  return (
    <Layout view={props.view} title="利用者管理" wide>
      <h1>利用者管理</h1>
      <p class="lead">貴社でe-Net保証を利用する方を追加・停止できます。追加した方には、パスワード設定のご案内をメールでお送りします。</p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <h2>利用者の一覧</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">氏名</th>
            <th scope="col">お客様ID</th>
            <th scope="col">メールアドレス</th>
            <th scope="col">権限</th>
            <th scope="col">状態</th>
            <th scope="col">登録日時</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => {
            const status = STATUS_NAMES[u.status];
            return (
              <tr>
                <td>
                  {u.displayName}
                  {u.id === props.selfId && '（あなた）'}
                </td>
                <td>{u.loginId}</td>
                <td>{u.email ?? '—'}</td>
                <td>{ROLE_NAMES[u.role]}</td>
                <td>
                  <span class={`status status--${status.tone}`}>{status.label}</span>
                </td>
                <td>{formatWarekiDateTime(u.createdAt)}</td>
                <td>
                  {u.id !== props.selfId && (
                    <div class="actions">
                      {u.status !== 'disabled' ? (
                        <form method="post" action={`/enet/users/${u.id}/disable`} class="inline-form">
                          <CsrfField token={props.view.csrfToken} />
                          <button type="submit" class="button button--secondary">
                            {u.displayName}さんの利用を停止する
                          </button>
                        </form>
                      ) : (
                        <form method="post" action={`/enet/users/${u.id}/enable`} class="inline-form">
                          <CsrfField token={props.view.csrfToken} />
                          <button type="submit" class="button button--secondary">
                            {u.displayName}さんの利用を再開する
                          </button>
                        </form>
                      )}
                      {u.status === 'pending' && (
                        <form method="post" action={`/enet/users/${u.id}/resend`} class="inline-form">
                          <CsrfField token={props.view.csrfToken} />
                          <button type="submit" class="button button--secondary">
                            案内メールを再送する
                          </button>
                        </form>
                      )}
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2 id="add">利用者を追加する</h2>
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/enet/users" class="form" novalidate>
        <CsrfField token={props.view.csrfToken} />
        <TextField name="displayName" label="氏名" values={props.values} errors={props.errors} required autocomplete="off" hint="例：日田 次郎" maxLength={100} />
        <TextField name="email" label="メールアドレス" type="email" values={props.values} errors={props.errors} required autocomplete="off" spellcheck={false} autocapitalize="none" hint="パスワード設定のご案内をお送りします。" maxLength={254} />
        <SelectField name="role" label="権限" values={{ role: 'contractor_member', ...props.values }} errors={props.errors} required options={ROLE_OPTIONS} />
        <button type="submit" class="button">追加して案内メールを送る</button>
      </form>
    </Layout>
  );
}
