// よくある質問 (/enet/faq): public, so that a company can read it before it registers.
// The orderer section is searchable without JavaScript (?q=).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { normalizeTyped } from '../../domain/index.ts';
import { Layout } from '../../web/layout.tsx';
import { sendPage } from '../../web/render.tsx';
import { listOrderersWithPolicies } from '../applications/queries.ts';
import { enetView } from '../shared/view.ts';
import { GENERAL_FAQ, ordererFaq, type FaqItem } from './faq-content.ts';

/** With more orderers than this, the page lists their names and answers for the one searched. */
const MAX_ORDERERS_ON_PAGE = 30;

function Faq(props: { item: FaqItem; prefix: string; level?: 3 | 4 }) {
  const { item } = props;
  const Heading = props.level === 4 ? 'h4' : 'h3';
  return (
    <section class="faq-item" aria-labelledby={`${props.prefix}-${item.id}`}>
      <Heading id={`${props.prefix}-${item.id}`}>Q. {item.question}</Heading>
      <div class="faq-answer">
        {item.answer.map((p, i) => (
          <p>
            {i === 0 ? 'A. ' : ''}
            {p}
          </p>
        ))}
        {item.list && (
          <ul>
            {item.list.map((l) => (
              <li>{l}</li>
            ))}
          </ul>
        )}
        {item.note && <p>{item.note}</p>}
      </div>
    </section>
  );
}

export function registerFaqRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/enet/faq', { config: { public: true } }, async (request, reply) => {
    const raw = (request.query as { q?: unknown }).q;
    const query = typeof raw === 'string' ? raw.slice(0, 50) : '';
    const q = normalizeTyped(query);
    const orderers = (await listOrderersWithPolicies(ctx.db)).filter((o) => q === '' || normalizeTyped(o.name).includes(q) || normalizeTyped(o.code).includes(q));
    const signedIn = request.actor?.organisationKind === 'contractor';
    return sendPage(
      reply,
      <Layout view={enetView(ctx, request, reply)} title="よくある質問">
        <h1>よくある質問（電子保証）</h1>
        <p class="lead">電子保証（電子証書）のご利用について、よくいただくご質問にお答えします。</p>
        <nav aria-label="このページの目次">
          <ul>
            <li>
              <a href="#general">電子保証について</a>
            </li>
            <li>
              <a href="#orderers">発注者ごとのご案内（対象案件・認証キーの提出方法）</a>
            </li>
          </ul>
        </nav>
        <h2 id="general">電子保証について</h2>
        {GENERAL_FAQ.map((item) => (
          <Faq item={item} prefix="general" />
        ))}
        <p>
          {signedIn ? (
            <a href="/enet/applications/new">保証を申し込む</a>
          ) : (
            <>
              e-Net保証のID登録は <a href="/enet/register">利用者登録</a> から行えます。登録済みの方は <a href="/enet/login">ログイン</a> してください。
            </>
          )}
        </p>
        <h2 id="orderers">発注者ごとのご案内</h2>
        <form method="get" action="/enet/faq#orderers" role="search" class="form">
          <label for="faq-search" class="field__label">
            発注者を検索
          </label>
          <div class="actions">
            <input id="faq-search" type="text" enterkeyhint="search" name="q" value={query} maxLength={50} />
            <button type="submit" class="button button--secondary">
              検索
            </button>
            {query && <a href="/enet/faq#orderers">すべて表示</a>}
          </div>
        </form>
        {orderers.length === 0 ? (
          <p>{query ? `「${query}」に一致する発注者はありません。` : '登録されている発注者はまだありません。'}</p>
        ) : orderers.length > MAX_ORDERERS_ON_PAGE ? (
          <>
            <p>
              {orderers.length}件の発注者があります。発注者名で検索するか、一覧から選んでください。
            </p>
            <ul class="orderer-index">
              {orderers.map((o) => (
                <li>
                  <a href={`/enet/faq?q=${encodeURIComponent(o.code)}#orderers`}>{o.name}</a>
                </li>
              ))}
            </ul>
          </>
        ) : (
          orderers.map((o) => (
            <section class="faq-orderer" aria-labelledby={`orderer-${o.code}`}>
              <h3 id={`orderer-${o.code}`}>{o.name}</h3>
              {ordererFaq(o.name, o.policy).map((item) => (
                <Faq item={item} prefix={`orderer-${o.code}`} level={4} />
              ))}
            </section>
          ))
        )}
      </Layout>,
    );
  });
}
