/**
 * The chaos harness in the test command: a short run against the real gateway and real
 * headless desks must pass, and the same harness must FAIL a deliberately broken desk
 * (one that commits lastSeq before the events it covers) — otherwise a passing run
 * would prove nothing. Longer runs are for people: `npm run chaos -- --seconds 60`.
 */
import { describe, expect, it } from 'vitest';
import { redisAvailable } from '../helpers/redis-process.ts';
import { runChaos } from './harness.ts';

describe('chaos harness', () => {
  it('a short run with many faults of every kind passes: nothing lost, nothing twice, actions once', { timeout: 300_000 }, async () => {
    const lines: string[] = [];
    const report = await runChaos({ seconds: 20, desks: 2, seed: 20261129, out: (l) => lines.push(l) });
    const injected = report.faults.filter((f) => f.injected);
    if (report.failed > 0) console.error(lines.join('\n'));
    expect(report.failed).toBe(0);
    // Every desk got the five per-desk checks; every org its two; plus the fault summary.
    expect(report.checks.filter((c) => c.name === 'nothing lost')).toHaveLength(2);
    expect(report.checks.filter((c) => c.name === 'actions took effect exactly once')).toHaveLength(2);
    expect(injected.length).toBeGreaterThanOrEqual(20);
    expect(new Set(injected.map((f) => f.kind)).size).toBeGreaterThanOrEqual(5);
    expect(report.published).toBeGreaterThan(50);
    expect(report.actions).toBeGreaterThan(5);
    expect(lines[lines.length - 1]).toBe(`${report.passed} passed, 0 failed`);
    expect(lines.filter((l) => /^\[\s*\d+\.\d{3}s\] fault /.test(l))).toHaveLength(injected.length);
  });

  it.skipIf(!redisAvailable())(
    'a short run on Redis with Redis faults (kill -9, partition, rewind to an older snapshot) passes, and the desks resynced to new epochs',
    { timeout: 300_000 },
    async () => {
      const lines: string[] = [];
      const report = await runChaos({ seconds: 15, desks: 2, seed: 11, faultsPerSecond: 2, redis: true, out: (l) => lines.push(l) });
      if (report.failed > 0) console.error(lines.join('\n'));
      expect(report.failed).toBe(0);
      const injected = report.faults.filter((f) => f.injected).map((f) => f.kind);
      expect(injected.filter((k) => k.startsWith('redis-')).length).toBeGreaterThanOrEqual(2);
      expect(report.checks.filter((c) => c.name === 'hash chain' && c.ok)).toHaveLength(2);
      expect(lines.some((l) => /log epoch changed/.test(l))).toBe(true);
    },
  );

  it('catches a desk build that advances lastSeq before committing the events (and passes the same run without it)', { timeout: 400_000 }, async () => {
    const run = (brokenDesk: boolean, lines: string[]) =>
      runChaos({
        seconds: 15,
        desks: 1,
        seed: 4242,
        faultsPerSecond: 0.8,
        brokenDesk,
        // Crashes are what turn that bug into loss; keep the rest of the mix light.
        weights: { 'desk-kill': 0.8, stall: 0.2, cut: 0, 'gateway-kill': 0, 'half-open': 0, 'token-expire': 0, truncate: 0 },
        drainTimeoutMs: 60_000,
        out: (l) => lines.push(l),
      });

    // Control: the real desk, same seed and mix, passes.
    const controlLines: string[] = [];
    const control = await run(false, controlLines);
    if (control.failed > 0) console.error(controlLines.join('\n'));
    expect(control.failed).toBe(0);
    expect(control.faultCounts['desk-kill']).toBeGreaterThan(0);

    // The deliberate bug lives only in the test build test/chaos/broken-desk-sync.ts.
    const lines: string[] = [];
    const report = await run(true, lines);
    const failedChecks = report.checks.filter((c) => !c.ok).map((c) => c.name);
    expect(report.failed).toBeGreaterThan(0);
    expect(failedChecks).toContain('nothing lost');
    expect(lines).toContainEqual(expect.stringMatching(/^FAIL {2}desk-0 +nothing lost: missing without a resync to explain it: /));
    expect(lines[lines.length - 1]).toBe(`${report.passed} passed, ${report.failed} failed`);
  });
});
