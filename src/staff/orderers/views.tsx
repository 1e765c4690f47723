// Screens: the list of orderers and their policies, and the policy form.
import {
  BUILT_IN_CATEGORY_LABELS,
  formatWareki,
  GUARANTEE_TYPES,
  guaranteeTypeLabel,
  policyCategoryLabel,
  SUBMISSION_CHANNELS,
  submissionChannelLabel,
  submissionChannelsText,
  type OrdererPolicy,
} from '../../domain/index.ts';
import { CsrfField, ErrorSummary, SelectField, TextAreaField, TextField, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { Layout, type ViewContext } from '../../web/layout.tsx';
import { formatDateTime, Notice } from '../common.tsx';
import { categoryName, NEW_CATEGORY } from './policy-form.ts';

const ELECTRONIC_TYPES = GUARANTEE_TYPES.filter((t) => t !== 'contract_reservation');

export function OrdererListPage(props: {
  view: ViewContext;
  orderers: { id: string; code: string; name: string; policy: OrdererPolicy | null; invalid: boolean; updatedAt: Date | null }[];
  admin: boolean;
  notice?: string;
}) {
  return (
    <Layout view={props.view} title="発注者の設定" wide>
      <h1>発注者の設定</h1>
      <Notice message={props.notice} />
      <p class="lead">発注者（自治体など）ごとの電子保証の設定です。審査の「電子交付の可否」と金額の点検はこの設定によります。</p>
      {props.admin && (
        <p class="actions">
          <a class="button" href="/staff/orderers/new">発注者を追加する</a>
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">発注者コード</th>
            <th scope="col">発注者</th>
            <th scope="col">電子交付</th>
            <th scope="col">対象（当初契約日）</th>
            <th scope="col">提出方法</th>
            <th scope="col">更新日時</th>
          </tr>
        </thead>
        <tbody>
          {props.orderers.map((o) => (
            <tr>
              <td>{o.code}</td>
              <td>
                <a href={`/staff/orderers/${o.id}`}>{o.name}</a>
              </td>
              <td>{o.policy ? (o.policy.electronicIssuance ? '受け付ける' : '受け付けない') : o.invalid ? '設定に誤りがあります' : '未設定'}</td>
              <td>
                {o.policy
                  ? Object.keys(o.policy.categories)
                      .map((code) => {
                        const from = o.policy!.categories[code]!.electronicFrom;
                        return `${policyCategoryLabel(o.policy!, code)}: ${from ? `${formatWareki(from)}以降` : '対象外'}`;
                      })
                      .join('／')
                  : '—'}
              </td>
              <td>{o.policy ? submissionChannelsText(o.policy) || '—' : '—'}</td>
              <td>{formatDateTime(o.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

function Checkboxes(props: { name: string; legend: string; options: { value: string; label: string }[]; values: FormValues; errors?: FormErrors; hint?: string }) {
  const error = props.errors?.[props.name];
  return (
    <fieldset id={`field-${props.name}`} class={error ? 'field field--error' : 'field'}>
      <legend class="field__label">{props.legend}</legend>
      {props.hint && <p class="field__hint">{props.hint}</p>}
      {error && (
        <p class="field__error">
          <span class="visually-hidden">エラー：</span>
          {error}
        </p>
      )}
      {props.options.map((o) => (
        <label>
          <input type="checkbox" name={`${props.name}.${o.value}`} value="on" checked={props.values[`${props.name}.${o.value}`] === 'on'} /> {o.label}　
        </label>
      ))}
    </fieldset>
  );
}

function CategoryFields(props: { code: string; values: FormValues; errors?: FormErrors; isNew?: boolean }) {
  const prefix = `categories.${props.code}`;
  const error = props.errors?.[prefix];
  const builtIn = !props.isNew && BUILT_IN_CATEGORY_LABELS[props.code];
  const title = props.isNew ? '区分を追加する（任意）' : `${categoryName(props.code, props.values)}（${props.code}）`;
  return (
    <fieldset id={`field-${prefix}`} class={error ? 'field field--error' : 'field'}>
      <legend class="field__label">{title}</legend>
      {error && (
        <p class="field__error">
          <span class="visually-hidden">エラー：</span>
          {error}
        </p>
      )}
      {props.isNew && <TextField name={`${prefix}.code`} label="区分のコード" hint="半角英小文字で始まる英数字（例: surveying）" maxLength={40} values={props.values} errors={props.errors} autocapitalize="none" spellcheck={false} />}
      {!builtIn && <TextField name={`${prefix}.label`} label="区分の名称" hint={props.isNew ? '例: 測量業務委託' : undefined} maxLength={100} values={props.values} errors={props.errors} />}
      <TextField name={`${prefix}.electronicFrom`} label="電子交付の対象となる当初契約日（この日以降）" type="date" hint="空欄: この区分は電子交付の対象外" values={props.values} errors={props.errors} />
      <TextField name={`${prefix}.contractClauses`} label="使用する約款" maxLength={500} values={props.values} errors={props.errors} />
      <TextField name={`${prefix}.advance.ratio`} label="前払金の割合" hint="例: 4/10" inputmode="text" maxLength={20} values={props.values} errors={props.errors} />
      <TextField name={`${prefix}.advance.intermediateRatio`} label="中間前払金の割合" hint="例: 2/10。空欄: 中間前払金の制度なし" maxLength={20} values={props.values} errors={props.errors} />
      <TextField name={`${prefix}.advance.totalCap`} label="前払金と中間前払金の合計の上限" hint="例: 6/10" maxLength={20} values={props.values} errors={props.errors} />
      <TextField name={`${prefix}.advance.minimumContractPrice`} label="前払金の対象となる請負代金額の下限（円）" inputmode="numeric" maxLength={20} values={props.values} errors={props.errors} />
      <TextField name={`${prefix}.advance.limitAmount`} label="前払金の支払限度額（円）" hint="空欄: 限度額なし" inputmode="numeric" maxLength={20} values={props.values} errors={props.errors} />
      {!props.isNew && (
        <label>
          <input type="checkbox" name={`${prefix}.remove`} value="on" checked={props.values[`${prefix}.remove`] === 'on'} /> この区分を削除する
        </label>
      )}
    </fieldset>
  );
}

export function PolicyFormPage(props: {
  view: ViewContext;
  mode: 'new' | 'edit';
  action: string;
  ordererCode?: string;
  categoryCodes: string[];
  values: FormValues;
  errors?: FormErrors;
  notice?: string;
  readOnly?: boolean;
}) {
  const { values, errors } = props;
  const title = props.mode === 'new' ? '発注者の追加' : `${values.ordererName || '発注者'}の電子保証の設定`;
  return (
    <Layout view={props.view} title={title}>
      <p>
        <a href="/staff/orderers">← 発注者の設定へ戻る</a>
      </p>
      <h1>{title}</h1>
      <Notice message={props.notice} />
      <ErrorSummary errors={errors} />
      {props.readOnly && <p class="warning">設定の変更は管理者が行います。</p>}
      <form method="post" action={props.action} class="form" novalidate>
        <CsrfField token={props.view.csrfToken} />
        <h2>基本情報</h2>
        {props.mode === 'new' ? (
          <TextField name="ordererCode" label="発注者コード" required hint="地方公共団体コードなど（半角英数字20文字以内）" maxLength={20} values={values} errors={errors} autocapitalize="none" spellcheck={false} />
        ) : (
          <p>
            発注者コード: <strong>{props.ordererCode}</strong>
          </p>
        )}
        <TextField name="ordererName" label="発注者名" required maxLength={100} values={values} errors={errors} />
        <SelectField name="electronicIssuance" label="電子保証（電子証書の交付）" required options={[{ value: 'true', label: '受け付ける' }, { value: 'false', label: '受け付けない（書面のみ）' }]} values={values} errors={errors} />
        <TextField name="contactSection" label="問い合わせ先（担当課）" required hint="例: 契約検査室" maxLength={100} values={values} errors={errors} />

        <h2>電子交付の対象</h2>
        <Checkboxes name="eligibleGuaranteeTypes" legend="電子交付の対象となる保証の種類" hint="契約保証予約は常に書面です。" options={ELECTRONIC_TYPES.map((t) => ({ value: t, label: guaranteeTypeLabel(t) }))} values={values} errors={errors} />
        <Checkboxes name="submissionChannels" legend="「認証キー等のお知らせ」の提出方法" options={SUBMISSION_CHANNELS.map((c) => ({ value: c, label: submissionChannelLabel(c) }))} values={values} errors={errors} />
        <fieldset id="field-receivingSections" class="field">
          <legend class="field__label">保証の種類ごとの提出先（空欄: 問い合わせ先と同じ）</legend>
          {ELECTRONIC_TYPES.map((t) => (
            <TextField name={`receivingSections.${t}`} label={guaranteeTypeLabel(t)} maxLength={100} values={values} errors={errors} />
          ))}
        </fieldset>

        <h2 id="field-categories">契約の区分</h2>
        {errors?.categories && <p class="field__error">{errors.categories}</p>}
        {props.categoryCodes.map((code) => (
          <CategoryFields code={code} values={values} errors={errors} />
        ))}
        <CategoryFields code={NEW_CATEGORY} values={values} errors={errors} isNew />

        <h2>金額の設定</h2>
        <TextField name="advanceRoundingUnit" label="前払金の額の端数切捨て単位（円）" required hint="例: 100000（10万円未満切捨て）" inputmode="numeric" maxLength={20} values={values} errors={errors} />
        <TextField name="contractGuarantee.minimumRatio" label="契約保証の保証金額の下限（請負代金額に対する割合）" required hint="例: 1/10" maxLength={20} values={values} errors={errors} />
        <TextField name="contractGuarantee.lowBidMinimumRatio" label="低入札の場合の契約保証の保証金額の下限" required hint="例: 3/10" maxLength={20} values={values} errors={errors} />

        <h2>備考</h2>
        <TextAreaField name="notes" label="備考（1行に1件）" rows={4} hint="使用する約款、提出時の注意など。受注者への案内に使います。" values={values} errors={errors} />
        {!props.readOnly && (
          <button type="submit" class="button">
            {props.mode === 'new' ? '発注者を追加する' : '設定を保存する'}
          </button>
        )}
      </form>
      <p class="field__hint">割合は「分子/分母」で入力します（例: 4/10 は10分の4）。</p>
    </Layout>
  );
}
