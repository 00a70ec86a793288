/**
 * The all-day desk on real processes: a gateway that hangs (SIGSTOP) rather than dies,
 * a desk process that sleeps (SIGSTOP, as a laptop lid closes) and wakes, and a quiet
 * desk that keeps its connection. Production heartbeat timings throughout (only the
 * reconnect backoff is shortened, as in every desk test). No timing thresholds: the
 * tests assert the state changes; how fast they happen is measured in bench/.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { DeskStore } from '../../main/core/store/desk-store.ts';
import { DEFAULT_TUNING } from '../../main/core/desk-core.ts';
import { startLiveDesk, waitFor, type TestDesk } from './support/desk.ts';
import { startSync, type SyncProcess } from './support/sync-process.ts';
import { makeTempDir } from './support/temp-dir.ts';

const USER = DEMO_USERS.demoHotel;

function publishSome(url: string, n: number, tag: string): Promise<{ seq: number }[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      publish(url, { orgId: USER.orgId, service: 'spa', kind: 'spa.visit_logged', data: { i, tag }, idempotencyKey: `${tag}-${i}` }),
    ),
  );
}

function resume(pid: number): void {
  try {
    process.kill(pid, 'SIGCONT');
  } catch {
    // already gone
  }
}

describe('a desk connected to a gateway that hangs', () => {
  let gw: GatewayProcess;
  let desk: TestDesk;
  const tmp = makeTempDir();

  beforeAll(async () => {
    gw = await startGateway({ demo: true });
    desk = await startLiveDesk({ dataDir: tmp.dir, serverUrl: gw.url, user: USER });
  });

  afterAll(async () => {
    if (gw) resume(gw.pid);
    await desk?.core.stop();
    await gw?.stop();
    tmp.cleanup();
  });

  it('stays live while quiet for longer than its heartbeat timeout (pings are answered)', async () => {
    const connects = desk.core.counters().connects;
    const states = desk.states.length;
    // Wait on the desk's own clock for more than the silence it tolerates.
    const quietMs = DEFAULT_TUNING.heartbeatTimeoutMs + 2 * DEFAULT_TUNING.heartbeatIntervalMs;
    await new Promise((r) => setTimeout(r, quietMs));
    expect(desk.core.status().state).toBe('live');
    expect(desk.core.counters().connects).toBe(connects);
    expect(desk.states.length).toBe(states);
  }, 60_000);

  it('shows offline while the gateway is stopped, keeps an attempt pending, and is live again when it resumes', async () => {
    const before = desk.core.counters().connects;
    process.kill(gw.pid, 'SIGSTOP');
    let resumed = false;
    try {
      await waitFor('offline after the gateway stopped answering', () => desk.core.status().state === 'offline', 60_000);
      expect(desk.logs.some((l) => typeof l.error === 'string' && l.error.includes('heartbeat timeout'))).toBe(true);
      // The TCP connect succeeds (the kernel queues it) but the upgrade is never answered:
      // the desk must recognise that as a hang and immediately try again, not back off.
      await waitFor(
        'a handshake that timed out against the stopped gateway',
        () => desk.logs.some((l) => l.msg === 'stream closed' && typeof l.error === 'string' && l.error.includes('handshake has timed out')),
        60_000,
      );
      expect(desk.core.status().state).toBe('offline');
      process.kill(gw.pid, 'SIGCONT');
      resumed = true;
      await waitFor('live again after the gateway resumed', () => desk.core.status().state === 'live', 30_000);
    } finally {
      if (!resumed) resume(gw.pid);
    }
    expect(desk.core.counters().connects).toBeGreaterThan(before);
    // And it really is in step: a new event arrives.
    const [{ seq }] = await publishSome(gw.url, 1, 'after-hang');
    await waitFor('the event published after the hang', () => desk.core.cursor().lastSeq >= seq);
    expect(desk.states.slice(desk.states.lastIndexOf('offline'))).toEqual(['offline', 'catching_up', 'live']);
  }, 120_000);
});

describe('a desk process that sleeps (SIGSTOP) and wakes (SIGCONT)', () => {
  const dirs: ReturnType<typeof makeTempDir>[] = [];
  let gw: GatewayProcess | null = null;
  let sync: SyncProcess | null = null;

  afterEach(async () => {
    if (sync) {
      resume(sync.child.pid!);
      await sync.kill9();
    }
    sync = null;
    await gw?.stop();
    gw = null;
    for (const d of dirs.splice(0)) d.cleanup();
  });

  async function sleepAndWake(gateway: GatewayProcess, pauseMs: number): Promise<{ linesAtWake: number; head: number; proc: SyncProcess; dir: string }> {
    const tmp = makeTempDir();
    dirs.push(tmp);
    const proc = startSync({ server: gateway.url, dataDir: tmp.dir, email: USER.email, password: USER.password });
    sync = proc;
    await proc.waitForLine((l) => l.msg === 'connection live');
    const pid = proc.child.pid!;
    process.kill(pid, 'SIGSTOP');
    let head = 0;
    try {
      // Events keep happening while the desk sleeps.
      const published = await publishSome(gateway.url, 200, `asleep-${pauseMs}`);
      head = Math.max(...published.map((p) => p.seq));
      await new Promise((r) => setTimeout(r, pauseMs));
    } finally {
      resume(pid);
    }
    return { linesAtWake: proc.lines.length, head, proc, dir: tmp.dir };
  }

  function storedThrough(dir: string): number {
    const store = DeskStore.open({ dataDir: dir, readonly: true, check: 'none' });
    try {
      return store.getCursor().lastSeq;
    } finally {
      store.close();
    }
  }

  function lastState(proc: SyncProcess): unknown {
    return [...proc.lines].reverse().find((l) => typeof l.msg === 'string' && l.msg.startsWith('connection '))?.state;
  }

  it('wakes on the same connection when the gateway kept it, and catches up on what happened meanwhile', async () => {
    gw = await startGateway({ demo: true });
    // Longer than the heartbeat timeout: without wake detection the desk would blame the gateway.
    const { linesAtWake, head, proc, dir } = await sleepAndWake(gw, DEFAULT_TUNING.heartbeatTimeoutMs + 4_000);
    await waitFor('every event of the sleep stored', () => storedThrough(dir) >= head, 30_000);
    expect(lastState(proc)).toBe('live');
    const after = proc.lines.slice(linesAtWake);
    // The wake was seen as ours, and the socket was probed rather than killed.
    expect(after.some((l) => l.msg === 'stream closed')).toBe(false);
    expect(after.some((l) => typeof l.error === 'string' && l.error.includes('heartbeat timeout'))).toBe(false);
  }, 90_000);

  it('reconnects at once on waking when the gateway dropped it meanwhile, and catches up', async () => {
    // The gateway pings every second and drops a socket that misses one: it gives up on the sleeper.
    gw = await startGateway({ demo: true, args: ['--heartbeat-ms', '1000'] });
    const { linesAtWake, head, proc, dir } = await sleepAndWake(gw, 6_000);
    await waitFor('every event of the sleep stored', () => storedThrough(dir) >= head, 30_000);
    // The events already in the socket's buffer may be stored before the dropped connection's end
    // is read: wait for the new connection itself, not a 'live' left over from before the sleep.
    await waitFor('a new connection after the wake', () => proc.lines.slice(linesAtWake).some((l) => l.msg === 'stream hello'), 30_000);
    await waitFor('live again', () => lastState(proc) === 'live');
    const after = proc.lines.slice(linesAtWake);
    expect(after.some((l) => l.msg === 'stream closed')).toBe(true);
    expect(after.some((l) => l.msg === 'stream hello')).toBe(true);
  }, 90_000);
});
