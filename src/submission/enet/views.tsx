// 電子提出 (e-Net保証): the guarantee being submitted, where it goes, the form, and the progress
// of each submission as the contractor sees it (提出済 → 受付済 / 返戻 → 閲覧済).
import { formatWareki, formatYen, guaranteeTypeLabel, submissionProgressLabel, type SubmissionProgress } from '../../domain/index.ts';
import { versionLabel } from '../../documents/index.ts';
import { formatWarekiDateTime } from '../../enet/shared/format.ts';
import { CsrfField, ErrorSummary, TextAreaField, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { Layout, type ViewContext } from '../../web/layout.tsx';
import { submissionUrl, type SubmissionPageData } from './submission-page.ts';

const TONES: Record<SubmissionProgress, string> = { submitted: 'status', accepted: 'status status--ok', viewed: 'status status--ok', returned: 'status status--bad' };

export const SUBMISSION_FORM_LABELS = { note: '発注者への連絡事項', confirmed: '提出内容の確認' };

export function SubmissionPage(props: {
  view: ViewContext;
  data: SubmissionPageData;
  values: FormValues;
  errors?: FormErrors;
  notice?: string;
  refusal?: string;
}) {
  const { data } = props;
  const { content } = data;
  const number = content.guaranteeContractNumber;
  const latest = data.submissions[0];
  return (
    <Layout view={props.view} title={`電子提出 ${number}`} wide>
      <p>
        <a href={`/enet/certificates/${encodeURIComponent(number)}`}>← 電子証書の画面へ戻る</a>
      </p>
      <h1>発注者への電子提出</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.refusal && (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2>提出できませんでした</h2>
          <p>{props.refusal}</p>
        </div>
      )}
      <p class="lead">
        保証契約番号と認証キーを、印刷した「認証キー等のお知らせ」の代わりに、発注者（{data.receivingSection}）へ電子的に提出します。発注者が受け付けると、D-Sure
        の電子証書一覧に登録され、発注者は認証キーを入力せずに電子証書を閲覧できます。
      </p>
      <table class="kv">
        <tbody>
          <tr>
            <th scope="row">保証契約番号</th>
            <td>{number}</td>
          </tr>
          <tr>
            <th scope="row">保証の種類</th>
            <td>{guaranteeTypeLabel(content.guaranteeType)}</td>
          </tr>
          <tr>
            <th scope="row">工事名</th>
            <td>{content.work.name}</td>
          </tr>
          <tr>
            <th scope="row">保証金額</th>
            <td>{formatYen(content.guaranteedAmount)}</td>
          </tr>
          <tr>
            <th scope="row">保証期間</th>
            <td>
              {formatWareki(content.guaranteePeriodStart)} 〜 {formatWareki(content.guaranteePeriodEnd)}
            </td>
          </tr>
          <tr>
            <th scope="row">提出先</th>
            <td>{data.receivingSection}</td>
          </tr>
          <tr>
            <th scope="row">提出の状況</th>
            <td>{latest ? <span class={TONES[latest.progress]}>{submissionProgressLabel(latest.progress)}</span> : '未提出'}</td>
          </tr>
        </tbody>
      </table>

      {data.submissions.length > 0 && (
        <section aria-labelledby="history">
          <h2 id="history">提出の履歴</h2>
          <table>
            <caption class="visually-hidden">電子提出の履歴（新しい順）</caption>
            <thead>
              <tr>
                <th scope="col">提出日時</th>
                <th scope="col">提出先</th>
                <th scope="col">版</th>
                <th scope="col">状態</th>
                <th scope="col">発注者の対応</th>
              </tr>
            </thead>
            <tbody>
              {data.submissions.map((s) => (
                <tr>
                  <td class="nowrap">{formatWarekiDateTime(s.submittedAt)}</td>
                  <td>
                    {s.ordererName} {s.receivingSection}
                  </td>
                  <td class="nowrap">{versionLabel(s.version)}</td>
                  <td>
                    <span class={TONES[s.progress]}>{submissionProgressLabel(s.progress)}</span>
                  </td>
                  <td>
                    {s.status === 'submitted' && '受付を待っています。'}
                    {s.status === 'accepted' && s.decidedAt && `${formatWarekiDateTime(s.decidedAt)} 受付`}
                    {s.firstOpenedAt && `（${formatWarekiDateTime(s.firstOpenedAt)} 閲覧）`}
                    {s.status === 'returned' && (
                      <>
                        {s.decidedAt && `${formatWarekiDateTime(s.decidedAt)} 返戻`}
                        <br />
                        返戻の理由：{s.returnReason}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {data.maySubmit ? (
        <section aria-labelledby="submit">
          <h2 id="submit">{latest?.status === 'returned' ? '内容を確認して、もう一度提出する' : '電子提出する'}</h2>
          <ErrorSummary errors={props.errors} labels={SUBMISSION_FORM_LABELS} />
          <form method="post" action={submissionUrl(number)} class="form" novalidate>
            <CsrfField token={props.view.csrfToken} />
            <TextAreaField
              name="note"
              label={SUBMISSION_FORM_LABELS.note}
              hint="任意。500文字以内（例：前払金請求書は別途郵送します）。"
              values={props.values}
              errors={props.errors}
              maxLength={500}
              rows={3}
            />
            <div class={props.errors?.confirmed ? 'field field--error' : 'field'}>
              {props.errors?.confirmed && (
                <p class="field__error" id="error-confirmed">
                  <span class="visually-hidden">エラー：</span>
                  {props.errors.confirmed}
                </p>
              )}
              <label class="checkbox">
                <input
                  type="checkbox"
                  id="field-confirmed"
                  name="confirmed"
                  value="1"
                  checked={props.values.confirmed === '1'}
                  aria-invalid={props.errors?.confirmed ? 'true' : undefined}
                  aria-describedby={props.errors?.confirmed ? 'error-confirmed' : undefined}
                />{' '}
                上記の保証契約を、保証契約番号と認証キーとともに{data.receivingSection}へ提出します
              </label>
            </div>
            <button type="submit" class="button">
              電子提出する
            </button>
          </form>
        </section>
      ) : (
        !data.accepts &&
        data.submissions.length === 0 && (
          <p class="warning">
            この発注者は電子提出を受け付けていません。電子証書の画面から「認証キー」を表示し、『電子証書閲覧用「認証キー」等のお知らせ』（PDF）を印刷して、発注者の定める方法で提出してください。
          </p>
        )
      )}
    </Layout>
  );
}
