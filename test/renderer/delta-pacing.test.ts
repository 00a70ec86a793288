/**
 * How the renderer bridge paces pushed deltas into the store: applied in an
 * animation frame (never between frames), every delta in order, at most one
 * store update per MIN_APPLY_GAP_MS while a burst lasts, at once after a quiet
 * spell, and by a timer in a hidden window that gets no frames. Runs the real
 * bridge module against a fake `window.frontdesk` and a frame clock the test
 * drives: fake timers, and a 60 Hz requestAnimationFrame built on them (Node has
 * none, and fake timers only replace one that exists).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActivityItem, ConnectionStatus, DeskDelta, DeskSnapshot, FrontdeskApi } from '../../shared/ipc.ts';
import { startBridge, stopBridge } from '../../renderer/src/bridge/bridge.ts';
import { useDesk } from '../../renderer/src/state/store.ts';
import { emptyStateJson } from '../../shared/projection.ts';

const STATUS: ConnectionStatus = { state: 'live', since: '', lastSyncAt: null, progress: null, detail: null, retryAt: null, serverUrl: '' };
const SNAPSHOT: DeskSnapshot = {
  user: null,
  cursor: { epoch: 'e1', lastSeq: 0 },
  state: { ...emptyStateJson(), rooms: [], reservations: [], tasks: [], payments: [] },
  activity: [],
  status: STATUS,
  outbox: [],
};

const activity = (seq: number): ActivityItem => ({
  seq,
  id: `ev-${seq}`,
  service: 'pms',
  kind: 'bench.ping',
  at: new Date(0).toISOString(),
  text: `#${seq}`,
  known: false,
  causedBy: null,
  data: null,
});
const delta = (seq: number): DeskDelta => ({ cursor: { epoch: 'e1', lastSeq: seq }, upserts: {}, activity: [activity(seq)], reset: false });

interface FakeDesk {
  pushDelta(d: DeskDelta): void;
  pushStatus(s: ConnectionStatus): void;
}

function installFakeApi(): FakeDesk {
  let onDelta: (d: DeskDelta) => void = () => undefined;
  let onStatus: (s: ConnectionStatus) => void = () => undefined;
  const api: Partial<FrontdeskApi> = {
    getSnapshot: async () => structuredClone(SNAPSHOT),
    onDelta: (l) => ((onDelta = l), () => undefined),
    onStatus: (l) => ((onStatus = l), () => undefined),
    onOutbox: () => () => undefined,
    appInfo: async () => ({ version: 'test', host: 'browser', serverUrl: 'http://127.0.0.1', dataDir: '/tmp', policy: { source: null, values: {} } }),
  };
  (globalThis as unknown as { window: unknown }).window = { frontdesk: api };
  return { pushDelta: (d) => onDelta(d), pushStatus: (s) => onStatus(s) };
}

/** Seqs of the activity the store holds, oldest first. */
const shownSeqs = () =>
  useDesk
    .getState()
    .activity.map((a) => a.seq)
    .reverse();

async function startWithSnapshot(): Promise<FakeDesk> {
  const desk = installFakeApi();
  startBridge();
  await vi.waitFor(() => expect(useDesk.getState().cursor.epoch).toBe('e1'));
  return desk;
}

describe('renderer bridge: delta pacing', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const FRAME_MS = 1000 / 60;
    vi.stubGlobal('requestAnimationFrame', (callback: (frameTime: number) => void) => {
      const now = performance.now();
      const next = Math.ceil((now + 0.001) / FRAME_MS) * FRAME_MS;
      return setTimeout(() => callback(next), next - now);
    });
    vi.stubGlobal('cancelAnimationFrame', (handle: ReturnType<typeof setTimeout>) => clearTimeout(handle));
  });
  afterEach(() => {
    stopBridge();
    vi.unstubAllGlobals();
    vi.useRealTimers();
    delete (globalThis as unknown as { window?: unknown }).window;
  });

  it('applies a delta that follows a quiet spell in the next frame, not before it', async () => {
    const desk = await startWithSnapshot();
    await vi.advanceTimersByTimeAsync(500);
    desk.pushDelta(delta(1));
    expect(shownSeqs()).toEqual([]); // nothing changes between frames
    await vi.advanceTimersByTimeAsync(17);
    expect(shownSeqs()).toEqual([1]);
  });

  it('during a burst updates the store at most about every 48 ms, with every delta in order', async () => {
    const desk = await startWithSnapshot();
    await vi.advanceTimersByTimeAsync(500);
    let updates = 0;
    const off = useDesk.subscribe(() => updates++);
    // 200 deltas, one every 2 ms: 400 ms of burst.
    for (let seq = 1; seq <= 200; seq++) {
      desk.pushDelta(delta(seq));
      await vi.advanceTimersByTimeAsync(2);
    }
    await vi.advanceTimersByTimeAsync(100);
    off();
    expect(shownSeqs()).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // 400 ms at one update per >= 48 ms (every third 60 Hz frame): at most 10, at least 4.
    expect(updates).toBeLessThanOrEqual(10);
    expect(updates).toBeGreaterThanOrEqual(4);
  });

  it('a hidden window, which gets no animation frames, still applies deltas within 100 ms', async () => {
    const desk = await startWithSnapshot();
    // Hidden: requestAnimationFrame callbacks never run.
    vi.stubGlobal('requestAnimationFrame', () => 1);
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    desk.pushDelta(delta(1));
    desk.pushDelta(delta(2));
    await vi.advanceTimersByTimeAsync(99);
    expect(shownSeqs()).toEqual([]);
    await vi.advanceTimersByTimeAsync(2);
    expect(shownSeqs()).toEqual([1, 2]);
  });

  it('a status push lands after the deltas that arrived before it', async () => {
    const desk = await startWithSnapshot();
    desk.pushDelta(delta(1));
    const seen: Array<{ seqs: number[]; status: string }> = [];
    const off = useDesk.subscribe((s) => seen.push({ seqs: s.activity.map((a) => a.seq), status: s.status?.state ?? 'none' }));
    desk.pushStatus({ ...STATUS, state: 'offline' });
    off();
    // The queued delta was applied first, then the status; no frame was needed.
    expect(seen.map((s) => s.status)).toEqual(['live', 'offline']);
    expect(seen[0].seqs).toEqual([1]);
  });
});
