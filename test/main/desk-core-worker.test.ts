/**
 * The desk core in its worker thread, as the Electron and browser hosts run it: the
 * same contract as the in-thread core (invokes, pushes, the host's token vault), the
 * store flushed on stop, and a worker that dies is replaced without losing what it
 * had committed or the session.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskCoreInWorker } from '../../main/core/worker/desk-core-in-worker.ts';
import type { DeskCore, DeskHostHooks } from '../../main/core/host-contract.ts';
import { bundleDeskWorker } from '../../scripts/bundles.ts';
import type { ConnectionStatus, DeskDelta } from '../../shared/ipc.ts';
import { DEMO_USERS, publish, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import { memoryVault, storedEventKeys, TEST_TUNING, waitFor } from './support/desk.ts';
import { makeTempDir } from './support/temp-dir.ts';

const DEMO = DEMO_USERS.demoHotel;

interface Watched {
  core: DeskCore;
  statuses: ConnectionStatus[];
  deltas: DeskDelta[];
  lastSeq(): number;
}

function watch(core: DeskCore): Watched {
  const statuses: ConnectionStatus[] = [];
  const deltas: DeskDelta[] = [];
  core.onPush((channel, payload) => {
    if (channel === 'desk:status') statuses.push(payload as ConnectionStatus);
    if (channel === 'desk:delta') deltas.push(payload as DeskDelta);
  });
  return {
    core,
    statuses,
    deltas,
    lastSeq: () => Math.max(0, ...deltas.filter((d) => !d.reset).map((d) => d.cursor.lastSeq)),
  };
}

const live = (w: Watched) => w.statuses.at(-1)?.state === 'live';

describe('the desk core in a worker thread', () => {
  let gw: GatewayProcess;
  let workerScript: string;
  const tmp = makeTempDir('fd-worker-');
  const logLines: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });

  /** A worker-hosted core on this test's gateway; `script` defaults to the real bundle. */
  function workerCore(dataDir: string, vault: ReturnType<typeof memoryVault>, hooks: DeskHostHooks, script = workerScript): DeskCore {
    return createDeskCoreInWorker({ workerScript: script, dataDir, serverUrl: gw.url, vault, version: 'test', log, tuning: TEST_TUNING, hooks });
  }

  beforeAll(async () => {
    [gw, workerScript] = await Promise.all([startGateway({ demo: true }), bundleDeskWorker()]);
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    tmp.cleanup();
  });

  it('logs in, catches up, answers invokes, pushes deltas, keeps tokens in the host vault, and flushes on stop', async () => {
    const dataDir = path.join(tmp.dir, 'desk-a');
    const vault = memoryVault();
    const core = workerCore(dataDir, vault, { host: 'browser', openWindow: (view) => Promise.resolve({ url: `http://desk.test/#/${view}` }) });
    const w = watch(core);
    await core.start();
    const login = await core.invoke('session:login', { email: DEMO.email, password: DEMO.password });
    expect(login.ok).toBe(true);
    // The session went to the host's vault, not just the worker's mirror.
    expect(vault.load()?.email).toBe(DEMO.email);
    await waitFor('live', () => live(w));

    const published = await publish(gw.url, { orgId: DEMO.orgId, service: 'spa', kind: 'spa.note', data: { text: 'from the worker test' } });
    await waitFor('the event reached the host thread', () => w.lastSeq() >= published.seq);
    const snap = await core.invoke('desk:get-snapshot', {});
    expect(snap.cursor.lastSeq).toBeGreaterThanOrEqual(published.seq);
    expect(snap.activity.some((a) => a.seq === published.seq)).toBe(true);
    // Host hooks are called on the host's thread.
    expect(await core.invoke('windows:open', { view: 'board' })).toEqual({ url: 'http://desk.test/#/board' });
    // A refused request fails with the core's own message.
    await expect(core.invoke('outbox:dismiss', { key: 'no-such-key' })).rejects.toThrow(/Only confirmed or rejected actions can be dismissed/);
    // The worker's log lines arrive in the host's log.
    expect(logLines.some((l) => l.includes('"thread":"desk-core"') && l.includes('connection live'))).toBe(true);

    await core.stop();
    await expect(core.invoke('app:info', {})).rejects.toThrow(/not running/);
    expect(storedEventKeys(dataDir).some((e) => e.seq === published.seq)).toBe(true);

    // A new run restores the session from the host's vault; logging out clears it there.
    const again = workerCore(dataDir, vault, { host: 'browser', openWindow: () => Promise.resolve({ url: null }) });
    const w2 = watch(again);
    await again.start();
    await waitFor('live again from the stored session', () => live(w2));
    await again.invoke('session:logout', {});
    expect(vault.load()).toBeNull();
    await again.stop();
  }, 60_000);

  it('replaces a worker that dies: pending invokes fail clearly, windows are told to reload, the session and stored events survive', async () => {
    const dataDir = path.join(tmp.dir, 'desk-b');
    // A test build of the worker that dies 1.5 s after it starts (only the first time).
    const marker = path.join(tmp.dir, 'died-once');
    const dying = path.join(tmp.dir, 'dying-worker.cjs');
    writeFileSync(
      dying,
      `const fs = require('node:fs');\n` +
        `require(${JSON.stringify(workerScript)});\n` +
        `if (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, '1'); setTimeout(() => process.exit(7), 1500); }\n`,
    );
    const vault = memoryVault();
    // openWindow never answers: an invoke waiting on it is pending when the worker dies.
    const core = workerCore(dataDir, vault, { host: 'browser', openWindow: () => new Promise<{ url: string | null }>(() => undefined) }, dying);
    const w = watch(core);
    await core.start();
    expect((await core.invoke('session:login', { email: DEMO.email, password: DEMO.password })).ok).toBe(true);
    await waitFor('live', () => live(w));
    const pending = core.invoke('windows:open', { view: 'board' });
    const before = await publish(gw.url, { orgId: DEMO.orgId, service: 'spa', kind: 'spa.note', data: { text: 'before the crash' } });
    await waitFor('stored before the crash', () => w.lastSeq() >= before.seq);

    await expect(pending).rejects.toThrow(/desk core thread exited \(code 7\)/);
    await waitFor('windows told to reload', () => w.deltas.some((d) => d.reset));
    expect(logLines.some((l) => l.includes('restarting the desk core thread'))).toBe(true);
    // The new worker restored the session from the host's vault and went live again.
    const liveAgainFrom = w.statuses.length;
    await waitFor('live again', () => w.statuses.slice(liveAgainFrom - 1).some((s) => s.state === 'live'));
    const after = await publish(gw.url, { orgId: DEMO.orgId, service: 'spa', kind: 'spa.note', data: { text: 'after the crash' } });
    await waitFor('the new worker delivers', () => w.lastSeq() >= after.seq);
    const snap = await core.invoke('desk:get-snapshot', {});
    expect(snap.user?.orgId).toBe(DEMO.orgId);
    const stored = storedEventKeys(dataDir).map((e) => e.seq);
    expect(stored).toContain(before.seq);
    expect(stored).toContain(after.seq);
    // Each event stored once.
    expect(new Set(stored).size).toBe(stored.length);
    await core.stop();
  }, 60_000);

  it('reports a worker that cannot start instead of hanging', async () => {
    const broken = path.join(tmp.dir, 'broken-worker.cjs');
    writeFileSync(broken, `throw new Error('this worker build is broken');\n`);
    const core = workerCore(path.join(tmp.dir, 'desk-c'), memoryVault(), { host: 'browser', openWindow: () => Promise.resolve({ url: null }) }, broken);
    await expect(core.start()).rejects.toThrow(/exited/);
  });
});
