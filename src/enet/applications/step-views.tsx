// 保証申込 手順1〜3: the forms (usable without JavaScript) and the confirmation screen.
import { randomUUID } from 'node:crypto';
import {
  formatRatio,
  GUARANTEE_TYPES,
  guaranteeTypeLabel,
  maximumAdvanceAmount,
  minimumContractGuaranteeAmount,
  formatYen,
  parseYen,
  policyCategoryLabel,
  roundingUnitText,
  type Eligibility,
  type GuaranteeType,
} from '../../domain/index.ts';
import { CsrfField, ErrorSummary, SelectField, TextAreaField, TextField, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { Layout, type ViewContext } from '../../web/layout.tsx';
import { warekiOrDash } from '../shared/format.ts';
import type { ApplicationContent } from './content.ts';
import type { OrdererChoice, SuretyChoice } from './queries.ts';
import { amountLabel } from './rules.ts';
import { ContentTable, EligibilityBox, ReturnNotice, StepIndicator, type ContentNames } from './view-parts.tsx';

export interface ReturnInfo {
  message: string | null;
  at: Date | null;
}

function SavedNotice(props: { saved?: string }) {
  if (!props.saved) return null;
  return (
    <p class="notice" role="status">
      下書きを保存しました（{props.saved}）。「申込一覧」からいつでも続きを入力できます。
    </p>
  );
}

// ---------------------------------------------------------------------------
// 手順1

export interface BasicsPageProps {
  view: ViewContext;
  applicationId: string | null; // null: a new application
  revision: number | null;
  query: string;
  orderers: OrdererChoice[]; // the ones matching the search (and the chosen one)
  noMatch: boolean;
  categories: { value: string; label: string }[];
  sureties: SuretyChoice[]; // more than one: the applicant chooses
  suretyName: string | null; // exactly one: chosen without asking
  values: FormValues;
  errors?: FormErrors;
  eligibility: Eligibility | null;
  ordererName: string | null;
  saved?: string;
  returned?: ReturnInfo | null;
}

export function BasicsPage(props: BasicsPageProps) {
  const action = props.applicationId ? `/enet/applications/${props.applicationId}/basics` : '/enet/applications/new';
  return (
    <Layout view={props.view} title="保証申込（発注者と保証の種類）">
      <h1>保証申込</h1>
      <StepIndicator step={1} />
      <SavedNotice saved={props.saved} />
      {props.returned && <ReturnNotice message={props.returned.message} at={props.returned.at} />}
      <p class="lead">発注者、契約の区分、当初契約日、保証の種類を入力すると、電子交付（電子証書）を選べるかどうかをお知らせします。</p>
      <ErrorSummary errors={props.errors} />

      <form method="get" action={action} class="form search-form" role="search">
        <label for="orderer-search" class="field__label">
          発注者を検索
        </label>
        <p class="field__hint" id="orderer-search-hint">
          発注者名または団体コードの一部を入力して「検索」を押すと、下の「発注者」の一覧が絞り込まれます。
        </p>
        <div class="actions">
          <input id="orderer-search" type="text" enterkeyhint="search" name="q" value={props.query} aria-describedby="orderer-search-hint" maxLength={50} />
          <button type="submit" class="button button--secondary">
            検索
          </button>
          {props.query && <a href={action}>検索を解除</a>}
        </div>
        {props.noMatch && (
          <p class="warning" role="status">
            「{props.query}」に一致する発注者はありません。すべての発注者を表示しています。
          </p>
        )}
      </form>

      <form method="post" action={action} class="form" novalidate>
        <CsrfField token={props.view.csrfToken} />
        {props.revision !== null && <input type="hidden" name="revision" value={String(props.revision)} />}
        {props.applicationId === null && <input type="hidden" name="draftKey" value={props.values.draftKey || randomUUID()} />}
        {props.sureties.length > 1 ? (
          <SelectField
            name="suretyId"
            label="申込先（保証会社）"
            values={props.values}
            errors={props.errors}
            required
            placeholder="選択してください"
            options={props.sureties.map((s) => ({ value: s.id, label: s.name }))}
          />
        ) : (
          props.suretyName && (
            <p>
              申込先（保証会社）：<strong>{props.suretyName}</strong>
            </p>
          )
        )}
        <SelectField
          name="ordererId"
          label="発注者"
          values={props.values}
          errors={props.errors}
          required
          placeholder="選択してください"
          hint={props.query && !props.noMatch ? `「${props.query}」で絞り込んだ${props.orderers.length}件を表示しています。` : undefined}
          options={props.orderers.map((o) => ({ value: o.id, label: o.name }))}
        />
        <SelectField name="category" label="契約の区分" values={props.values} errors={props.errors} required placeholder="選択してください" options={props.categories} />
        <TextField
          name="initialContractDate"
          label="当初契約日"
          type="date"
          values={props.values}
          errors={props.errors}
          required
          hint="発注者と最初に契約を締結した日（変更契約の日ではありません）。例：2025-04-01"
        />
        <SelectField
          name="guaranteeType"
          label="保証の種類"
          values={props.values}
          errors={props.errors}
          required
          placeholder="選択してください"
          options={GUARANTEE_TYPES.map((t) => ({ value: t, label: guaranteeTypeLabel(t) }))}
        />
        {props.eligibility && props.ordererName && <EligibilityBox eligibility={props.eligibility} ordererName={props.ordererName} />}
        <div class="actions">
          <button type="submit" name="intent" value="next" class="button">
            次へ（契約の内容）
          </button>
          <button type="submit" name="intent" value="check" class="button button--secondary">
            電子交付の可否を確認する
          </button>
          <button type="submit" name="intent" value="save" class="button button--secondary">
            下書き保存
          </button>
        </div>
      </form>
    </Layout>
  );
}

// ---------------------------------------------------------------------------
// 手順2

export interface ContractPageProps {
  view: ViewContext;
  applicationId: string;
  revision: number;
  content: ApplicationContent; // the saved basics (手順1)
  orderer: OrdererChoice;
  eligibility: Eligibility;
  notices: string[];
  values: FormValues;
  errors?: FormErrors;
  saved?: string;
  returned?: ReturnInfo | null;
}

function amountHint(orderer: OrdererChoice, content: ApplicationContent, values: FormValues): string | undefined {
  const policy = orderer.policy;
  const category = content.category ? policy.categories[content.category] : undefined;
  if (!category || !content.guaranteeType || !content.category) return undefined;
  const price = parseYen(values.contractPrice ?? '');
  const lowBid = values.lowBid === '1';
  const rounding = roundingUnitText(policy.advanceRoundingUnit);
  const unit = rounding ? `（${rounding}）` : '';
  switch (content.guaranteeType) {
    case 'advance_payment': {
      const ratio = (lowBid ? category.advance.lowBid?.ratio : undefined) ?? category.advance.ratio;
      const max = price ? `この請負代金額では${formatYen(maximumAdvanceAmount(policy, { category: content.category, contractPrice: price, lowBid }))}までです。` : '';
      return `前払金は請負代金額の${formatRatio(ratio)}以内${unit}です。${max}`;
    }
    case 'intermediate_advance_payment': {
      const ratio = (lowBid && category.advance.lowBid?.intermediateRatio !== undefined ? category.advance.lowBid.intermediateRatio : category.advance.intermediateRatio) ?? null;
      if (!ratio) return `${orderer.name}の${policyCategoryLabel(policy, content.category)}には中間前払金の制度がありません。`;
      const cap = (lowBid ? category.advance.lowBid?.totalCap : undefined) ?? category.advance.totalCap;
      return `中間前払金は請負代金額の${formatRatio(ratio)}以内${unit}で、前払金との合計は${formatRatio(cap)}以内です。`;
    }
    case 'contract_performance': {
      const { minimumRatio, lowBidMinimumRatio } = policy.contractGuarantee;
      const min = price ? `この請負代金額では${formatYen(minimumContractGuaranteeAmount(policy, { contractPrice: price, lowBid }))}以上です。` : '';
      return `契約保証金額は請負代金額の${formatRatio(minimumRatio)}以上（低入札の場合は${formatRatio(lowBidMinimumRatio)}以上）です。${min}`;
    }
    default:
      return undefined;
  }
}

function Checkbox(props: { name: string; label: string; checked: boolean; error?: string; hint?: string }) {
  return (
    <div class={props.error ? 'field field--error' : 'field'}>
      {props.error && (
        <p class="field__error" id={`error-${props.name}`}>
          <span class="visually-hidden">エラー：</span>
          {props.error}
        </p>
      )}
      <label class="checkbox">
        <input
          type="checkbox"
          id={`field-${props.name}`}
          name={props.name}
          value="1"
          checked={props.checked}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={props.error ? `error-${props.name}` : undefined}
        />{' '}
        {props.label}
      </label>
      {props.hint && <p class="field__hint">{props.hint}</p>}
    </div>
  );
}

function DeliveryField(props: { values: FormValues; errors?: FormErrors; eligibility: Eligibility }) {
  const error = props.errors?.delivery;
  const current = props.values.delivery ?? '';
  const allowed = props.eligibility.allowed;
  return (
    <fieldset class={error ? 'field field--error' : 'field'} id="field-delivery" aria-describedby={error ? 'error-delivery' : 'hint-delivery'}>
      <legend class="field__label">
        保証証書の受取方法<span class="field__required">必須</span>
      </legend>
      {error && (
        <p class="field__error" id="error-delivery">
          <span class="visually-hidden">エラー：</span>
          {error}
        </p>
      )}
      <div class="radio">
        <label>
          <input type="radio" name="delivery" value="electronic" checked={current === 'electronic' && allowed} disabled={!allowed} /> 電子交付を希望する
        </label>
      </div>
      {allowed ? (
        <p class="field__hint" id="hint-delivery">
          電子交付を選ぶと、保証契約の締結後に「電子証書・認証キー登録のお知らせ」メールをお送りします。電子証書と「認証キー等のお知らせ」はe-Net保証にログインして取得します。
        </p>
      ) : (
        <div class="field__hint" id="hint-delivery">
          <p>電子交付は選択できません。理由：</p>
          <ul>
            {!props.eligibility.allowed && props.eligibility.reasons.map((r) => <li>{r}</li>)}
          </ul>
        </div>
      )}
      <div class="radio">
        <label>
          <input type="radio" name="delivery" value="paper" checked={current === 'paper'} /> 書面で受け取る
        </label>
      </div>
    </fieldset>
  );
}

export function ContractPage(props: ContractPageProps) {
  const { content, orderer, values, errors } = props;
  const type = content.guaranteeType as GuaranteeType;
  const categoryName = content.category ? policyCategoryLabel(orderer.policy, content.category) : '';
  return (
    <Layout view={props.view} title="保証申込（契約の内容と受取方法）">
      <h1>保証申込</h1>
      <StepIndicator step={2} />
      <SavedNotice saved={props.saved} />
      {props.returned && <ReturnNotice message={props.returned.message} at={props.returned.at} />}
      <table class="kv">
        <caption>手順1で入力した内容</caption>
        <tbody>
          <tr>
            <th scope="row">発注者</th>
            <td>{orderer.name}</td>
          </tr>
          <tr>
            <th scope="row">契約の区分</th>
            <td>{categoryName}</td>
          </tr>
          <tr>
            <th scope="row">当初契約日</th>
            <td>{warekiOrDash(content.initialContractDate)}</td>
          </tr>
          <tr>
            <th scope="row">保証の種類</th>
            <td>{guaranteeTypeLabel(type)}</td>
          </tr>
        </tbody>
      </table>
      <p>
        <a href={`/enet/applications/${props.applicationId}/basics`}>手順1の内容を変更する</a>
      </p>
      <EligibilityBox eligibility={props.eligibility} ordererName={orderer.name} />
      <ErrorSummary errors={errors} />
      <form method="post" action={`/enet/applications/${props.applicationId}/contract`} class="form" novalidate>
        <CsrfField token={props.view.csrfToken} />
        <input type="hidden" name="revision" value={String(props.revision)} />
        <h2>契約の内容</h2>
        <TextField name="workName" label="工事名" values={values} errors={errors} required hint="契約書に記載の名称（業務委託の場合は業務名）。" maxLength={200} />
        <TextField name="workSite" label="工事場所" values={values} errors={errors} required hint="例：日田市三本松1丁目地内" maxLength={200} />
        <TextField name="contractPrice" label="請負代金額" values={values} errors={errors} required inputmode="numeric" hint="消費税を含む金額（円）。例：12,340,000" maxLength={30} />
        <TextField name="contractDate" label="契約日" type="date" values={values} errors={errors} required hint="この保証の対象となる契約の締結日（当初契約なら当初契約日）。" />
        <TextField name="workPeriodStart" label="工期（自）" type="date" values={values} errors={errors} required />
        <TextField name="workPeriodEnd" label="工期（至）" type="date" values={values} errors={errors} required />
        <Checkbox name="lowBid" label="低入札価格調査を経た契約（低入札）です" checked={values.lowBid === '1'} error={errors?.lowBid} hint="低入札の契約では、契約保証金額の下限などが異なる場合があります。" />
        <h2>保証の内容（{guaranteeTypeLabel(type)}）</h2>
        {type === 'intermediate_advance_payment' && (
          <TextField name="previousAdvanceAmount" label="既に受けた前払金の額" values={values} errors={errors} required inputmode="numeric" hint="受けていない場合は 0 と入力してください。" maxLength={30} />
        )}
        <TextField name="guaranteedAmount" label={`${amountLabel(type)}（保証金額）`} values={values} errors={errors} required inputmode="numeric" hint={amountHint(orderer, content, values)} maxLength={30} />
        <TextField name="guaranteePeriodStart" label="保証期間（自）" type="date" values={values} errors={errors} required hint="通常は契約日です。" />
        <TextField name="guaranteePeriodEnd" label="保証期間（至）＝保証期限" type="date" values={values} errors={errors} required hint="前払金保証・中間前払金保証・契約保証では、工期の末日以降の日にしてください。" />
        <h2>連絡事項等</h2>
        <TextAreaField name="contactNotes" label="連絡事項" values={values} errors={errors} hint="保証会社へのご連絡があれば入力してください（1000文字以内）。" maxLength={1000} rows={4} />
        <DeliveryField values={values} errors={errors} eligibility={props.eligibility} />
        {props.notices.length > 0 && (
          <section class="orderer-notices" aria-labelledby="orderer-notices-title">
            <h2 id="orderer-notices-title">{orderer.name}からのお知らせ</h2>
            <ul>
              {props.notices.map((n) => (
                <li>{n}</li>
              ))}
            </ul>
            <Checkbox name="clausesConfirmed" label={`${orderer.name}からのお知らせを確認しました`} checked={values.clausesConfirmed === '1'} error={errors?.clausesConfirmed} />
          </section>
        )}
        <div class="actions">
          <button type="submit" name="intent" value="next" class="button">
            次へ（入力内容の確認）
          </button>
          <button type="submit" name="intent" value="save" class="button button--secondary">
            下書き保存
          </button>
          <button type="submit" name="intent" value="back" class="button button--secondary">
            保存して手順1へ戻る
          </button>
        </div>
      </form>
    </Layout>
  );
}

// ---------------------------------------------------------------------------
// 手順3

export function ConfirmPage(props: {
  view: ViewContext;
  applicationId: string;
  revision: number;
  content: ApplicationContent;
  names: ContentNames;
  eligibility: Eligibility;
  notices: string[];
  resubmission: boolean;
  errors?: FormErrors;
  message?: string;
}) {
  const id = props.applicationId;
  return (
    <Layout view={props.view} title="保証申込（入力内容の確認）">
      <h1>保証申込 入力内容の確認</h1>
      <StepIndicator step={3} />
      <p class="lead">
        次の内容で{props.resubmission ? '再申込み' : '申込み'}します。よろしければ「{props.resubmission ? 'この内容で再申込みする' : 'この内容で申し込む'}」を押してください。
      </p>
      {props.message && (
        <div class="error-summary" role="alert">
          <p>{props.message}</p>
        </div>
      )}
      <ErrorSummary errors={props.errors} />
      <ContentTable content={props.content} names={props.names} />
      {props.content.delivery === 'electronic' && (
        <p class="notice">保証契約の締結後に「電子証書・認証キー登録のお知らせ」メールをお送りします。電子証書と「認証キー等のお知らせ」は、e-Net保証にログインして取得し、発注者へ提出してください。</p>
      )}
      {props.content.delivery === 'paper' && !props.eligibility.allowed && (
        <p class="warning">電子交付の対象外のため、保証証書は書面で発行します。（{props.eligibility.reasons.join('')}）</p>
      )}
      {props.notices.length > 0 && (
        <section aria-labelledby="confirm-notices">
          <h2 id="confirm-notices">{props.names.ordererName}からのお知らせ（確認済み）</h2>
          <ul>
            {props.notices.map((n) => (
              <li>{n}</li>
            ))}
          </ul>
        </section>
      )}
      <ul class="edit-links">
        <li>
          <a href={`/enet/applications/${id}/basics`}>発注者・保証の種類を修正する</a>
        </li>
        <li>
          <a href={`/enet/applications/${id}/contract`}>契約の内容・受取方法を修正する</a>
        </li>
      </ul>
      <form method="post" action={`/enet/applications/${id}/submit`} class="actions">
        <CsrfField token={props.view.csrfToken} />
        <input type="hidden" name="revision" value={String(props.revision)} />
        <button type="submit" class="button">
          {props.resubmission ? 'この内容で再申込みする' : 'この内容で申し込む'}
        </button>
        <a href="/enet/applications">下書きのまま申込一覧へ戻る</a>
      </form>
    </Layout>
  );
}
