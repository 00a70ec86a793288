/**
 * An optional V8 CPU profile of the page during one scenario (CDP Profiler), so a
 * slow burst can be traced to the renderer's own functions. Summarised as self
 * time per function (top N) plus the whole .cpuprofile for DevTools.
 */
import type { CDPSession, Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface PageProfiler {
  stop(): Promise<{ profile: CpuProfile; top: Array<{ fn: string; selfMs: number }>; totalMs: number; idleMs: number }>;
}

export async function startPageProfile(page: Page): Promise<PageProfiler> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      await cdp.detach().catch(() => undefined);
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const self = new Map<string, number>();
      for (let i = 0; i < profile.samples.length; i++) {
        const n = byId.get(profile.samples[i]);
        if (!n) continue;
        const f = n.callFrame;
        const file = f.url.split('/').pop() ?? '';
        const key = f.url ? `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}` : f.functionName;
        self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
      }
      const totalMs = (profile.endTime - profile.startTime) / 1000;
      const idleMs = self.get('(idle)') ?? 0;
      const top = [...self.entries()]
        .filter(([fn]) => fn !== '(idle)')
        .sort((a, b) => b[1] - a[1])
        .slice(0, 20)
        .map(([fn, selfMs]) => ({ fn, selfMs: Math.round(selfMs * 10) / 10 }));
      return { profile, top, totalMs, idleMs };
    },
  };
}
