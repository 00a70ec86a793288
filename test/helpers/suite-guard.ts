/**
 * A suite that needs something absent (Chromium, redis-server) skips locally with
 * a printed reason, but FAILS in CI, where every suite is required. The Electron
 * binary suite is the one exception and does not use this guard.
 */
export const ALL_SUITES_REQUIRED = process.env.CI === 'true' || process.env.FRONTDESK_REQUIRE_ALL_SUITES === '1';

/** Returns true when the suite may run; prints why it skips, or throws in CI. */
export function requireForSuite(what: string, present: boolean, hint: string): boolean {
  if (present) return true;
  const message = `${what} is not available (${hint})`;
  if (ALL_SUITES_REQUIRED) throw new Error(`${message}: every suite is required in CI`);
  console.warn(`SKIPPING suite: ${message}`);
  return false;
}
