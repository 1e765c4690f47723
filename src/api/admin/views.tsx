// API連携 (/dsure/api): an orderer administrator's API tokens and webhook receivers, and the
// latest webhook deliveries. A new token or secret is shown once, on the response of its POST.
import { versionLabel } from '../../documents/index.ts';
import { DsureStyles } from '../../dsure/views/styles.tsx';
import { formatWarekiDateTime } from '../../dsure/views/format.ts';
import { CsrfField, ErrorSummary, TextField, type FormErrors, type FormValues } from '../../web/forms.tsx';
import { Layout, type ViewContext } from '../../web/layout.tsx';
import type { ApiTokenRow } from '../tokens/api-tokens.ts';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../webhooks/webhook-endpoints.ts';

export interface Revealed {
  kind: 'token' | 'secret';
  name: string;
  value: string;
}

function deliveryState(d: WebhookDeliveryRow): { label: string; cls: string } {
  if (d.deliveredAt) return { label: `配信済（${formatWarekiDateTime(d.deliveredAt)}）`, cls: 'status status--ok' };
  if (d.failedAt) return { label: `中止（${d.attempts}回試行）`, cls: 'status status--bad' };
  if (d.attempts === 0) return { label: '送信待ち', cls: 'status' };
  return { label: `再送待ち（${d.attempts}回失敗、次回 ${formatWarekiDateTime(d.nextAttemptAt)}）`, cls: 'status' };
}

