// The OpenAPI 3.1 document of the orderer API (/api/v1/openapi.json): every endpoint, every
// schema and every error, and the webhook the API sends. The tests validate each response body
// against it (ajv, JSON Schema 2020-12), so the document cannot drift from the code.
import { CERTIFICATE_STATUSES, GUARANTEE_TYPES } from '../domain/index.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const errorResponse = (description: string) => json(ref('Error'), description);

const isoDate = { type: 'string', format: 'date', description: 'YYYY-MM-DD（日本時間の日付）' };
const isoDateTime = { type: 'string', format: 'date-time' };
const yen = { type: 'integer', minimum: 0, description: '円（整数）' };
const hex64 = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const guaranteeContractNumber = { type: 'string', description: '保証契約番号（例：WJ-2026-000123-47）', examples: ['WJ-2026-000123-47'] };

const party = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string' },
    corporateNumber: { type: 'string', description: '法人番号（13桁）' },
    address: { type: 'string' },
    representative: { type: 'string' },
  },
};

export function openApiDocument(baseUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: '電子保証 D-Sure 発注者API / Orderer API',
      version: '1.0.0',
      description: [
        '発注者（官公庁・自治体）のシステムから、電子証書を取得するためのAPIです。',
        'D-Sure の「API連携」で発行したAPIトークンを `Authorization: Bearer <token>` で送信してください。トークンは発行した団体の電子証書だけにアクセスできます。',
        '認証キーの照合（POST /certificates/lookup）は、画面の「電子証書の閲覧」と同じ制限を受けます：誤りが続くと一定時間（約60分）、正しい認証キーでも受け付けません。拒否の理由はいつも同じ 404 の応答です。',
        'エラーはすべて `{"error": {"code": ..., "message": ...}}` の形（message は日本語）で返します。',
        '',
        'For the orderers\' own systems: fetch electronic guarantee certificates by 保証契約番号 + 認証キー, list the certificates registered to the orderer, and receive signed webhooks when a registered certificate changes. Certificates are Ed25519-signed canonical JSON (RFC 8785); verify them with the issuers\' keys at /.well-known/jwks.json (e.g. `npx denshi-hosho verify`).',
      ].join('\n'),
    },
    servers: [{ url: `${baseUrl}/api/v1` }],
    security: [{ bearerAuth: [] }],
    paths: {
      '/certificates/lookup': {
        post: {
          operationId: 'lookupCertificate',
          summary: '保証契約番号と認証キーで電子証書を取得する（貴団体の電子証書一覧にも登録されます）',
          requestBody: { required: true, content: { 'application/json': { schema: ref('LookupRequest') } } },
          responses: {
            '200': json(ref('CertificateDetail'), '電子証書（最新版、状態、すべての版、署名）'),
            '400': errorResponse('入力の形式が正しくない（code: invalid_input、fields に項目ごとの理由）'),
            '401': errorResponse('APIトークンがない・正しくない・無効（code: unauthorized）'),
            '404': errorResponse('保証契約番号または認証キーが正しくないか、閲覧できない電子証書、または一時停止中（code: not_found、いつも同じメッセージ）'),
            '429': errorResponse('誤ったトークンが続いたため一時停止中（code: too_many_requests）'),
          },
        },
      },
      '/certificates': {
        get: {
          operationId: 'listCertificates',
          summary: '貴団体に登録された電子証書の一覧（登録の新しい順、カーソルでページ送り）',
          parameters: [
            { name: 'cursor', in: 'query', required: false, schema: { type: 'string', maxLength: 200 }, description: '前の応答の nextCursor' },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
            { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: CERTIFICATE_STATUSES } },
          ],
          responses: {
            '200': json(ref('CertificateList'), '一覧の1ページ'),
            '400': errorResponse('パラメーターが正しくない（code: invalid_input）'),
            '401': errorResponse('APIトークンがない・正しくない・無効（code: unauthorized）'),
            '429': errorResponse('一時停止中（code: too_many_requests）'),
          },
        },
      },
      '/certificates/{guaranteeContractNumber}': {
        get: {
          operationId: 'getCertificate',
          summary: '貴団体に登録された電子証書を取得する（閲覧として記録されます）',
          parameters: [{ name: 'guaranteeContractNumber', in: 'path', required: true, schema: guaranteeContractNumber }],
          responses: {
            '200': json(ref('CertificateDetail'), '電子証書'),
            '401': errorResponse('APIトークンがない・正しくない・無効（code: unauthorized）'),
            '404': errorResponse('貴団体の電子証書一覧にない（code: not_found）'),
            '429': errorResponse('一時停止中（code: too_many_requests）'),
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openApiDocument',
          summary: 'このAPIの OpenAPI 3.1 文書',
          security: [],
          responses: { '200': json({ type: 'object', required: ['openapi', 'paths'] }, 'OpenAPI 3.1 document') },
        },
      },
    },
    webhooks: {
      'certificate.changed': {
        post: {
          operationId: 'certificateChanged',
          summary: '登録済みの電子証書に新しい版（変更・解約）が登録された',
          description: [
            '貴団体の電子証書一覧にある電子証書に新しい版が登録されると、登録したURLへ POST します。',
            '`X-DenshiHosho-Timestamp`（UNIX秒）と本文から `HMAC-SHA256(secret, timestamp + "." + body)` を計算し、`X-DenshiHosho-Signature: sha256=<hex>` と比べて検証してください（secret は登録時に一度だけ表示）。',
            '2xx 以外の応答・タイムアウト（10秒）は、間隔を空けて再送します（30秒、1分、2分…最大1時間、12回まで）。同じ通知の再送は同じ `id`（`X-DenshiHosho-Delivery`）です。',
          ].join('\n'),
          parameters: [
            { name: 'X-DenshiHosho-Signature', in: 'header', required: true, schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' } },
            { name: 'X-DenshiHosho-Timestamp', in: 'header', required: true, schema: { type: 'string', pattern: '^[0-9]+$' } },
            { name: 'X-DenshiHosho-Event', in: 'header', required: true, schema: { type: 'string', const: 'certificate.changed' } },
            { name: 'X-DenshiHosho-Delivery', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: ref('WebhookEvent') } } },
          responses: { '200': { description: '受信しました（2xx ならどれでも）' } },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'D-Sure の「API連携」で発行したAPIトークン（dhk_…）' },
      },
      schemas: {
        Error: {
          type: 'object',
          additionalProperties: false,
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: ['invalid_input', 'bad_request', 'unauthorized', 'not_found', 'too_many_requests', 'payload_too_large', 'unsupported_media_type', 'internal'] },
                message: { type: 'string', description: '日本語のメッセージ' },
                fields: { type: 'object', additionalProperties: { type: 'string' }, description: '項目ごとの理由（invalid_input）' },
              },
            },
          },
        },
        LookupRequest: {
          type: 'object',
          additionalProperties: false,
          required: ['guaranteeContractNumber', 'authenticationKey'],
          properties: {
            guaranteeContractNumber: { ...guaranteeContractNumber, maxLength: 60 },
            authenticationKey: { type: 'string', maxLength: 80, description: '認証キー（4文字×5組。全角・小文字・空白やハイフンの有無は問いません）' },
          },
        },
        CertificateStatus: { type: 'string', enum: CERTIFICATE_STATUSES, description: 'valid 有効 / changed 変更あり / cancelled 解約 / expired 期間満了' },
        CertificateContent: {
          type: 'object',
          description: '電子証書の記載事項（署名の対象。schema denshi-hosho/certificate/v1）',
          required: [
            'schema',
            'guaranteeContractNumber',
            'version',
            'previousVersionHash',
            'guaranteeType',
            'issuer',
            'contractor',
            'orderer',
            'work',
            'guaranteedAmount',
            'guaranteePeriodStart',
            'guaranteePeriodEnd',
            'terms',
            'issueDate',
            'change',
            'cancelled',
          ],
          properties: {
            schema: { const: 'denshi-hosho/certificate/v1' },
            guaranteeContractNumber,
            version: { type: 'integer', minimum: 1 },
            previousVersionHash: { oneOf: [hex64, { type: 'null' }] },
            guaranteeType: { type: 'string', enum: GUARANTEE_TYPES },
            issuer: { ...party, required: ['name', 'code'], properties: { ...party.properties, code: { type: 'string' } } },
            contractor: party,
            orderer: { ...party, required: ['name', 'code'], properties: { ...party.properties, code: { type: 'string' }, section: { type: 'string' } } },
            work: {
              type: 'object',
              required: ['name', 'site', 'category', 'contractPrice', 'contractDate', 'initialContractDate', 'periodStart', 'periodEnd', 'lowBid'],
              properties: {
                name: { type: 'string' },
                site: { type: 'string' },
                category: { type: 'string' },
                contractPrice: yen,
                contractDate: isoDate,
                initialContractDate: isoDate,
                periodStart: isoDate,
                periodEnd: isoDate,
                lowBid: { type: 'boolean' },
              },
            },
            guaranteedAmount: yen,
            guaranteePeriodStart: isoDate,
            guaranteePeriodEnd: isoDate,
            terms: { type: 'string' },
            issueDate: isoDate,
            change: {
              oneOf: [
                { type: 'null' },
                {
                  type: 'object',
                  required: ['kind', 'reason', 'effectiveDate'],
                  properties: { kind: { type: 'string', enum: ['increase', 'decrease', 'period_change', 'cancellation'] }, reason: { type: 'string' }, effectiveDate: isoDate },
                },
              ],
            },
            cancelled: { type: 'boolean' },
          },
        },
        CertificateSignature: {
          type: 'object',
          additionalProperties: false,
          required: ['alg', 'keyId', 'contentHash', 'signedAt', 'value'],
          properties: {
            alg: { const: 'EdDSA' },
            keyId: { type: 'string', description: '署名鍵ID（RFC 7638 thumbprint）' },
            contentHash: { ...hex64, description: '正規化JSON（RFC 8785）の SHA-256' },
            signedAt: isoDateTime,
            value: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', description: 'Ed25519 署名（base64url）' },
          },
        },
        SignedCertificate: {
          type: 'object',
          additionalProperties: false,
          required: ['content', 'signature'],
          properties: { content: ref('CertificateContent'), signature: ref('CertificateSignature') },
        },
        Verification: {
          description: 'D-Sure に登録された発行者の公開鍵による署名の検証結果',
          oneOf: [
            {
              type: 'object',
              additionalProperties: false,
              required: ['valid', 'keyId', 'contentHash', 'jwksUrl'],
              properties: { valid: { const: true }, keyId: { type: 'string' }, contentHash: hex64, jwksUrl: { type: 'string', format: 'uri' } },
            },
            {
              type: 'object',
              additionalProperties: false,
              required: ['valid', 'reason', 'reasonEn', 'jwksUrl'],
              properties: { valid: { const: false }, reason: { type: 'string' }, reasonEn: { type: 'string' }, jwksUrl: { type: 'string', format: 'uri' } },
            },
          ],
        },
        CertificateVersion: {
          type: 'object',
          additionalProperties: false,
          required: ['version', 'issueDate', 'changeKind', 'contentHash', 'keyId', 'depositedAt', 'signatureValid', 'certificate'],
          properties: {
            version: { type: 'integer', minimum: 1 },
            issueDate: isoDate,
            changeKind: { oneOf: [{ type: 'string', enum: ['increase', 'decrease', 'period_change', 'cancellation'] }, { type: 'null' }] },
            contentHash: hex64,
            keyId: { type: 'string' },
            depositedAt: isoDateTime,
            signatureValid: { type: 'boolean' },
            certificate: ref('SignedCertificate'),
          },
        },
        CertificateDetail: {
          type: 'object',
          additionalProperties: false,
          required: ['guaranteeContractNumber', 'status', 'statusLabel', 'latestVersion', 'issuer', 'registeredAt', 'certificate', 'verification', 'versions'],
          properties: {
            guaranteeContractNumber,
            status: ref('CertificateStatus'),
            statusLabel: { type: 'string', enum: ['有効', '変更あり', '解約', '期間満了'] },
            latestVersion: { type: 'integer', minimum: 1 },
            issuer: { type: 'object', additionalProperties: false, required: ['code', 'name'], properties: { code: { type: 'string' }, name: { type: 'string' } } },
            registeredAt: { ...isoDateTime, description: '貴団体の一覧に登録された日時' },
            certificate: { ...ref('SignedCertificate'), description: '最新版の電子証書（このまま denshi-hosho verify で検証できます）' },
            verification: ref('Verification'),
            versions: { type: 'array', minItems: 1, items: ref('CertificateVersion'), description: 'すべての版（古い順）' },
          },
        },
        CertificateSummary: {
          type: 'object',
          additionalProperties: false,
          required: [
            'guaranteeContractNumber',
            'guaranteeType',
            'guaranteeTypeLabel',
            'workName',
            'contractorName',
            'guaranteedAmount',
            'guaranteePeriodEnd',
            'latestVersion',
            'issuerName',
            'registeredAt',
            'status',
            'statusLabel',
          ],
          properties: {
            guaranteeContractNumber,
            guaranteeType: { type: 'string', enum: GUARANTEE_TYPES },
            guaranteeTypeLabel: { type: 'string' },
            workName: { type: 'string' },
            contractorName: { type: 'string' },
            guaranteedAmount: yen,
            guaranteePeriodEnd: isoDate,
            latestVersion: { type: 'integer', minimum: 1 },
            issuerName: { type: 'string' },
            registeredAt: isoDateTime,
            status: ref('CertificateStatus'),
            statusLabel: { type: 'string' },
          },
        },
        CertificateList: {
          type: 'object',
          additionalProperties: false,
          required: ['items', 'nextCursor'],
          properties: {
            items: { type: 'array', items: ref('CertificateSummary') },
            nextCursor: { oneOf: [{ type: 'string' }, { type: 'null' }], description: '次のページのカーソル（最後のページでは null）' },
          },
        },
        WebhookEvent: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'type', 'createdAt', 'data'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            type: { const: 'certificate.changed' },
            createdAt: isoDateTime,
            data: {
              type: 'object',
              additionalProperties: false,
              required: ['guaranteeContractNumber', 'version', 'changeKind', 'cancelled', 'issueDate', 'guaranteeType', 'href'],
              properties: {
                guaranteeContractNumber,
                version: { type: 'integer', minimum: 2 },
                changeKind: { oneOf: [{ type: 'string', enum: ['increase', 'decrease', 'period_change', 'cancellation'] }, { type: 'null' }] },
                cancelled: { type: 'boolean' },
                issueDate: isoDate,
                guaranteeType: { type: 'string', enum: GUARANTEE_TYPES },
                href: { type: 'string', description: 'この電子証書を取得するAPIのパス（/api/v1/certificates/…）' },
              },
            },
          },
        },
      },
    },
  };
}
