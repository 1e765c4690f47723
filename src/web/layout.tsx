// The one shared Japanese layout: header with the portal's name, the signed-in
// user and logout, the page's content, and a footer. Prints cleanly (print.css rules in app.css).
import type { Children } from './render.tsx';
import { PORTALS, type Portal } from './portals.ts';

export interface ViewContext {
  portal: Portal | null;
  csrfToken: string;
  user: { displayName: string; organisationName: string } | null;
  nav?: { href: string; label: string }[];
}

export function Layout(props: { view: ViewContext; title: string; children: Children; wide?: boolean }) {
  const { view, title } = props;
  const portal = view.portal ? PORTALS[view.portal] : null;
  const pageTitle = portal ? `${title} | ${portal.title}` : `${title} | 電子保証`;
  return (
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{pageTitle}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/app.js" defer />
      </head>
      <body class={view.portal ? `portal-${view.portal}` : 'portal-none'}>
        <a class="skip-link" href="#main">本文へ移動</a>
        <header class="site-header">
          <div class="site-header__inner">
            <a class="site-title" href={portal ? portal.path : '/'}>
              {portal ? portal.title : '電子保証'}
            </a>
            {view.user && (
              <div class="site-user">
                <span>
                  {view.user.organisationName}　{view.user.displayName} 様
                </span>
                <form method="post" action="/logout" class="inline-form">
                  <input type="hidden" name="_csrf" value={view.csrfToken} />
                  <button type="submit" class="button button--quiet">ログアウト</button>
                </form>
              </div>
            )}
          </div>
          {view.user && view.nav && view.nav.length > 0 && (
            <nav class="site-nav" aria-label="メインメニュー">
              <ul>
                {view.nav.map((item) => (
                  <li>
                    <a href={item.href}>{item.label}</a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </header>
        <main id="main" class={props.wide ? 'main main--wide' : 'main'}>
          {props.children}
        </main>
        <footer class="site-footer">
          <p>電子保証システム — 前払金保証・中間前払金保証・契約保証の電子証書</p>
        </footer>
      </body>
    </html>
  );
}
