// Which URLs may receive webhooks: HTTPS to a public host. Plain http is accepted only for the
// local machine (127.0.0.1, ::1, localhost) outside production, for development and tests.
// No credentials in the URL, no fragment, no private or loopback address in production.

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

function isPrivateAddress(hostname: string): boolean {
  if (LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost') || hostname.endsWith('.local') || hostname.endsWith('.internal')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (hostname.startsWith('[')) return true; // IPv6 literals: refused (use a host name)
  return false;
}

/** A Japanese reason why the URL cannot receive webhooks, or null when it can. */
export function webhookUrlProblem(text: string, options: { production: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'URLの形式が正しくありません（例：https://keiyaku.city.example.lg.jp/denshi-hosho/webhook）。';
  }
  if (url.username || url.password) return 'URLにユーザー名やパスワードを含めないでください。';
  if (url.hash) return 'URLに「#」以降を含めないでください。';
  if (url.protocol === 'http:') {
    if (!options.production && LOOPBACK_HOSTS.has(url.hostname)) return null;
    return '受信先のURLは https:// で始まるものを指定してください。';
  }
  if (url.protocol !== 'https:') return '受信先のURLは https:// で始まるものを指定してください。';
  if (options.production && isPrivateAddress(url.hostname)) return 'インターネットから到達できるホスト名のURLを指定してください（内部アドレスは指定できません）。';
  return null;
}
