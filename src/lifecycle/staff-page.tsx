// The surety's examination screen of a change request (変更・解約の申込): the guarantee it
// changes, old → new field by field, the orderer's rules, the fee effect, and the actions of
// the work queue (審査開始, 起案, 締結, 差戻し, 謝絶). Concluding posts to the lifecycle's route.
import { changeKindLabel, formatWareki, formatYen, type CertificateChangeKind } from '../domain/index.ts';
import type { ApplicationDetail } from '../staff/applications/queries.ts';
import { ApplicationHistory, ConclusionActions, ReturnAndDeclineForms, type ActionForms } from '../staff/applications/views.tsx';
import { Alert, formatDateTime, MultiLine, Notice, StatusBadge, typeLabel } from '../staff/common.tsx';
import { Layout, type ViewContext } from '../web/layout.tsx';
import type { ChangeExamination } from './examine-change.ts';
import { FeeEffect } from './fee-effect.tsx';
import { VersionChangesTable } from './version-changes.tsx';

function kindText(kind: CertificateChangeKind | null, type: 'amendment' | 'cancellation' | undefined): string {
  if (kind) return changeKindLabel(kind);
  return type === 'cancellation' ? '解約' : '変更（内容を確認できません）';
}

export function ChangeApplicationPage(props: {
  view: ViewContext;
  detail: ApplicationDetail;
  examination: ChangeExamination;
  fourEyes: boolean;
  actorUserId: string;
  canApprove: boolean;
  forms?: ActionForms;
  notice?: string;
  alert?: { message: string; items?: string[] };
}) {
  const { detail, examination: ex } = props;
  const a = detail.application;
  const inQueue = a.status === 'submitted' || a.status === 'under_review';
  const proposal = detail.proposal;
  const ownProposal = proposal?.proposedBy === props.actorUserId;
  const canConclude = inQueue && (!props.fourEyes || (props.canApprove && proposal !== null && !ownProposal));
  const forms = props.forms ?? {};
  const current = ex.target?.current.content ?? null;
  const check = ex.check;
  const request = ex.request;
  const kind = kindText(check?.kind ?? null, ex.details?.type);
  const cancellation = ex.details?.type === 'cancellation';
  return (
    <Layout view={props.view} title="変更・解約の申込の審査" wide>
      <p>
        <a href="/staff/applications">← 審査一覧へ戻る</a>
      </p>
      <h1>
        変更・解約の申込の審査　<StatusBadge status={a.status} />
      </h1>
      <Notice message={props.notice} />
      <Alert message={props.alert?.message} items={props.alert?.items} />

      <h2>申込の内容</h2>
      <table class="kv">
        <tbody>
          <tr><th scope="row">申込の種類</th><td>変更・解約（<strong>{kind}</strong>）</td></tr>
          <tr>
            <th scope="row">対象の保証契約</th>
            <td>
              {ex.target ? (
                <>
                  <a href={`/staff/guarantees/${ex.target.guaranteeId}`}>{ex.target.guaranteeContractNumber}</a>（現在 第{ex.target.currentVersion}版・{ex.target.status === 'cancelled' ? '解約' : '有効'}）
                  {ex.details && ex.details.baseVersion !== ex.target.currentVersion ? `　申込みは第${ex.details.baseVersion}版に対するもの` : ''}
                </>
              ) : (
                ex.details?.guaranteeContractNumber ?? '—'
              )}
            </td>
          </tr>
          <tr><th scope="row">受注者（保証契約者）</th><td>{detail.contractor.name}</td></tr>
          <tr><th scope="row">申込者</th><td>{detail.applicant ? `${detail.applicant.displayName}${detail.applicant.email ? `（${detail.applicant.email}）` : ''}` : '—'}</td></tr>
          <tr><th scope="row">発注者（被保証者）</th><td>{detail.orderer?.name ?? '—'}</td></tr>
          <tr><th scope="row">保証の種類</th><td>{typeLabel(a.guarantee_type)}</td></tr>
          <tr><th scope="row">工事名</th><td>{a.work_name ?? '—'}</td></tr>
          <tr>
            <th scope="row">{cancellation ? '解約日' : '変更契約日（効力発生日）'}</th>
            <td>{request ? formatWareki(request.type === 'cancellation' ? request.cancellationDate : request.contractDate) : '—'}</td>
          </tr>
          <tr><th scope="row">理由</th><td><MultiLine text={ex.details?.reason ?? null} /></td></tr>
          <tr><th scope="row">申込日時</th><td>{formatDateTime(a.submitted_at)}</td></tr>
        </tbody>
      </table>

      {current && check?.amended ? (
        <VersionChangesTable from={current} to={check.amended} printable />
      ) : (
        <p class="warning">変更前後の内容を比べられません。</p>
      )}

      <h2>発注者の定め・日付の点検</h2>
      {check === null ? (
        <p class="warning">点検できません。</p>
      ) : check.errors.length === 0 ? (
        <p class="notice">発注者の定めと変更の日付に合っています。</p>
      ) : (
        <ul class="warning">{check.errors.map((e) => <li>{e.message}</li>)}</ul>
      )}

      <h2>保証料への影響</h2>
      <p class="field__hint">お支払い済みの保証料（返還分を除く）：{ex.target ? formatYen(ex.paid) : '—'}</p>
      <FeeEffect fee={check?.fee ?? null} problem={check?.feeProblem ?? null} concluded={a.status === 'concluded'} example={ex.exampleTariff} />

      {inQueue && (
        <section aria-labelledby="actions-title">
          <h2 id="actions-title">審査の操作</h2>
          {ex.blockers.length > 0 && (
            <div class="warning" role="note">
              <p>
                <strong>このままでは変更・解約を締結できません。</strong>
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
            heading={`${cancellation ? '解約' : '変更'}の締結`}
            concludeAction="conclude-change"
            concludeLabel={`${cancellation ? '解約を締結する' : '変更を締結する'}（第${(ex.target?.currentVersion ?? 0) + 1}版の電子証書を発行）`}
          />

          <ReturnAndDeclineForms applicationId={a.id} csrfToken={props.view.csrfToken} forms={forms} />
        </section>
      )}

      <ApplicationHistory events={detail.events} />
    </Layout>
  );
}
