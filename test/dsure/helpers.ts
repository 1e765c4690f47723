// Orderers with a signed-in browser, and what a person reads on D-Sure's pages.
import { randomInt } from 'node:crypto';
import { createOrganisation, createUser } from '../support/factories.ts';
import { TestBrowser, visibleText } from '../support/http.ts';
import type { TestContext } from '../support/test-context.ts';

let lastOctet = 0;
/** A fresh client address per browser, so that one test's failures never lock another's address. */
export function nextAddress(): string {
  lastOctet++;
  return `10.${randomInt(1, 250)}.${Math.floor(lastOctet / 250)}.${(lastOctet % 250) + 1}`;
}

export async function ordererWithBrowser(t: TestContext, options: { name?: string; role?: 'orderer_viewer' | 'orderer_admin'; ip?: string } = {}) {
  const organisation = await createOrganisation(t.db, 'orderer', options.name ? { name: options.name } : {});
  const user = await createUser(t.db, organisation, options.role ?? 'orderer_viewer');
  const browser = new TestBrowser(t.app, options.ip ?? nextAddress());
  await browser.login('dsure', user.login_id, user.password);
  return { organisation, user, browser };
}

export async function anotherUserOf(t: TestContext, organisation: Awaited<ReturnType<typeof createOrganisation>>, ip = nextAddress()) {
  const user = await createUser(t.db, organisation, 'orderer_viewer');
  const browser = new TestBrowser(t.app, ip);
  await browser.login('dsure', user.login_id, user.password);
  return { user, browser };
}

/** Types the pair into 電子証書の閲覧 the way a person does (opens the form, submits it). */
export function enterKey(browser: TestBrowser, number: string, key: string) {
  return browser.submit('/dsure/view', '/dsure/view', { number, key });
}

/** The refusal box's message, as read on the page. */
export function refusalOf(html: string): string | null {
  const match = /<h2>電子証書を表示できません<\/h2><p>([^<]*)<\/p>/.exec(html);
  return match ? visibleText(match[1]!) : null;
}

/** Full-width letters and digits, with spaces — the way a key is sometimes typed in Japan. */
export function fullWidthWithSpaces(key: string): string {
  const wide = key.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  return ` ${wide.replaceAll('－', '　').toLowerCase()} `;
}
