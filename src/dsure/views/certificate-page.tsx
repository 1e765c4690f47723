// The certificate as the orderer sees it: every field (和暦, 金…円), the status, the signature
// check done now, the version history and the issuer. Prints on A4 (the print stylesheet hides
// the menu, the buttons and the forms).
import {
  categoryLabel,
  certificateStatusLabel,
  changeKindLabel,
  formatWareki,
  formatYen,
  guaranteeTypeLabel,
  type CertificateChangeKind,
  type CertificateContent,
  type CertificateStatus,
  type Party,
} from '../../domain/index.ts';
import type { VerificationResult } from '../../signing/index.ts';
import { Layout, type ViewContext } from '../../web/layout.tsx';
import type { Children } from '../../web/render.tsx';
import type { CertificateVersion, RegisteredCertificate } from '../certificates/registered-certificates.ts';
import { CertificateVersionChanges } from '../../lifecycle/version-changes.tsx';
import { formatWarekiDateTime } from './format.ts';
import { DsureStyles } from './styles.tsx';

export const STATUS_CLASS: Record<CertificateStatus, string> = {
  valid: 'status status--ok',
  changed: 'status status--warn',
  cancelled: 'status status--bad',
  expired: 'status status--neutral',
};

/** A long hex or base64 value that may wrap every 16 characters (copying it gives it whole). */
export function Breakable(props: { value: string }) {
  const parts = props.value.match(/.{1,16}/g) ?? [props.value];
  return (
    <code>
      {parts.map((part, index) => (
        <>
          {index > 0 && <wbr />}
          {part}
        </>
      ))}
    </code>
  );
}

function changeLabel(kind: string | null): string {
  return kind ? changeKindLabel(kind as CertificateChangeKind) : '当初';
}

function partyRows(prefix: string, party: Party & { section?: string; code?: string }) {
  return (
    <>
      <tr>
        <th scope="row">{prefix}</th>
        <td>
          {party.name}
          {party.section ? `　${party.section}` : ''}
        </td>
      </tr>
      {party.address && (
        <tr>
          <th scope="row">{prefix} 所在地</th>
          <td>{party.address}</td>
        </tr>
      )}
      {party.representative && (
        <tr>
          <th scope="row">{prefix} 代表者</th>
          <td>{party.representative}</td>
        </tr>
      )}
      {party.corporateNumber && (
        <tr>
          <th scope="row">{prefix} 法人番号</th>
          <td>{party.corporateNumber}</td>
        </tr>
      )}
    </>
  );
}

function Row(props: { label: string; children: Children }) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td>{props.children}</td>
    </tr>
  );
}

// Three short tables rather than one long one: each stays whole on a printed A4 page (with its
// caption, which a heading would not), and together they fill the pages without large gaps.
function ContentTables(props: { content: CertificateContent }) {
  const c = props.content;
  return (
    <>
      <table class="kv">
        <caption class="dsure-caption">保証の内容</caption>
        <tbody>
          <Row label="保証の種類">{guaranteeTypeLabel(c.guaranteeType)}</Row>
          <Row label="保証契約番号">{c.guaranteeContractNumber}</Row>
          <Row label="版">
            第{c.version}版{c.change ? `（${changeKindLabel(c.change.kind)}）` : '（当初）'}
          </Row>
          <Row label="発行日">{formatWareki(c.issueDate)}</Row>
          <Row label="保証金額">{formatYen(c.guaranteedAmount)}</Row>
          <Row label="保証期間">
            {formatWareki(c.guaranteePeriodStart)} から {formatWareki(c.guaranteePeriodEnd)} まで
          </Row>
          <Row label="約款">{c.terms}</Row>
          {c.change && (
            <Row label="変更の内容">
              {changeKindLabel(c.change.kind)}（{formatWareki(c.change.effectiveDate)}から）　{c.change.reason}
            </Row>
          )}
          <Row label="解約">{c.cancelled ? '解約済み' : 'なし'}</Row>
        </tbody>
      </table>
      <table class="kv">
        <caption class="dsure-caption">工事</caption>
        <tbody>
          <Row label="工事名">{c.work.name}</Row>
          <Row label="工事場所">{c.work.site}</Row>
          <Row label="契約区分">{categoryLabel(c.work.category)}</Row>
          <Row label="請負代金額">{formatYen(c.work.contractPrice)}</Row>
          <Row label="契約日">{formatWareki(c.work.contractDate)}</Row>
          <Row label="当初契約日">{formatWareki(c.work.initialContractDate)}</Row>
          <Row label="工期">
            {formatWareki(c.work.periodStart)} から {formatWareki(c.work.periodEnd)} まで
          </Row>
          <Row label="低入札価格調査の対象">{c.work.lowBid ? '該当' : '非該当'}</Row>
        </tbody>
      </table>
      <table class="kv">
        <caption class="dsure-caption">当事者</caption>
        <tbody>
          {partyRows('保証契約者（受注者）', c.contractor)}
          {partyRows('被保証者（発注者）', c.orderer)}
          {partyRows('保証事業会社', c.issuer)}
        </tbody>
      </table>
    </>
  );
}