export function ApiAdminPage(props: {
  view: ViewContext;
  baseUrl: string;
  tokens: ApiTokenRow[];
  endpoints: WebhookEndpointRow[];
  deliveries: WebhookDeliveryRow[];
  revealed?: Revealed;
  notice?: string;
  tokenValues?: FormValues;
  tokenErrors?: FormErrors;
  webhookValues?: FormValues;
  webhookErrors?: FormErrors;
}) {
  return (
    <Layout view={props.view} title="API連携" wide>
      <DsureStyles />
      <h1>API連携</h1>
      <p class="lead">
        貴団体のシステムから電子証書を取得するためのAPIトークンと、電子証書に変更があったときの通知（Webhook）の受信先を管理します。仕様は{' '}
        <a href="/api/v1/openapi.json">OpenAPI文書（/api/v1/openapi.json）</a> をご覧ください。
      </p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.revealed && (
        <div class="notice" role="status">
          <h2>{props.revealed.kind === 'token' ? `APIトークン「${props.revealed.name}」を発行しました` : `受信先「${props.revealed.name}」を登録しました`}</h2>
          <p>
            <strong>
              {props.revealed.kind === 'token' ? 'このトークン' : '署名の検証に使う secret'}は、この画面でだけ表示します。今すぐ安全な場所に保管してください。
            </strong>
          </p>
          <p>
            <code class="revealed-value">{props.revealed.value}</code>
          </p>
        </div>
      )}

      <h2>APIトークン</h2>
      <p>
        リクエストに <code>Authorization: Bearer &lt;トークン&gt;</code> を付けて送信します。トークンは貴団体の電子証書だけにアクセスでき、発行した管理者の利用を停止すると使えなくなります。
      </p>
      {props.tokens.length === 0 ? (
        <p>発行したAPIトークンはありません。</p>
      ) : (
        <table class="dsure-table">
          <caption class="visually-hidden">APIトークンの一覧</caption>
          <thead>
            <tr>
              <th scope="col">名前</th>
              <th scope="col">トークン</th>
              <th scope="col">発行者</th>
              <th scope="col">発行日時</th>
              <th scope="col">最終利用日時</th>
              <th scope="col">状態</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {props.tokens.map((token) => (
              <tr>
                <td>{token.name}</td>
                <td class="nowrap">
                  <code>{token.hint}</code>
                </td>
                <td>{token.createdByName}</td>
                <td class="nowrap">{formatWarekiDateTime(token.createdAt)}</td>
                <td class="nowrap">{token.lastUsedAt ? formatWarekiDateTime(token.lastUsedAt) : '未使用'}</td>
                <td>{token.revokedAt ? <span class="status status--bad">無効（{formatWarekiDateTime(token.revokedAt)}）</span> : <span class="status status--ok">有効</span>}</td>
                <td>
                  {!token.revokedAt && (
                    <form method="post" action={`/dsure/api/tokens/${token.id}/revoke`} class="inline-form">
                      <CsrfField token={props.view.csrfToken} />
                      <button type="submit" class="button button--danger">
                        無効にする
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorSummary errors={props.tokenErrors} />
      <form method="post" action="/dsure/api/tokens" class="form" novalidate>
        <CsrfField token={props.view.csrfToken} />
        <TextField
          name="name"
          label="トークンの名前"
          hint="用途がわかる名前（例：財務会計システム連携）。100文字以内。"
          values={props.tokenValues}
          errors={props.tokenErrors}
          required
          maxLength={100}
          autocomplete="off"
        />
        <button type="submit" class="button">
          APIトークンを発行する
        </button>
      </form>

      <h2>変更の通知（Webhook）</h2>
      <p>
        貴団体の電子証書一覧にある電子証書に新しい版（変更・解約）が登録されると、受信先のURLへ JSON を POST します。本文と{' '}
        <code>X-DenshiHosho-Timestamp</code> から HMAC-SHA256 を計算し、<code>X-DenshiHosho-Signature</code>（sha256=…）と照合してください。受信に失敗した通知は、間隔を空けて再送します。
      </p>
      {props.endpoints.length > 0 && (
        <table class="dsure-table">
          <caption class="visually-hidden">Webhook の受信先</caption>
          <thead>
            <tr>
              <th scope="col">受信先URL</th>
              <th scope="col">説明</th>
              <th scope="col">登録日時</th>
              <th scope="col">状態</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {props.endpoints.map((endpoint) => (
              <tr>
                <td>
                  <code>{endpoint.url}</code>
                </td>
                <td>{endpoint.description}</td>
                <td class="nowrap">{formatWarekiDateTime(endpoint.createdAt)}</td>
                <td>{endpoint.disabledAt ? <span class="status status--bad">停止</span> : <span class="status status--ok">有効</span>}</td>
                <td>
                  {!endpoint.disabledAt && (
                    <form method="post" action={`/dsure/api/webhooks/${endpoint.id}/disable`} class="inline-form">
                      <CsrfField token={props.view.csrfToken} />
                      <button type="submit" class="button button--danger">
                        停止する
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorSummary errors={props.webhookErrors} />
      <form method="post" action="/dsure/api/webhooks" class="form" novalidate>
        <CsrfField token={props.view.csrfToken} />
        <TextField
          name="url"
          label="受信先URL"
          autocapitalize="none"
          hint="https:// で始まるURL（例：https://keiyaku.city.example.lg.jp/denshi-hosho/webhook）"
          values={props.webhookValues}
          errors={props.webhookErrors}
          required
          maxLength={500}
          autocomplete="off"
          spellcheck={false}
        />
        <TextField name="description" label="説明" hint="任意。100文字以内。" values={props.webhookValues} errors={props.webhookErrors} maxLength={100} autocomplete="off" />
        <button type="submit" class="button">
          受信先を登録する
        </button>
      </form>

      {props.deliveries.length > 0 && (
        <>
          <h2>最近の通知</h2>
          <table class="dsure-table">
            <caption class="visually-hidden">最近の Webhook 通知（新しい順）</caption>
            <thead>
              <tr>
                <th scope="col">日時</th>
                <th scope="col">保証契約番号</th>
                <th scope="col">版</th>
                <th scope="col">受信先URL</th>
                <th scope="col">結果</th>
                <th scope="col">最後の応答</th>
              </tr>
            </thead>
            <tbody>
              {props.deliveries.map((d) => {
                const state = deliveryState(d);
                return (
                  <tr>
                    <td class="nowrap">{formatWarekiDateTime(d.createdAt)}</td>
                    <td class="nowrap">{d.guaranteeContractNumber}</td>
                    <td class="nowrap">{versionLabel(d.version)}</td>
                    <td>
                      <code>{d.url}</code>
                    </td>
                    <td>
                      <span class={state.cls}>{state.label}</span>
                    </td>
                    <td>{d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : '—')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      <p class="field__hint">API のベースURL：{props.baseUrl}/api/v1</p>
    </Layout>
  );
}
