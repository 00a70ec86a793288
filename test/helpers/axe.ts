/**
 * Accessibility scans with axe-core (the engine behind most a11y checkers),
 * injected into a real page. The source goes in through page.evaluate, which the
 * page's Content-Security-Policy does not govern (a <script> tag would be refused).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors of (up to 5 of) the offending elements, and why. */
  nodes: string[];
}

/** WCAG 2.0/2.1 level A and AA rules. */
export const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Every axe rule: WCAG A/AA and axe's best practices (landmarks, headings, regions). */
export const ALL_AXE_RULES: readonly string[] = [];

/** Violations of the rules with these tags (all of axe's rules, best practices included, when empty). */
export async function axeViolations(page: Page, tags: readonly string[] = WCAG_AA): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async (tags) => {
      type Result = { violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }> };
      const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<Result> } }).axe;
      const result = await axe.run(
        document,
        tags.length ? { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] } : { resultTypes: ['violations'] },
      );
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`),
      }));
    },
    [...tags],
  );
}