function SignatureCheck(props: { result: VerificationResult; version: CertificateVersion; issuerName: string; checkedAt: Date }) {
  const { result } = props;
  if (!result.valid) {
    return (
      <section class="error-summary" role="alert" aria-labelledby="signature-title">
        <h2 id="signature-title">署名の検証結果：確認できません</h2>
        <p>
          <strong>この電子証書の署名を確認できませんでした。内容が改ざんされているおそれがあります。この内容で手続きを進めず、発行者（{props.issuerName}）にお問い合わせください。</strong>
        </p>
        <p>理由：{result.reason}</p>
        <p>検証日時：{formatWarekiDateTime(props.checkedAt)}</p>
      </section>
    );
  }
  return (
    <section class="notice" aria-labelledby="signature-title">
      <h2 id="signature-title">署名の検証結果：有効</h2>
      <p>
        この電子証書は <strong>{props.issuerName}</strong> の公開鍵で署名が確認され、発行後に内容が変更されていないことを確認しました。
      </p>
      <table class="kv">
        <tbody>
          <tr>
            <th scope="row">鍵ID</th>
            <td>
              <Breakable value={result.keyId} />
            </td>
          </tr>
          <tr>
            <th scope="row">内容ハッシュ（SHA-256）</th>
            <td>
              <Breakable value={result.contentHash} />
            </td>
          </tr>
          <tr>
            <th scope="row">署名日時</th>
            <td>{formatWarekiDateTime(new Date(props.version.signed.signature.signedAt))}</td>
          </tr>
          <tr>
            <th scope="row">検証日時</th>
            <td>{formatWarekiDateTime(props.checkedAt)}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

export interface CertificatePageProps {
  view: ViewContext;
  certificate: RegisteredCertificate;
  shown: CertificateVersion; // the version on screen (the latest unless ?version= asks for another)
  status: CertificateStatus;
  previouslyOpenedVersion: number;
  verification: VerificationResult;
  versionChecks: Map<number, boolean>;
  checkedAt: Date;
  viewer: { organisationName: string; displayName: string };
}

export function CertificatePage(props: CertificatePageProps) {
  const { certificate, shown, status } = props;
  const content = shown.signed.content;
  const number = certificate.guaranteeContractNumber;
  const base = `/dsure/certificates/${encodeURIComponent(number)}`;
  const isLatest = shown.version === certificate.latest.version;
  return (
    <Layout view={props.view} title={`保証証書 ${number}`} wide>
      <DsureStyles />
      <h1>
        保証証書（{guaranteeTypeLabel(content.guaranteeType)}）
      </h1>
      <p class="lead">
        保証契約番号 <strong>{number}</strong>　状態：<span class={STATUS_CLASS[status]}>{certificateStatusLabel(status)}</span>
      </p>
      {status === 'changed' && (
        <p class="warning" role="status">
          前回の閲覧（第{props.previouslyOpenedVersion}版）の後に、新しい版（第{certificate.latest.version}版）が発行されています。変更の内容は、下の「変更の内容」と「版の履歴」でご確認ください。
        </p>
      )}
      {status === 'cancelled' && <p class="warning">この保証契約は解約されています（第{certificate.latest.version}版）。</p>}
      {status === 'expired' && <p class="warning">保証期間（{formatWareki(certificate.latest.signed.content.guaranteePeriodEnd)}まで）が満了しています。</p>}
      {!isLatest && (
        <p class="warning" role="status">
          表示しているのは第{shown.version}版です。最新は第{certificate.latest.version}版です。<a href={base}>最新の版を表示する</a>
        </p>
      )}

      <SignatureCheck result={props.verification} version={shown} issuerName={certificate.issuerName} checkedAt={props.checkedAt} />

      <div class="actions">
        <button type="button" class="button" data-print="">印刷する（A4）</button>
        <a class="button button--secondary" href={`${base}/certificate.pdf?version=${shown.version}`}>
          PDFをダウンロード
        </a>
        <a class="button button--secondary" href={`${base}/certificate.json?version=${shown.version}`}>
          署名付きデータ（JSON）をダウンロード
        </a>
      </div>

      <CertificateVersionChanges versions={certificate.versions.map((v) => v.signed.content)} shownVersion={shown.version} sinceVersion={status === 'changed' ? props.previouslyOpenedVersion : undefined} printable />
      <h2>記載事項（第{shown.version}版）</h2>
      <ContentTables content={content} />

      <table class="dsure-table">
        <caption class="dsure-caption">版の履歴</caption>
        <thead>
          <tr>
            <th scope="col">版</th>
            <th scope="col">発行日</th>
            <th scope="col">変更の種類</th>
            <th scope="col">内容ハッシュ（SHA-256）</th>
            <th scope="col">署名</th>
          </tr>
        </thead>
        <tbody>
          {[...certificate.versions].reverse().map((v) => (
            <tr>
              <td>
                {v.version === shown.version ? (
                  <strong>第{v.version}版（表示中）</strong>
                ) : (
                  <a href={`${base}?version=${v.version}`}>第{v.version}版</a>
                )}
              </td>
              <td class="nowrap">{formatWareki(v.issueDate)}</td>
              <td>{changeLabel(v.changeKind)}</td>
              <td>
                <Breakable value={v.contentHash} />
              </td>
              <td class="nowrap">{props.versionChecks.get(v.version) ? '有効' : <strong>確認できません</strong>}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <table class="kv">
        <caption class="dsure-caption">発行者</caption>
        <tbody>
          <tr>
            <th scope="row">保証事業会社</th>
            <td>{certificate.issuerName}</td>
          </tr>
          <tr>
            <th scope="row">発行者コード</th>
            <td>{certificate.issuerCode}</td>
          </tr>
          <tr>
            <th scope="row">署名鍵（鍵ID）</th>
            <td>
              <Breakable value={shown.keyId} />
            </td>
          </tr>
        </tbody>
      </table>

      <p class="dsure-viewed">
        閲覧：{props.viewer.organisationName}　{props.viewer.displayName}　{formatWarekiDateTime(props.checkedAt)}（D-Sure 発注者用保証確認サービス）
      </p>
      <p class="no-print">
        <a href="/dsure/certificates">電子証書一覧へ戻る</a>
      </p>
    </Layout>
  );
}
