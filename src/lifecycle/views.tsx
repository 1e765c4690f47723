// The contractor's screens of a change request: the form (変更 or 解約) from the certificate
// screen, and the confirmation with what will change (old → new) and the fee effect.
import { APPLICATION_STATUS_LABELS, type ApplicationStatus } from '../domain/application-status.ts';
import { changeKindLabel, formatWareki, formatYen, guaranteeTypeLabel, type CertificateChangeKind, type CertificateChangeRequest, type CertificateContent, type ChangeFeeEffect } from '../domain/index.ts';
import { CsrfField, ErrorSummary, TextAreaField, TextField, type FormErrors, type FormValues } from '../web/forms.tsx';
import { Layout, type ViewContext } from '../web/layout.tsx';
import { FeeEffect } from './fee-effect.tsx';
import type { ChangeType } from './forms.ts';
import { FIELD_LABELS } from './forms.ts';
import { VersionChangesTable } from './version-changes.tsx';

const certificateUrl = (number: string) => `/enet/certificates/${encodeURIComponent(number)}`;
export const changeUrl = (number: string) => `${certificateUrl(number)}/change`;

export interface ChangeScreenTarget {
  number: string;
  current: CertificateContent;
  statusLabel: string; // 有効 / 期間満了 / 解約 (the domain's certificate status)
}

function CurrentTable(props: { target: ChangeScreenTarget }) {
  const c = props.target.current;
  return (
    <table class="kv">
      <caption class="visually-hidden">現在の保証契約の内容</caption>
      <tbody>
        <tr>
          <th scope="row">保証契約番号</th>
          <td>
            <a href={certificateUrl(props.target.number)}>{props.target.number}</a>（第{c.version}版・{props.target.statusLabel}）
          </td>
        </tr>
        <tr>
          <th scope="row">保証の種類</th>
          <td>{guaranteeTypeLabel(c.guaranteeType)}</td>
        </tr>
        <tr>
          <th scope="row">発注者</th>
          <td>{c.orderer.name}</td>
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
          <th scope="row">工期</th>
          <td>
            {formatWareki(c.work.periodStart)} から {formatWareki(c.work.periodEnd)} まで
          </td>
        </tr>
        <tr>
          <th scope="row">保証金額</th>
          <td>{formatYen(c.guaranteedAmount)}</td>
        </tr>
        <tr>
          <th scope="row">保証期間</th>
          <td>
            {formatWareki(c.guaranteePeriodStart)} から {formatWareki(c.guaranteePeriodEnd)} まで
          </td>
        </tr>
      </tbody>
    </table>
  );
}

export interface PendingChange {
  applicationId: string;
  status: ApplicationStatus;
}

