// Screens of 利用者登録 (public) and of setting the password from the activation link.
import { PASSWORD_RULE } from '../../auth/passwords.ts';
import { CsrfField, ErrorSummary, TextField, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { Layout, type ViewContext } from '../../web/layout.tsx';
import { formatWarekiDateTime } from '../shared/format.ts';
import { ACTIVATION_VALID_HOURS } from './activation-tokens.ts';

export function RegisterPage(props: { view: ViewContext; values: FormValues; errors?: FormErrors; message?: string }) {
  const { values, errors } = props;
  return (
    <Layout view={props.view} title="利用者登録">
      <h1>e-Net保証 利用者登録</h1>
      <p class="lead">e-Net保証（保証の申込み・電子証書の確認）を利用するには、会社ごとの利用者登録が必要です。</p>
      <p>
        ご登録の内容は保証会社が確認し、承認後に「パスワード設定のご案内」をメールでお送りします。確認には数日かかる場合があります。
        すでに登録がお済みの場合は、新たな手続きは不要です（<a href="/enet/login">ログイン</a>）。
      </p>
      {props.message && (
        <div class="error-summary" role="alert">
          <p>{props.message}</p>
        </div>
      )}
      <ErrorSummary errors={errors} />
      <form method="post" action="/enet/register" class="form" novalidate>
        <CsrfField token={props.view.csrfToken} />
        <h2>会社の情報</h2>
        <TextField name="name" label="商号" values={values} errors={errors} required autocomplete="organization" hint="例：株式会社日田建設" maxLength={100} />
        <TextField
          name="corporateNumber"
          label="法人番号"
          values={values}
          errors={errors}
          required
          inputmode="numeric"
          hint="13桁の数字（国税庁が指定する番号）。全角・ハイフン入りでも入力できます。"
          maxLength={30}
        />
        <TextField name="address" label="所在地" values={values} errors={errors} required autocomplete="street-address" hint="例：大分県日田市三本松1丁目1番1号" maxLength={200} />
        <TextField name="representative" label="代表者" values={values} errors={errors} required hint="役職と氏名。例：代表取締役 日田 太郎" maxLength={100} />
        <h2>ご担当者（管理者）</h2>
        <p>ご担当者が貴社の管理者となり、ほかの利用者の追加・停止を行えます。</p>
        <TextField name="contactName" label="担当者" values={values} errors={errors} required autocomplete="name" hint="氏名。例：日田 花子" maxLength={100} />
        <TextField name="email" label="メールアドレス" type="email" values={values} errors={errors} required autocomplete="email" spellcheck={false} autocapitalize="none" hint="パスワード設定のご案内をお送りします。" maxLength={254} />
        <TextField name="phone" label="電話番号" type="tel" values={values} errors={errors} required autocomplete="tel" inputmode="tel" hint="例：0973-22-1234" maxLength={30} />
        <div class="actions">
          <button type="submit" class="button">登録を申請する</button>
        </div>
      </form>
    </Layout>
  );
}

export function RegisteredPage(props: { view: ViewContext; email: string }) {
  return (
    <Layout view={props.view} title="利用者登録の申請を受け付けました">
      <h1>利用者登録の申請を受け付けました</h1>
      <p class="notice" role="status">
        ご登録いただいたメールアドレス（{props.email}）に、受付のお知らせをお送りしました。
      </p>
      <p>保証会社が登録内容を確認したのち、「パスワード設定のご案内」をメールでお送りします。メールに記載のURLからパスワードを設定すると、ログインできるようになります。</p>
      <p>
        <a href="/enet/faq">よくある質問</a>
      </p>
    </Layout>
  );
}

export function ActivatePage(props: {
  view: ViewContext;
  token: string;
  link: { loginId: string; displayName: string; organisationName: string; expiresAt: Date };
  errors?: FormErrors;
}) {
  const { link } = props;
  return (
    <Layout view={props.view} title="パスワードの設定">
      <h1>パスワードの設定</h1>
      <p class="lead">
        {link.organisationName}　{link.displayName} 様
      </p>
      <table class="kv">
        <tbody>
          <tr>
            <th scope="row">お客様ID（ログインID）</th>
            <td>
              <strong>{link.loginId}</strong>
            </td>
          </tr>
          <tr>
            <th scope="row">このURLの有効期限</th>
            <td>{formatWarekiDateTime(link.expiresAt)}</td>
          </tr>
        </tbody>
      </table>
      <ErrorSummary errors={props.errors} />
      <form method="post" action={`/enet/activate/${props.token}`} class="form form--narrow" novalidate>
        <CsrfField token={props.view.csrfToken} />
        <input type="text" name="username" value={link.loginId} autocomplete="username" readonly hidden />
        <TextField name="password" label="新しいパスワード" type="password" values={{}} errors={props.errors} required autocomplete="new-password" hint={PASSWORD_RULE} maxLength={128} />
        <TextField name="passwordConfirmation" label="新しいパスワード（確認のためもう一度）" type="password" values={{}} errors={props.errors} required autocomplete="new-password" maxLength={128} />
        <button type="submit" class="button">パスワードを設定する</button>
      </form>
    </Layout>
  );
}

export function ActivationUnusablePage(props: { view: ViewContext; state: 'used' | 'expired' | 'unknown'; expiresAt?: Date }) {
  const message =
    props.state === 'used'
      ? 'このURLは既に使用されています。パスワードを設定済みの場合は、ログイン画面からログインしてください。'
      : props.state === 'expired'
        ? `このURLは有効期限（${props.expiresAt ? formatWarekiDateTime(props.expiresAt) : `発行から${ACTIVATION_VALID_HOURS}時間`}）が過ぎたため使用できません。貴社の管理者または保証会社に、パスワード設定用URLの再発行をご依頼ください。`
        : 'このURLは無効です。メールに記載のURLを、途中で切れていないかご確認ください。新しいURLが届いている場合は、新しいほうをご利用ください。';
  return (
    <Layout view={props.view} title="このURLは使用できません">
      <h1>このURLは使用できません</h1>
      <p class="lead">{message}</p>
      <p>
        <a href="/enet/login">ログイン画面へ</a>
      </p>
    </Layout>
  );
}

export function ActivatedPage(props: { view: ViewContext; loginId: string }) {
  return (
    <Layout view={props.view} title="パスワードを設定しました">
      <h1>パスワードを設定しました</h1>
      <p class="notice" role="status">
        パスワードを設定しました。お客様ID「{props.loginId}」と設定したパスワードでログインしてください。
      </p>
      <p>
        <a class="button" href="/enet/login">
          ログイン画面へ
        </a>
      </p>
    </Layout>
  );
}
