// What changed between two versions of a certificate, field by field (old → new), for the
// orderer's view in D-Sure and the contractor's certificate screen. The differences are the
// domain's (diffCertificates); this only lays them out.
import { changeKindLabel, diffCertificates, formatWareki, type CertificateContent } from '../domain/index.ts';

/**
 * The pair to compare on a certificate screen: from the version the viewer last saw (when a
 * newer one appeared since) to the newest; otherwise from the version before the one shown.
 */
export function versionsToCompare(
  versions: readonly CertificateContent[],
  shownVersion: number,
  sinceVersion?: number,
): { from: CertificateContent; to: CertificateContent } | null {
  const byVersion = new Map(versions.map((v) => [v.version, v]));
  const latest = Math.max(...versions.map((v) => v.version));
  const to = byVersion.get(shownVersion);
  if (!to) return null;
  const fromVersion = sinceVersion !== undefined && shownVersion === latest && sinceVersion < latest ? sinceVersion : shownVersion - 1;
  const from = byVersion.get(fromVersion);
  return from ? { from, to } : null;
}

export function VersionChangesTable(props: { from: CertificateContent; to: CertificateContent; printable?: boolean }) {
  const { from, to } = props;
  const differences = diffCertificates(from, to);
  const change = to.change;
  return (
    <section class={props.printable ? 'version-changes' : 'version-changes no-print'} aria-labelledby="version-changes-title">
      <h2 id="version-changes-title">
        変更の内容（第{from.version}版 → 第{to.version}版）
      </h2>
      {change && (
        <p>
          {to.version - from.version > 1 ? `最新の変更：` : ''}
          {changeKindLabel(change.kind)}（{change.kind === 'cancellation' ? '解約日' : '効力発生日'}　{formatWareki(change.effectiveDate)}）　理由：{change.reason}
        </p>
      )}
      {differences.length === 0 ? (
        <p>記載事項に変わりはありません。</p>
      ) : (
        <table class="version-changes__table">
          <thead>
            <tr>
              <th scope="col">項目</th>
              <th scope="col">変更前（第{from.version}版）</th>
              <th scope="col">変更後（第{to.version}版）</th>
            </tr>
          </thead>
          <tbody>
            {differences.map((d) => (
              <tr data-field={d.field}>
                <th scope="row">{d.label}</th>
                <td>{d.old}</td>
                <td>
                  <strong>{d.new}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The changes for a certificate screen, or nothing for a certificate with one version. */
export function CertificateVersionChanges(props: { versions: readonly CertificateContent[]; shownVersion: number; sinceVersion?: number; printable?: boolean }) {
  const pair = versionsToCompare(props.versions, props.shownVersion, props.sinceVersion);
  return pair ? <VersionChangesTable from={pair.from} to={pair.to} printable={props.printable} /> : null;
}
