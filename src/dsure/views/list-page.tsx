// 電子証書一覧: the orderer's registered certificates with search, expiry windows, keyset
// pages and the CSV export of the same selection.
import { CERTIFICATE_STATUSES, certificateStatusLabel, formatWareki, formatYen, GUARANTEE_TYPES, guaranteeTypeLabel } from '../../domain/index.ts';
import { ErrorSummary, SelectField, TextField, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { Layout, type ViewContext } from '../../web/layout.tsx';
import { EXPIRY_WINDOWS, type CertificatePage } from '../certificates/list-certificates.ts';
import { STATUS_CLASS } from './certificate-page.tsx';
import { DsureStyles } from './styles.tsx';

const ELECTRONIC_TYPES = GUARANTEE_TYPES.filter((type) => type !== 'contract_reservation');

/** The query string of the current search (without the page cursor). */
export function searchQuery(values: FormValues, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const name of ['number', 'workName', 'contractor', 'type', 'status', 'expiring']) {
    const value = values[name];
    if (value) params.set(name, value);
  }
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function ListPage(props: { view: ViewContext; values: FormValues; errors?: FormErrors; page: CertificatePage; isFirstPage: boolean }) {
  const { page, values } = props;
  const filtered = ['number', 'workName', 'contractor', 'type', 'status', 'expiring'].some((name) => values[name]);
  return (
    <Layout view={props.view} title="電子証書一覧" wide>
      <DsureStyles />
      <h1>電子証書一覧</h1>
      <p class="lead">認証キーで確認し、貴団体に登録された電子証書です。新しい電子証書は「<a href="/dsure/view">電子証書の閲覧</a>」から登録します。</p>
      <ErrorSummary errors={props.errors} />
      <form method="get" action="/dsure/certificates" class="form dsure-search" role="search">
        <TextField name="number" label="保証契約番号" values={values} errors={props.errors} maxLength={40} autocomplete="off" spellcheck={false} />
        <TextField name="workName" label="工事名" values={values} errors={props.errors} maxLength={100} />
        <TextField name="contractor" label="受注者" values={values} errors={props.errors} maxLength={100} />
        <SelectField
          name="type"
          label="保証の種類"
          values={values}
          errors={props.errors}
          placeholder="すべて"
          options={ELECTRONIC_TYPES.map((type) => ({ value: type, label: guaranteeTypeLabel(type) }))}
        />
        <SelectField
          name="status"
          label="状態"
          values={values}
          errors={props.errors}
          placeholder="すべて"
          options={CERTIFICATE_STATUSES.map((status) => ({ value: status, label: certificateStatusLabel(status) }))}
        />
        <SelectField
          name="expiring"
          label="保証期限"
          values={values}
          errors={props.errors}
          placeholder="指定しない"
          options={EXPIRY_WINDOWS.map((days) => ({ value: String(days), label: `${days}日以内に期限を迎えるもの` }))}
        />
        <div class="actions">
          <button type="submit" class="button">検索する</button>
          {filtered && (
            <a class="button button--secondary" href="/dsure/certificates">
              条件をクリア
            </a>
          )}
          <a class="button button--secondary" href={`/dsure/certificates.csv${searchQuery(values)}`}>
            CSVでダウンロード
          </a>
        </div>
      </form>

      {page.rows.length === 0 ? (
        <p role="status">{filtered ? '条件に当てはまる電子証書はありません。' : 'まだ登録された電子証書はありません。'}</p>
      ) : (
        <table class="dsure-table">
          <caption class="visually-hidden">電子証書一覧</caption>
          <thead>
            <tr>
              <th scope="col">保証契約番号</th>
              <th scope="col">保証の種類</th>
              <th scope="col">工事名</th>
              <th scope="col">受注者</th>
              <th scope="col" class="number">保証金額</th>
              <th scope="col">保証期限</th>
              <th scope="col">状態</th>
              <th scope="col">版</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <tr>
                <td class="nowrap">
                  <a href={`/dsure/certificates/${encodeURIComponent(row.guaranteeContractNumber)}`}>{row.guaranteeContractNumber}</a>
                </td>
                <td class="nowrap">{guaranteeTypeLabel(row.guaranteeType)}</td>
                <td>{row.workName}</td>
                <td>{row.contractorName}</td>
                <td class="number nowrap">{formatYen(row.guaranteedAmount)}</td>
                <td class="nowrap">{formatWareki(row.guaranteePeriodEnd)}</td>
                <td>
                  <span class={STATUS_CLASS[row.status]}>{certificateStatusLabel(row.status)}</span>
                </td>
                <td class="nowrap">第{row.latestVersion}版</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="actions" aria-label="ページ送り">
        {!props.isFirstPage && <a href={`/dsure/certificates${searchQuery(values)}`}>最初のページへ</a>}
        {page.nextCursor && (
          <a href={`/dsure/certificates${searchQuery(values, { after: page.nextCursor })}`} rel="next">
            次の{page.rows.length}件へ
          </a>
        )}
      </nav>
    </Layout>
  );
}
