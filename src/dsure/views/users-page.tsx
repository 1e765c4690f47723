// 利用者管理: an orderer admin's list of its users, the form to add one, and 利用停止/再開.
import { ROLE_LABELS } from '../../auth/policies.ts';
import { PASSWORD_RULE } from '../../auth/passwords.ts';
import { CsrfField, ErrorSummary, SelectField, TextField, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { Layout, type ViewContext } from '../../web/layout.tsx';
import { ORDERER_ROLES, type OrdererUser } from '../users/orderer-users.ts';
import { formatWarekiDateTime } from './format.ts';

const STATUS_LABELS = { active: '利用中', disabled: '利用停止', pending: '未開始' } as const;

export function UsersPage(props: {
  view: ViewContext;
  users: OrdererUser[];
  selfId: string;
  values: FormValues;
  errors?: FormErrors;
  notice?: string;
  message?: string;
}) {
  return (
    <Layout view={props.view} title="利用者管理" wide>
      <h1>利用者管理</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.message && (
        <div class="error-summary" role="alert">
          <p>{props.message}</p>
        </div>
      )}
      <table>
        <caption class="visually-hidden">利用者の一覧</caption>
        <thead>
          <tr>
            <th scope="col">氏名</th>
            <th scope="col">ログインID</th>
            <th scope="col">メールアドレス</th>
            <th scope="col">権限</th>
            <th scope="col">状態</th>
            <th scope="col">登録日時</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((user) => (
            <tr>
              <td>{user.displayName}</td>
              <td>{user.loginId}</td>
              <td>{user.email ?? '—'}</td>
              <td>{ROLE_LABELS[user.role]}</td>
              <td>{STATUS_LABELS[user.status]}</td>
              <td>{formatWarekiDateTime(user.createdAt)}</td>
              <td>
                {user.id === props.selfId ? (
                  '（ご本人）'
                ) : user.status === 'disabled' ? (
                  <form method="post" action={`/dsure/users/${user.id}/enable`} class="inline-form">
                    <CsrfField token={props.view.csrfToken} />
                    <button type="submit" class="button button--secondary">
                      利用を再開する
                    </button>
                  </form>
                ) : (
                  <form method="post" action={`/dsure/users/${user.id}/disable`} class="inline-form">
                    <CsrfField token={props.view.csrfToken} />
                    <button type="submit" class="button button--danger">
                      利用を停止する
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>利用者を追加する</h2>
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/dsure/users" class="form" novalidate>
        <CsrfField token={props.view.csrfToken} />
        <TextField name="displayName" label="氏名" values={props.values} errors={props.errors} required maxLength={100} autocomplete="off" />
        <TextField
          name="loginId"
          label="ログインID"
          hint="半角英数字と . _ - @ で3〜64文字（全角で入力しても半角に直します）"
          values={props.values}
          errors={props.errors}
          required
          maxLength={64}
          autocomplete="off"
          autocapitalize="none"
          spellcheck={false}
        />
        <TextField name="email" label="メールアドレス" type="email" values={props.values} errors={props.errors} maxLength={254} autocomplete="off" />
        <SelectField
          name="role"
          label="権限"
          values={props.values}
          errors={props.errors}
          required
          options={ORDERER_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
        />
        <TextField
          name="password"
          label="初期パスワード"
          type="password"
          hint={`${PASSWORD_RULE}ご本人に安全な方法でお伝えください。`}
          values={{}}
          errors={props.errors}
          required
          autocomplete="new-password"
        />
        <button type="submit" class="button">
          追加する
        </button>
      </form>
    </Layout>
  );
}
