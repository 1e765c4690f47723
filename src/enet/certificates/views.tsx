// 電子証書の確認: the list of the company's guarantee contracts, the certificate screen (what a
// paper certificate shows; its print is the 保証証書 handed to the orderer) and the 認証キー page.
import {
  changeKindLabel,
  formatWareki,
  formatYen,
  guaranteeTypeLabel,
  type CertificateContent,
  type GuaranteeType,
  type Party,
} from '../../domain/index.ts';
import { certificateTitle, NOTICE_TITLE, submissionInstruction, versionLabel } from '../../documents/index.ts';
import type { ViewingHistoryEntry } from '../../dsure/viewing-history.ts';
import { CertificateVersionChanges } from '../../lifecycle/version-changes.tsx';
import type { VerificationResult } from '../../signing/index.ts';
import { CsrfField, ErrorSummary, SelectField, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { Layout, type ViewContext } from '../../web/layout.tsx';
import { formatWarekiDateTime } from '../shared/format.ts';
import type { StatusView, Submission } from './common.ts';
import { feeStatementKindLabel } from './download-fee-statement.ts';
import type { CertificateListItem, CertificateVersionView, ContractorGuarantee } from './queries.ts';

export const CERTIFICATE_STYLESHEET = '/enet/certificates/certificate.css';

/** The module's own stylesheet (print rules of the certificate sheet); a <link> in the body is valid HTML. */
function Stylesheet() {
  return <link rel="stylesheet" href={CERTIFICATE_STYLESHEET} />;
}

const certificateUrl = (number: string, version?: number) => `/enet/certificates/${encodeURIComponent(number)}${version ? `?version=${version}` : ''}`;

function StatusBadge(props: { status: StatusView }) {
  return <span class={`status status--${props.status.tone}`}>{props.status.label}</span>;
}

function deliveryLabel(delivery: 'electronic' | 'paper'): string {
  return delivery === 'electronic' ? '電子交付' : '書面';
}

const period = (start: string, end: string) => `自　${formatWareki(start)}　至　${formatWareki(end)}`;

// ---------------------------------------------------------------------------
// 一覧

export const STATUS_FILTER_OPTIONS = [
  { value: 'valid', label: '有効' },
  { value: 'expired', label: '期間満了' },
  { value: 'cancelled', label: '解約' },
];

export const TYPE_FILTER_OPTIONS = (['advance_payment', 'intermediate_advance_payment', 'contract_performance', 'contract_reservation'] as GuaranteeType[]).map((type) => ({
  value: type,
  label: guaranteeTypeLabel(type),
}));

export function ListPage(props: {
  view: ViewContext;
  items: (CertificateListItem & { status: StatusView })[];
  total: number;
  page: number;
  pageCount: number;
  orderers: { id: string; name: string }[];
  values: FormValues;
  errors?: FormErrors;
  pageUrl: (page: number) => string;
}) {
  const filtered = Boolean(props.values.type || props.values.orderer || props.values.status);
  return (
    <Layout view={props.view} title="電子証書の確認" wide>
      <Stylesheet />
      <h1>電子証書の確認</h1>
      <p class="lead">貴社の保証契約の一覧です（締結の新しい順）。保証契約番号を選ぶと、電子証書の内容を確認・印刷でき、「認証キー」を表示できます。</p>
      <ErrorSummary errors={props.errors} />
      <form method="get" action="/enet/certificates" class="filters" role="search" aria-label="保証契約の絞り込み">
        <SelectField name="type" label="保証の種類" options={TYPE_FILTER_OPTIONS} placeholder="すべて" values={props.values} errors={props.errors} />
        <SelectField name="orderer" label="発注者" options={props.orderers.map((o) => ({ value: o.id, label: o.name }))} placeholder="すべて" values={props.values} errors={props.errors} />
        <SelectField name="status" label="状態" options={STATUS_FILTER_OPTIONS} placeholder="すべて" values={props.values} errors={props.errors} />
        <div class="filters__buttons">
          <button type="submit" class="button">
            絞り込む
          </button>
          {filtered && (
            <a href="/enet/certificates" class="button button--secondary">
              条件を解除
            </a>
          )}
        </div>
      </form>
      {props.items.length === 0 ? (
        <p>{filtered ? '条件に合う保証契約はありません。' : '締結した保証契約はまだありません。保証会社が保証契約を締結すると、ここに表示されます。'}</p>
      ) : (
        <>
          <p role="status">
            {props.total}件{props.pageCount > 1 ? `（${props.page} / ${props.pageCount} ページ）` : ''}
          </p>
          <table class="certificate-list">
            <caption class="visually-hidden">貴社の保証契約（締結の新しい順）</caption>
            <thead>
              <tr>
                <th scope="col">保証契約番号</th>
                <th scope="col">保証の種類</th>
                <th scope="col">発注者</th>
                <th scope="col">工事名</th>
                <th scope="col" class="number">
                  保証金額
                </th>
                <th scope="col">保証期間</th>
                <th scope="col">発行日</th>
                <th scope="col">交付</th>
                <th scope="col">状態</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((item) => (
                <tr>
                  <td class="nowrap">
                    <a href={certificateUrl(item.guaranteeContractNumber)}>{item.guaranteeContractNumber}</a>
                  </td>
                  <td>{guaranteeTypeLabel(item.guaranteeType)}</td>
                  <td>{item.ordererName}</td>
                  <td>{item.content.work.name}</td>
                  <td class="number nowrap">{formatYen(item.content.guaranteedAmount)}</td>
                  <td>
                    {formatWareki(item.content.guaranteePeriodStart)}
                    <br />
                    〜{formatWareki(item.content.guaranteePeriodEnd)}
                  </td>
                  <td class="nowrap">
                    {formatWareki(item.content.issueDate)}
                    {item.content.version > 1 ? `（${versionLabel(item.content.version)}）` : ''}
                  </td>
                  <td>{deliveryLabel(item.delivery)}</td>
                  <td>
                    <StatusBadge status={item.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {props.pageCount > 1 && (
            <nav class="pager" aria-label="ページ">
              {props.page > 1 && <a href={props.pageUrl(props.page - 1)}>← 前のページ</a>}
              {props.page < props.pageCount && <a href={props.pageUrl(props.page + 1)}>次のページ →</a>}
            </nav>
          )}
        </>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------------------
// 電子証書の画面

const STATEMENTS: Record<GuaranteeType, string> = {
  advance_payment: '上記の工事に関し、保証契約者が被保証者から支払を受ける前払金について、保証事業会社は上記の約款に基づき保証したことを証します。',
  intermediate_advance_payment: '上記の工事に関し、保証契約者が被保証者から支払を受ける中間前払金について、保証事業会社は上記の約款に基づき保証したことを証します。',
  contract_performance: '上記の工事の請負契約に基づく保証契約者の債務の履行について、保証事業会社は上記の約款に基づき保証したことを証します。',
  contract_reservation: '上記の工事の請負契約が締結されたときは契約保証を行うことを、保証事業会社は上記の約款に基づき予約したことを証します。',
};

function PartyCell(props: { party: Party; section?: string | undefined }) {
  const { party } = props;
  return (
    <>
      {props.section ? `${party.name}（${props.section}）` : party.name}
      {party.address && (
        <>
          <br />
          所在地　{party.address}
        </>
      )}
      {party.representative && (
        <>
          <br />
          代表者　{party.representative}
        </>
      )}
      {party.corporateNumber && (
        <>
          <br />
          法人番号　{party.corporateNumber}
        </>
      )}
    </>
  );
}

function contractDates(content: CertificateContent): string {
  const { contractDate, initialContractDate } = content.work;
  return initialContractDate === contractDate ? formatWareki(contractDate) : `${formatWareki(contractDate)}（当初契約日　${formatWareki(initialContractDate)}）`;
}

/** The certificate itself, as a paper certificate shows it: this is what prints on one A4 page. */
function CertificateSheet(props: { shown: CertificateVersionView; status: StatusView; paper: boolean }) {
  const { content, signature } = props.shown.signed;
  const { work, issuer } = content;
  return (
    <article class="cert-sheet" aria-labelledby="cert-title">
      <div class="cert-sheet__marks">
        <span class="cert-mark">{props.paper ? '書面交付（控え）' : '電子証書'}</span>
        <span class={`cert-mark cert-mark--${props.status.tone}`}>状態：{props.status.label}</span>
      </div>
      <h1 id="cert-title" class="cert-title">
        {certificateTitle(content.guaranteeType)}
      </h1>
      <table class="cert-table">
        <tbody>
          <tr>
            <th scope="row">種類</th>
            <td>{guaranteeTypeLabel(content.guaranteeType)}</td>
          </tr>
          <tr>
            <th scope="row">保証契約番号</th>
            <td class="cert-emphasis">{content.guaranteeContractNumber}</td>
          </tr>
          <tr>
            <th scope="row">保証事業会社</th>
            <td>{issuer.name}</td>
          </tr>
          <tr>
            <th scope="row">保証契約者（受注者）</th>
            <td>
              <PartyCell party={content.contractor} />
            </td>
          </tr>
          <tr>
            <th scope="row">被保証者（発注者）</th>
            <td>
              <PartyCell party={content.orderer} section={content.orderer.section} />
            </td>
          </tr>
          <tr>
            <th scope="row">工事名</th>
            <td>{work.name}</td>
          </tr>
          <tr>
            <th scope="row">工事場所</th>
            <td>{work.site}</td>
          </tr>
          <tr>
            <th scope="row">請負代金額</th>
            <td>{formatYen(work.contractPrice)}</td>
          </tr>
          <tr>
            <th scope="row">保証金額</th>
            <td class="cert-emphasis">{formatYen(content.guaranteedAmount)}</td>
          </tr>
          <tr>
            <th scope="row">保証期間</th>
            <td>{period(content.guaranteePeriodStart, content.guaranteePeriodEnd)}</td>
          </tr>
          <tr>
            <th scope="row">工期</th>
            <td>{period(work.periodStart, work.periodEnd)}</td>
          </tr>
          <tr>
            <th scope="row">契約日</th>
            <td>{contractDates(content)}</td>
          </tr>
          <tr>
            <th scope="row">発行日</th>
            <td>{formatWareki(content.issueDate)}</td>
          </tr>
          <tr>
            <th scope="row">版</th>
            <td>{versionLabel(content.version)}</td>
          </tr>
          {content.change && (
            <tr>
              <th scope="row">変更の内容</th>
              <td>
                {changeKindLabel(content.change.kind)}（効力発生日　{formatWareki(content.change.effectiveDate)}）
                <br />
                理由　{content.change.reason}
              </td>
            </tr>
          )}
          <tr>
            <th scope="row">約款</th>
            <td>{content.terms}</td>
          </tr>
        </tbody>
      </table>
      <p class="cert-statement">{STATEMENTS[content.guaranteeType]}</p>
      {content.cancelled && <p class="cert-cancelled">この保証契約は解約されています。</p>}
      <p class="cert-issuer">
        {formatWareki(content.issueDate)}
        <br />
        保証事業会社　{issuer.name}
        {issuer.address && (
          <>
            <br />
            {issuer.address}
          </>
        )}
        {issuer.representative && (
          <>
            <br />
            {issuer.representative}
          </>
        )}
      </p>
      <footer class="cert-foot">
        {props.paper
          ? 'この画面は保証契約の内容の控えです。保証証書は書面で交付します。'
          : 'この保証証書は、電子証書の内容を表示したものです。発注者は、D-Sure（発注者用保証確認サービス）で保証契約番号と認証キーを入力し、電子証書を閲覧できます。'}
        <br />
        版：{versionLabel(content.version)}　内容ハッシュ（SHA-256）：<span class="cert-hash">{signature.contentHash}</span>
        <br />
        署名鍵ID：<span class="cert-hash">{signature.keyId}</span>　署名日時：{formatWarekiDateTime(signature.signedAt)}
      </footer>
    </article>
  );
}

export function CertificatePage(props: {
  view: ViewContext;
  guarantee: ContractorGuarantee;
  shown: CertificateVersionView;
  status: StatusView;
  verification: VerificationResult;
  history: ViewingHistoryEntry[] | null; // null: not registered in D-Sure (paper)
  notice?: string;
  submissionLink?: { href: string; label: string } | null; // 電子提出 (src/submission), only when the orderer takes it
}) {
  const { guarantee, shown } = props;
  const number = guarantee.guaranteeContractNumber;
  const base = `/enet/certificates/${encodeURIComponent(number)}`;
  const paper = guarantee.delivery === 'paper';
  const content = shown.signed.content;
  const title = paper ? `保証契約 ${number}（書面交付）` : `電子証書 ${number}`;
  return (
    <Layout view={props.view} title={title} wide>
      <Stylesheet />
      <div class="cert-page">
        <p class="no-print">
          <a href="/enet/certificates">← 電子証書の確認（一覧）へ戻る</a>
        </p>
        {props.notice && (
          <p class="warning no-print" role="alert">
            {props.notice}
          </p>
        )}
        {paper ? (
          <div class="warning no-print">
            <p>
              <strong>この保証契約の保証証書は書面で交付します（電子証書ではありません）。</strong>
            </p>
            <p>保証事業会社からお届けする書面の保証証書を、発注者へご提出ください。書面交付のため、認証キーはありません。この画面は契約内容の確認用です。</p>
          </div>
        ) : (
          <div class="notice no-print">
            <p>
              <strong>【重要】この画面を印刷して、「発注者」へご提出ください。</strong>印刷したものが保証証書（{guaranteeTypeLabel(content.guaranteeType)}）になります。
            </p>
            <p>あわせて、「認証キー」を表示し、『{NOTICE_TITLE}』（PDF）をダウンロード・印刷して、発注者へご提出ください。</p>
          </div>
        )}
        {!props.status.latest && (
          <p class="warning no-print">
            この版は変更前の{versionLabel(content.version)}です。<a href={certificateUrl(number)}>最新の版を表示する</a>
          </p>
        )}
        <div class="actions no-print">
          {!paper && (
            <button type="button" class="button" data-print="">
              印刷する
            </button>
          )}
          {!paper && props.status.latest && (
            <form method="post" action={`${base}/authentication-key`} class="inline-form">
              <CsrfField token={props.view.csrfToken} />
              <button type="submit" class="button">
                「認証キー」の表示
              </button>
            </form>
          )}
          {!paper && props.status.latest && props.submissionLink && (
            <a class="button" href={props.submissionLink.href}>
              {props.submissionLink.label}
            </a>
          )}
          {props.status.latest && props.status.status === 'valid' && (
            <a class="button button--secondary" href={`${base}/change`}>
              変更・解約の申込み
            </a>
          )}
        </div>

        <CertificateSheet shown={shown} status={props.status} paper={paper} />
        <CertificateVersionChanges versions={guarantee.versions.map((v) => v.signed.content)} shownVersion={content.version} />

        <section class="no-print" aria-labelledby="downloads">
          <h2 id="downloads">書類のダウンロード（PDF）</h2>
          <ul class="downloads">
            {!paper && (
              <li>
                <a href={`${base}/certificate.pdf?version=${content.version}`}>保証証書（{versionLabel(content.version)}）</a>
              </li>
            )}
            {shown.hasCustomerCopy && (
              <li>
                <a href={`${base}/customer-copy.pdf?version=${content.version}`}>お客様控え（{versionLabel(content.version)}）</a>
              </li>
            )}
            {guarantee.feeStatements.map((fee) => (
              <li>
                <a href={`${base}/fee-statements/${fee.id}`}>
                  {feeStatementKindLabel(fee.kind)}
                  {fee.certificateVersion ? `（${versionLabel(fee.certificateVersion)}）` : ''}
                </a>
                　{formatYen(fee.breakdown.total)}（{fee.breakdown.taxable ? '課税' : '非課税'}）
              </li>
            ))}
          </ul>
          <p class="field__hint">お客様控えと保証料計算書は、発注者へ提出する書類ではありません。</p>
        </section>

        <section class="no-print" aria-labelledby="signature">
          <h2 id="signature">電子署名</h2>
          <table class="kv">
            <tbody>
              <tr>
                <th scope="row">署名の検証</th>
                <td>
                  {props.verification.valid ? (
                    <span class="status status--ok">有効（保証事業会社の公開鍵で確認済み）</span>
                  ) : (
                    <span class="status status--bad">確認できません：{props.verification.reason}</span>
                  )}
                </td>
              </tr>
              <tr>
                <th scope="row">署名鍵ID</th>
                <td>
                  <code class="cert-hash">{shown.signed.signature.keyId}</code>
                </td>
              </tr>
              <tr>
                <th scope="row">内容ハッシュ（SHA-256）</th>
                <td>
                  <code class="cert-hash">{shown.signed.signature.contentHash}</code>
                </td>
              </tr>
              <tr>
                <th scope="row">署名日時</th>
                <td>{formatWarekiDateTime(shown.signed.signature.signedAt)}</td>
              </tr>
            </tbody>
          </table>
          <p class="field__hint">
            公開鍵は <a href="/.well-known/jwks.json">/.well-known/jwks.json</a> で公開しています。
          </p>
        </section>

        {props.history && (
          <section class="no-print" aria-labelledby="history">
            <h2 id="history">閲覧履歴</h2>
            {props.history.length === 0 ? (
              <p>まだ発注者による閲覧はありません。発注者が D-Sure で認証キーを入力すると、ここに表示されます。</p>
            ) : (
              <table>
                <caption class="visually-hidden">発注者による閲覧の履歴（新しい順）</caption>
                <thead>
                  <tr>
                    <th scope="col">日時</th>
                    <th scope="col">発注者</th>
                    <th scope="col">内容</th>
                    <th scope="col">版</th>
                  </tr>
                </thead>
                <tbody>
                  {props.history.map((entry) => (
                    <tr>
                      <td class="nowrap">{formatWarekiDateTime(entry.at)}</td>
                      <td>{entry.ordererName}</td>
                      <td>{entry.kindLabel}</td>
                      <td>{entry.version ? versionLabel(entry.version) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        )}

        {guarantee.versions.length > 1 && (
          <section class="no-print" aria-labelledby="versions">
            <h2 id="versions">版の履歴</h2>
            <ul>
              {guarantee.versions.map((v) => (
                <li>
                  {v.version === content.version ? (
                    <strong>{versionLabel(v.version)}（表示中）</strong>
                  ) : (
                    <a href={certificateUrl(number, v.version)}>{versionLabel(v.version)}</a>
                  )}
                  　発行日 {formatWareki(v.signed.content.issueDate)}
                  {v.signed.content.change ? `　${changeKindLabel(v.signed.content.change.kind)}` : '　当初'}
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </Layout>
  );
}

// ---------------------------------------------------------------------------
// 「認証キー」の表示

export function AuthenticationKeyPage(props: { view: ViewContext; content: CertificateContent; authenticationKey: string; submission: Submission }) {
  const { content, submission } = props;
  const number = content.guaranteeContractNumber;
  const base = `/enet/certificates/${encodeURIComponent(number)}`;
  const groups = props.authenticationKey.split('-');
  return (
    <Layout view={props.view} title="「認証キー」の表示" wide>
      <Stylesheet />
      <p>
        <a href={certificateUrl(number)}>← 電子証書の画面へ戻る</a>
      </p>
      <h1>「認証キー」の表示</h1>
      <div class="key-panel">
        <dl>
          <dt>保証契約番号</dt>
          <dd class="key-number">{number}</dd>
          <dt>認証キー</dt>
          <dd>
            <p class="key-display" aria-label={`認証キー ${groups.map((g) => g.split('').join(' ')).join('、')}`}>
              {groups.map((group, index) => (
                <>
                  {index > 0 && <span class="key-sep">-</span>}
                  <span class="key-group">{group}</span>
                </>
              ))}
            </p>
            <p class="field__hint">4文字ずつ5組、半角の英大文字と数字です。読み違えやすい文字（0とO、1とI、2とZ、5とS、8とBなど）は使っていません。</p>
          </dd>
        </dl>
        <table class="kv key-summary">
          <tbody>
            <tr>
              <th scope="row">保証の種類</th>
              <td>{guaranteeTypeLabel(content.guaranteeType)}</td>
            </tr>
            <tr>
              <th scope="row">発注者</th>
              <td>{content.orderer.section ? `${content.orderer.name}（${content.orderer.section}）` : content.orderer.name}</td>
            </tr>
            <tr>
              <th scope="row">工事名</th>
              <td>{content.work.name}</td>
            </tr>
            <tr>
              <th scope="row">保証金額</th>
              <td>{formatYen(content.guaranteedAmount)}</td>
            </tr>
          </tbody>
        </table>
      </div>

      <h2>発注者への提出</h2>
      <p class="lead">
        <strong>{submissionInstruction(submission)}</strong>
      </p>
      <p>{submission.guidance}</p>
      <p>{submission.note}</p>
      <form method="post" action={`${base}/authentication-key-notice.pdf`} class="actions">
        <CsrfField token={props.view.csrfToken} />
        <button type="submit" class="button">
          『{NOTICE_TITLE}』（PDF）をダウンロード
        </button>
      </form>
      <ul class="field__hint">
        <li>お知らせ（PDF）を印刷し、電子証書の画面を印刷したもの（保証証書）とともに発注者へご提出ください。</li>
        <li>発注者は D-Sure（発注者用保証確認サービス）で保証契約番号と認証キーを入力し、電子証書を閲覧します。</li>
        <li>認証キーは、発注者が電子証書を閲覧するための大切な情報です。発注者へのご提出以外の目的で、第三者に知らせないでください。</li>
        <li>認証キーの表示とお知らせのダウンロードは、記録に残ります。</li>
      </ul>
      {submission.ordererNotes.length > 0 && (
        <>
          <h2>{content.orderer.name}からのお知らせ</h2>
          <ul>
            {submission.ordererNotes.map((note) => (
              <li>{note}</li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
