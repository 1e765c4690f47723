// Accessibility checks in real Chromium with axe-core. The app's Content-Security-Policy forbids
// inline scripts, and Playwright injects a script file as inline content: the browser context
// must be created with `bypassCSP: true` for the check (the page itself is unchanged).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './paths.ts';

export const AXE_SOURCE = join(ROOT, 'node_modules/axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string; html: string; summary: string }[];
}

export interface AxeReport {
  url: string;
  violations: AxeViolation[];
  passes: number;
}

/** Runs axe-core (WCAG 2.x A/AA and best practices) on the page as it is now. */
export async function runAxe(page: Page): Promise<AxeReport> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ path: AXE_SOURCE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[]; passes: unknown[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return {
      passes: r.passes.length,
      violations: (r.violations as { id: string; impact: AxeViolation['impact']; help: string; nodes: { target: unknown[]; html: string; failureSummary?: string }[] }[]).map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.map(String).join(' '), html: n.html.slice(0, 200), summary: n.failureSummary ?? '' })),
      })),
    };
  });
  return { url: page.url(), ...result };
}

/** The violations a person with a disability would be blocked or seriously hindered by. */
export function seriousViolations(report: AxeReport): AxeViolation[] {
  return report.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
