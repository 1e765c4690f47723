// Real Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core,
// against the test's app listening on a real port; screenshots under test-results/<name>/.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { TEST_RESULTS_DIR } from './paths.ts';
import type { TestContext } from './test-context.ts';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Puts the app on a real port, starts Chromium and makes the screenshot folder. */
export async function startBrowserTest(t: TestContext, resultsName: string): Promise<{ browser: Browser; baseUrl: string; results: string }> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  const results = join(TEST_RESULTS_DIR, resultsName);
  mkdirSync(results, { recursive: true });
  return { browser, baseUrl, results };
}