export function ChangeFormPage(props: {
  view: ViewContext;
  target: ChangeScreenTarget;
  type: ChangeType;
  values: FormValues;
  errors?: FormErrors;
  /** Why no request can be made now (解約済み, 期間満了), or null. */
  refusal?: string | null;
  pending?: PendingChange | null;
}) {
  const { target, type, values, errors } = props;
  const base = changeUrl(target.number);
  const blocked = Boolean(props.refusal) || Boolean(props.pending);
  return (
    <Layout view={props.view} title="保証契約の変更・解約の申込み">
      <p>
        <a href={certificateUrl(target.number)}>← 電子証書の画面へ戻る</a>
      </p>
      <h1>保証契約の変更・解約の申込み</h1>
      <p class="lead">請負契約の変更（変更契約）に合わせて保証金額・保証期限を変更するとき、または保証契約を解約するときに申し込みます。保証会社が審査し、変更を締結すると新しい版の電子証書を発行します（今の版はそのまま残ります）。</p>
      <CurrentTable target={target} />
      {props.refusal && (
        <div class="warning" role="alert">
          <p>{props.refusal}</p>
        </div>
      )}
      {props.pending && (
        <div class="warning" role="alert">
          <p>
            この保証契約には、処理中の変更・解約の申込があります（状況：{APPLICATION_STATUS_LABELS[props.pending.status]}）。新しい申込みは、その申込が締結・謝絶・取下げになってからできます。
          </p>
          <p>
            <a href={`/enet/applications/${props.pending.applicationId}`}>処理中の申込の内容と状況を見る</a>
          </p>
        </div>
      )}
      {!blocked && (
        <>
          <nav aria-label="申込みの種類">
            <p class="actions">
              {type === 'amendment' ? <strong aria-current="page">保証金額・保証期限の変更</strong> : <a href={base}>保証金額・保証期限の変更</a>}
              <span aria-hidden="true">｜</span>
              {type === 'cancellation' ? <strong aria-current="page">解約</strong> : <a href={`${base}?type=cancellation`}>解約</a>}
            </p>
          </nav>
          <ErrorSummary errors={errors} />
          <form method="post" action={base} class="form" novalidate>
            <CsrfField token={props.view.csrfToken} />
            <input type="hidden" name="type" value={type} />
            {type === 'amendment' ? (
              <>
                <h2>変更後の契約の内容</h2>
                <p class="field__hint">変更契約書の内容を入力してください。変わらない項目は、今の内容のままにしてください。保証金額・保証期限の変わり方から、増額・減額・保証期限の変更のどれにあたるかを確認画面でお知らせします。</p>
                <TextField name="contractPrice" label={FIELD_LABELS.contractPrice!} values={values} errors={errors} required inputmode="numeric" maxLength={30} hint="消費税を含む金額（円）。例：32,000,000" />
                <TextField name="contractDate" label={FIELD_LABELS.contractDate!} type="date" values={values} errors={errors} required hint="変更契約を締結した日。この日から変更が効力を持ちます。" />
                <TextField name="workPeriodEnd" label={FIELD_LABELS.workPeriodEnd!} type="date" values={values} errors={errors} required />
                <TextField name="guaranteedAmount" label={FIELD_LABELS.guaranteedAmount!} values={values} errors={errors} required inputmode="numeric" maxLength={30} hint="増額・減額しない場合は今の保証金額のままにしてください。" />
                <TextField name="guaranteePeriodEnd" label={FIELD_LABELS.guaranteePeriodEnd!} type="date" values={values} errors={errors} required hint="工期の末日以降の日にしてください。" />
                <TextAreaField name="reason" label="変更の理由" values={values} errors={errors} required rows={3} maxLength={1000} hint="例：設計変更により請負代金額が増額となったため" />
              </>
            ) : (
              <>
                <h2>解約の内容</h2>
                <p class="field__hint">請負契約の解除などで保証が不要になったときに申し込みます。解約すると、保証料の一部が返還される場合があります（保証料返還計算書でお知らせします）。</p>
                <TextField name="cancellationDate" label={FIELD_LABELS.cancellationDate!} type="date" values={values} errors={errors} required hint="この日から保証がなくなります。" />
                <TextAreaField name="reason" label="解約の理由" values={values} errors={errors} required rows={3} maxLength={1000} hint="例：発注者との協議により請負契約を解除したため" />
              </>
            )}
            <div class="actions">
              <button type="submit" class="button" name="intent" value="confirm">
                入力内容を確認する
              </button>
              <a href={certificateUrl(target.number)}>申し込まずに戻る</a>
            </div>
          </form>
        </>
      )}
    </Layout>
  );
}

export function ChangeConfirmPage(props: {
  view: ViewContext;
  target: ChangeScreenTarget;
  request: CertificateChangeRequest;
  kind: CertificateChangeKind;
  amended: CertificateContent;
  fee: ChangeFeeEffect | null;
  feeProblem: string | null;
  values: FormValues;
  message?: string;
}) {
  const { target, request, kind } = props;
  const base = changeUrl(target.number);
  const hidden = Object.entries(props.values).filter(([name]) => name !== 'intent');
  const cancellation = request.type === 'cancellation';
  return (
    <Layout view={props.view} title="保証契約の変更・解約の申込み（入力内容の確認）">
      <h1>{cancellation ? '解約' : '変更'}の申込み 入力内容の確認</h1>
      <p class="lead">次の内容で申し込みます。よろしければ「この内容で申し込む」を押してください。</p>
      {props.message && (
        <div class="error-summary" role="alert">
          <p>{props.message}</p>
        </div>
      )}
      <table class="kv">
        <caption class="visually-hidden">申込みの内容</caption>
        <tbody>
          <tr>
            <th scope="row">保証契約番号</th>
            <td>{target.number}（第{target.current.version}版に対する申込み）</td>
          </tr>
          <tr>
            <th scope="row">申込みの内容</th>
            <td>
              <strong>{changeKindLabel(kind)}</strong>
            </td>
          </tr>
          <tr>
            <th scope="row">{cancellation ? '解約日' : '変更契約日'}</th>
            <td>{formatWareki(cancellation ? request.cancellationDate : request.contractDate)}</td>
          </tr>
          <tr>
            <th scope="row">理由</th>
            <td>{request.reason}</td>
          </tr>
        </tbody>
      </table>
      <VersionChangesTable from={target.current} to={props.amended} />
      <h2>保証料</h2>
      <FeeEffect fee={props.fee} problem={props.feeProblem} estimate />
      <form method="post" action={`${base}/submit`} class="actions">
        <CsrfField token={props.view.csrfToken} />
        {hidden.map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button type="submit" class="button">
          この内容で申し込む
        </button>
      </form>
      <form method="post" action={base} class="actions">
        <CsrfField token={props.view.csrfToken} />
        {hidden.map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button type="submit" class="button button--secondary" name="intent" value="edit">
          入力画面に戻って修正する
        </button>
      </form>
    </Layout>
  );
}
