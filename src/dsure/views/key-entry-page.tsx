// 電子証書の閲覧: the form with 「保証契約番号」 and 「認証キー」, normalised as people type
// (data-normalize, src/web/assets/app.js) and again on the server (domain parse functions).
import { CsrfField, ErrorSummary, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { Layout, type ViewContext } from '../../web/layout.tsx';

function TypedField(props: { name: string; label: string; hint: string; values: FormValues; errors?: FormErrors; placeholder?: string; maxLength: number }) {
  const error = props.errors?.[props.name];
  const describedBy = [`hint-${props.name}`, error ? `error-${props.name}` : ''].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={`field-${props.name}`} class="field__label">
        {props.label}
        <span class="field__required">必須</span>
      </label>
      <p class="field__hint" id={`hint-${props.name}`}>
        {props.hint}
      </p>
      {error && (
        <p class="field__error" id={`error-${props.name}`}>
          <span class="visually-hidden">エラー：</span>
          {error}
        </p>
      )}
      <input
        id={`field-${props.name}`}
        name={props.name}
        type="text"
        value={props.values[props.name] ?? ''}
        required
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        autocomplete="off"
        autocapitalize="characters"
        spellcheck={false}
        data-normalize=""
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

export const KEY_ENTRY_LABELS = { number: '保証契約番号', key: '認証キー' };

export function KeyEntryPage(props: { view: ViewContext; values: FormValues; errors?: FormErrors; refusal?: string }) {
  return (
    <Layout view={props.view} title="電子証書の閲覧">
      <h1>電子証書の閲覧</h1>
      <p class="lead">
        受注者から提出された『電子証書閲覧用「認証キー」等のお知らせ』に記載の保証契約番号と認証キーを入力してください。
      </p>
      {props.refusal && (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2>電子証書を表示できません</h2>
          <p>{props.refusal}</p>
        </div>
      )}
      <ErrorSummary errors={props.errors} labels={KEY_ENTRY_LABELS} />
      <form method="post" action="/dsure/view" class="form form--narrow" novalidate>
        <CsrfField token={props.view.csrfToken} />
        <TypedField
          name="number"
          label="保証契約番号"
          hint="例：WJ-2026-000123-47（全角・半角、ハイフンの有無は問いません）"
          placeholder="WJ-2026-000123-47"
          maxLength={60}
          values={props.values}
          errors={props.errors}
        />
        <TypedField
          name="key"
          label="認証キー"
          hint="4文字ずつ5組、計20文字の英数字です（例：K7QX-MP3C-…）。全角・半角、大文字・小文字、空白やハイフンの有無は問いません。"
          maxLength={80}
          values={props.values}
          errors={props.errors}
        />
        <button type="submit" class="button">電子証書を表示する</button>
      </form>
      <h2>ご注意</h2>
      <ul>
        <li>正しい保証契約番号と認証キーを入力すると、電子証書が貴団体の「電子証書一覧」に登録され、以後は一覧から閲覧できます。</li>
        <li>貴団体を発注者（被保証者）とする電子証書のみ閲覧できます。</li>
        <li>電子証書の印刷物や電子メールで送られた写しは、正式な提出にはなりません。必ずこの画面で内容をご確認ください。</li>
      </ul>
    </Layout>
  );
}
