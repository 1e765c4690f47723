// Screens of the work queue and of one application's examination.
import { APPLICATION_STATUS_LABELS, type ApplicationStatus } from '../../domain/application-status.ts';
import { categoryLabel, GUARANTEE_TYPES, guaranteeTypeLabel, policyCategoryLabel, type FeeBreakdown } from '../../domain/index.ts';
import type { Examination } from '../../issuance/examination.ts';
import type { StoredPolicy } from '../../issuance/orderer-policy.ts';
import { CsrfField, ErrorSummary, SelectField, TextAreaField, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { Layout, type ViewContext } from '../../web/layout.tsx';
import { Alert, deliveryLabel, eventLabel, formatDateTime, MultiLine, Notice, StatusBadge, typeLabel, wareki, yen } from '../common.tsx';
import type { ApplicationDetail, QueueItem } from './queries.ts';

export function QueuePage(props: {
  view: ViewContext;
  items: QueueItem[];
  orderers: { id: string; name: string }[];
  values: FormValues;
  errors?: FormErrors;
  limit: number;
}) {
  const { items } = props;
  return (
    <Layout view={props.view} title="審査一覧" wide>
      <h1>審査一覧</h1>
      <p class="lead">申込済・審査中の保証申込です（申込日時の古い順）。</p>
      <ErrorSummary errors={props.errors} />
      <form method="get" action="/staff/applications" role="search" aria-label="絞り込み">
        <SelectField
          name="status"
          label="状態"
          values={props.values}
          errors={props.errors}
          placeholder="申込済・審査中のすべて"
          options={(['submitted', 'under_review'] as ApplicationStatus[]).map((s) => ({ value: s, label: APPLICATION_STATUS_LABELS[s] }))}
        />
        <SelectField name="orderer" label="発注者" values={props.values} errors={props.errors} placeholder="すべての発注者" options={props.orderers.map((o) => ({ value: o.id, label: o.name }))} />
        <SelectField name="type" label="保証の種類" values={props.values} errors={props.errors} placeholder="すべての種類" options={GUARANTEE_TYPES.map((t) => ({ value: t, label: guaranteeTypeLabel(t) }))} />
        <button type="submit" class="button button--secondary">絞り込む</button>
      </form>
      <p role="status">{items.length === 0 ? '該当する申込はありません。' : `${items.length}件${items.length >= props.limit ? `（先頭の${props.limit}件を表示しています）` : ''}`}</p>
      {items.length > 0 && (
        <table>
          <caption class="visually-hidden">審査待ちの保証申込</caption>
          <thead>
            <tr>
              <th scope="col">申込日時</th>
              <th scope="col">状態</th>
              <th scope="col">工事名</th>
              <th scope="col">受注者</th>
              <th scope="col">発注者</th>
              <th scope="col">保証の種類</th>
              <th scope="col" class="number">保証金額</th>
              <th scope="col">受取方法</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr>
                <td>{formatDateTime(item.submittedAt)}</td>
                <td>
                  <StatusBadge status={item.status} />
                  {item.proposed && <span class="status status--ok">起案済</span>}
                  {item.kind === 'change' && <span class="status status--warn">変更・解約</span>}
                </td>
                <td>
                  <a href={`/staff/applications/${item.id}`}>{item.workName ?? '（工事名未入力）'}</a>
                </td>
                <td>{item.contractorName}</td>
                <td>{item.ordererName ?? '—'}</td>
                <td>{typeLabel(item.guaranteeType)}</td>
                <td class="number">{yen(item.guaranteedAmount)}</td>
                <td>{deliveryLabel(item.delivery)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export interface ActionForms {
  return?: { values: FormValues; errors?: FormErrors };
  decline?: { values: FormValues; errors?: FormErrors };
  propose?: { values: FormValues; errors?: FormErrors };
}

export function FeeTable(props: { fee: FeeBreakdown; example?: boolean }) {
  const { fee } = props;
  return (
    <>
      <table>
        <caption class="visually-hidden">保証料の内訳</caption>
        <thead>
          <tr>
            <th scope="col">項目</th>
            <th scope="col">計算</th>
            <th scope="col" class="number">金額</th>
          </tr>
        </thead>
        <tbody>
          {fee.lines.map((line) => (
            <tr>
              <td>{line.label}</td>
              <td>{line.note ?? ''}</td>
              <td class="number">{yen(line.amount)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              保証料 合計{fee.taxable ? '（税込）' : '（非課税）'}
            </th>
            <td class="number">
              <strong>{yen(fee.total)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
      <p class="field__hint">料率表: {fee.tariffName}</p>
      {props.example && <p class="warning">例示用の料率表で計算しています。実際の料率表に置き換えてください。</p>}
    </>
  );
}

export function ApplicationPage(props: {
  view: ViewContext;
  detail: ApplicationDetail;
  examination: Examination;
  policy: StoredPolicy;
  fourEyes: boolean;
  actorUserId: string;
  canApprove: boolean;
  exampleTariff: boolean;
  forms?: ActionForms;
  notice?: string;
  alert?: { message: string; items?: string[] };
}) {
  const { detail, examination: ex, policy } = props;
  const a = detail.application;
  const inQueue = a.status === 'submitted' || a.status === 'under_review';
  const category = a.category ? (policy.status === 'ok' ? policyCategoryLabel(policy.policy, a.category) : categoryLabel(a.category)) : '—';
  const proposal = detail.proposal;
  const ownProposal = proposal?.proposedBy === props.actorUserId;
  const canConclude = inQueue && (!props.fourEyes || (props.canApprove && proposal !== null && !ownProposal));
  const forms = props.forms ?? {};
  return (
    <Layout view={props.view} title="保証申込の審査" wide>
      <p>
        <a href="/staff/applications">← 審査一覧へ戻る</a>
      </p>
      <h1>
        保証申込の審査　<StatusBadge status={a.status} />
      </h1>
      <Notice message={props.notice} />
      <Alert message={props.alert?.message} items={props.alert?.items} />
      {detail.guarantee && (
        <p class="notice">
          保証契約を締結しました。保証契約番号 <a href={`/staff/guarantees/${detail.guarantee.id}`}>{detail.guarantee.number}</a>
        </p>
      )}

      <h2>申込内容</h2>
      <table class="kv">
        <tbody>
          <tr><th scope="row">申込の種類</th><td>{a.kind === 'change' ? '変更・解約' : '新規'}</td></tr>
          <tr><th scope="row">受注者（保証契約者）</th><td>{detail.contractor.name}{detail.contractor.corporateNumber ? `（法人番号 ${detail.contractor.corporateNumber}）` : ''}</td></tr>
          <tr><th scope="row">所在地・代表者</th><td>{[detail.contractor.address, detail.contractor.representative].filter(Boolean).join('　') || '—'}</td></tr>
          <tr><th scope="row">申込者</th><td>{detail.applicant ? `${detail.applicant.displayName}${detail.applicant.email ? `（${detail.applicant.email}）` : ''}` : '—'}</td></tr>
          <tr><th scope="row">発注者（被保証者）</th><td>{detail.orderer?.name ?? '—'}</td></tr>
          <tr><th scope="row">保証の種類</th><td>{typeLabel(a.guarantee_type)}</td></tr>
          <tr><th scope="row">契約の区分</th><td>{category}</td></tr>
          <tr><th scope="row">工事名</th><td>{a.work_name ?? '—'}</td></tr>
          <tr><th scope="row">工事場所</th><td>{a.work_site ?? '—'}</td></tr>
          <tr><th scope="row">請負代金額</th><td>{yen(a.contract_price)}</td></tr>
          <tr><th scope="row">契約日／当初契約日</th><td>{wareki(a.contract_date)}／{wareki(a.initial_contract_date)}</td></tr>
          <tr><th scope="row">工期</th><td>{wareki(a.period_start)} から {wareki(a.period_end)} まで</td></tr>
          <tr><th scope="row">保証金額</th><td><strong>{yen(a.guaranteed_amount)}</strong></td></tr>
          {a.guarantee_type === 'intermediate_advance_payment' && <tr><th scope="row">既に受けた前払金の額</th><td>{yen(a.previous_advance_amount)}</td></tr>}
          <tr><th scope="row">保証期間</th><td>{wareki(a.guarantee_period_start)} から {wareki(a.guarantee_period_end)} まで</td></tr>
          <tr><th scope="row">低入札</th><td>{a.low_bid ? '該当する' : '該当しない'}</td></tr>
          <tr><th scope="row">保証証書の受取方法</th><td>{deliveryLabel(a.delivery)}</td></tr>
          <tr><th scope="row">連絡事項</th><td><MultiLine text={a.contact_notes} /></td></tr>
          <tr><th scope="row">申込日時</th><td>{formatDateTime(a.submitted_at)}</td></tr>
        </tbody>
      </table>

      <h2>電子交付の可否</h2>
      {ex.eligibility === null ? (
        <p class="warning">申込内容または発注者の設定が揃っていないため判定できません。</p>
      ) : ex.eligibility.allowed ? (
        <p class="notice">電子交付の対象です（{detail.orderer?.name}の電子保証の設定による）。</p>
      ) : (
        <div class="warning">
          <p>電子交付の対象外です。{a.delivery === 'paper' ? '（受取方法は書面のため、書面で発行します。）' : ''}</p>
          <ul>{ex.eligibility.reasons.map((r) => <li>{r}</li>)}</ul>
        </div>
      )}

      <h2>保証金額・保証期間の点検</h2>
      {ex.complete === null ? (
        <p class="warning">未入力の項目があるため点検できません（{ex.missing.join('、')}）。</p>
      ) : ex.eligibility === null ? (
        <p class="warning">発注者の設定がないため点検できません。</p>
      ) : ex.amountProblems.length === 0 ? (
        <p class="notice">発注者の定めに合っています。</p>
      ) : (
        <ul class="warning">{ex.amountProblems.map((p) => <li>{p.message}</li>)}</ul>
      )}

      <h2>保証料</h2>
      {ex.fee ? <FeeTable fee={ex.fee} example={props.exampleTariff} /> : <p class="warning">保証料を計算できません。</p>}

      {inQueue && (
        <section aria-labelledby="actions-title">
          <h2 id="actions-title">審査の操作</h2>
          {ex.blockers.length > 0 && (
            <div class="warning" role="note">
              <p>
                <strong>このままでは保証契約を締結できません。</strong>
              </p>
              <ul>{ex.blockers.map((b) => <li>{b}</li>)}</ul>
            </div>
          )}
          <ConclusionActions
            application={a}
            csrfToken={props.view.csrfToken}
            forms={forms}
            fourEyes={props.fourEyes}
            proposal={proposal}
            ownProposal={ownProposal}
            canConclude={canConclude}
            blocked={ex.blockers.length > 0}
            heading="保証契約締結"
            concludeAction="conclude"
            concludeLabel={`保証契約を締結する${a.delivery === 'electronic' ? '（電子証書・認証キーを発行）' : '（書面で発行）'}`}
          />

          <ReturnAndDeclineForms applicationId={a.id} csrfToken={props.view.csrfToken} forms={forms} />
        </section>
      )}

      <ApplicationHistory events={detail.events} />
    </Layout>
  );
}

/** 差戻し and 謝絶, the same two forms for a new application and for a change request. */
export function ReturnAndDeclineForms(props: { applicationId: string; csrfToken: string; forms: ActionForms }) {
  return (
    <>
      <h3>差戻し</h3>
      <form method="post" action={`/staff/applications/${props.applicationId}/return`} class="form" novalidate>
        <CsrfField token={props.csrfToken} />
        <ErrorSummary errors={props.forms.return?.errors} />
        <TextAreaField name="message" label="受注者への連絡事項（差戻しの理由）" required rows={4} maxLength={2000} hint="この内容は受注者へメールと e-Net保証の画面でお知らせします。" values={props.forms.return?.values} errors={props.forms.return?.errors} />
        <button type="submit" class="button button--secondary">差戻す</button>
      </form>

      <h3>謝絶</h3>
      <form method="post" action={`/staff/applications/${props.applicationId}/decline`} class="form" novalidate>
        <CsrfField token={props.csrfToken} />
        <ErrorSummary errors={props.forms.decline?.errors} />
        <TextAreaField name="reason" label="謝絶の理由" required rows={3} maxLength={2000} hint="受注者へメールでお知らせします。謝絶した申込は元に戻せません。" values={props.forms.decline?.values} errors={props.forms.decline?.errors} />
        <button type="submit" class="button button--danger">謝絶する</button>
      </form>
    </>
  );
}

/** The application's history (its events, in the order they happened). */
export function ApplicationHistory(props: { events: ApplicationDetail['events'] }) {
  return (
    <>
      <h2>履歴</h2>
      {props.events.length === 0 ? (
        <p>履歴はありません。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">日時</th>
              <th scope="col">内容</th>
              <th scope="col">担当</th>
              <th scope="col">連絡事項・理由</th>
            </tr>
          </thead>
          <tbody>
            {props.events.map((e) => (
              <tr>
                <td>{formatDateTime(e.at)}</td>
                <td>{eventLabel(e.kind)}</td>
                <td>{e.actorName ?? '—'}</td>
                <td><MultiLine text={e.message} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** 審査開始, and the conclusion with four eyes (起案 → 締結): the same for a new application and a change. */
export function ConclusionActions(props: {
  application: { id: string; status: string; revision: number };
  csrfToken: string;
  forms: ActionForms;
  fourEyes: boolean;
  proposal: ApplicationDetail['proposal'];
  ownProposal: boolean;
  canConclude: boolean;
  blocked: boolean;
  heading: string;
  concludeAction: 'conclude' | 'conclude-change';
  concludeLabel: string;
}) {
  const a = props.application;
  const proposal = props.proposal;
  return (
    <>
      {a.status === 'submitted' && (
        <form method="post" action={`/staff/applications/${a.id}/start-review`} class="actions">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button button--secondary">審査を開始する（審査中にする）</button>
        </form>
      )}

      <h3>{props.heading}</h3>
      {props.fourEyes && (
        <p class="field__hint">
          二者確認が有効です。審査担当者が締結を起案し、起案者とは別の決裁者が締結します。
          {proposal ? `　起案: ${proposal.proposedByName}（${formatDateTime(proposal.proposedAt)}）${proposal.note ? `「${proposal.note}」` : ''}` : '　まだ起案されていません。'}
        </p>
      )}
      {props.fourEyes && !proposal && (
        <form method="post" action={`/staff/applications/${a.id}/propose`} class="form" novalidate>
          <CsrfField token={props.csrfToken} />
          <ErrorSummary errors={props.forms.propose?.errors} />
          <TextAreaField name="note" label="決裁者への申し送り（任意）" rows={2} maxLength={1000} values={props.forms.propose?.values} errors={props.forms.propose?.errors} />
          <button type="submit" class="button button--secondary" disabled={props.blocked}>締結を起案する</button>
        </form>
      )}
      {props.canConclude ? (
        <form method="post" action={`/staff/applications/${a.id}/${props.concludeAction}`} class="actions">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="revision" value={String(a.revision)} />
          <button type="submit" class="button" disabled={props.blocked}>
            {props.concludeLabel}
          </button>
        </form>
      ) : (
        props.fourEyes && proposal && <p class="field__hint">{props.ownProposal ? 'ご自身が起案した申込は、別の決裁者が締結します。' : '締結は決裁者が行います。'}</p>
      )}

    </>
  );
}
