import { afterEach, describe, expect, it, vi } from 'vitest';
import { documentName, validateInvoke, type OutboxItemView, type ViewName } from '../../shared/ipc.ts';
import { createDeskCore, type DeskCoreHandle } from '../../main/core/desk-core.ts';
import type { DeskHostHooks, DeskTuning } from '../../main/core/host-contract.ts';
import { memoryVault } from './support/desk.ts';
import { makeTempDir } from './support/temp-dir.ts';
import { DEMO_USERS, startGateway, type GatewayProcess } from '../helpers/gateway-process.ts';
import pino from 'pino';

let core: DeskCoreHandle | null = null;
let cleanup: (() => void) | null = null;
let gateway: GatewayProcess | null = null;
afterEach(async () => {
  await core?.stop();
  core = null;
  cleanup?.();
  cleanup = null;
  await gateway?.stop();
  gateway = null;
});

function makeCore(opened: ViewName[] = [], extraHooks: Partial<DeskHostHooks> = {}): DeskCoreHandle {
  const t = makeTempDir();
  cleanup = t.cleanup;
  core = createDeskCore({
    dataDir: t.dir,
    // Nothing listens here: the core must stay usable offline and signed out.
    serverUrl: 'http://127.0.0.1:9',
    vault: memoryVault(),
    version: '1.2.3',
    log: pino({ level: 'silent' }),
    hooks: {
      host: 'electron',
      openWindow: async (view) => {
        opened.push(view);
        return { url: null };
      },
      ...extraHooks,
    },
  });
  return core;
}

describe('the desk core without a session', () => {
  it('starts signed out with an empty, readable store', async () => {
    const c = makeCore();
    await c.start();
    expect(c.status().state).toBe('signed_out');
    const snap = await c.invoke('desk:get-snapshot', {});
    expect(snap).toMatchObject({
      user: null,
      cursor: { epoch: null, lastSeq: 0 },
      activity: [],
      outbox: [],
      state: { rooms: [], reservations: [], tasks: [], payments: [] },
    });
  });

  it('refuses actions before anyone logged in on this desk, and reports a failed login clearly', async () => {
    const c = makeCore();
    await c.start();
    await expect(c.invoke('actions:submit', { command: { type: 'complete_task', taskId: 't1' } })).rejects.toThrow(/Log in first/);
    const login = await c.invoke('session:login', { email: 'a@b.c', password: 'x' });
    expect(login.ok).toBe(false);
    if (!login.ok) expect(login.message).toMatch(/could not be reached/);
    expect(c.status().state).toBe('signed_out');
  });

  it('delegates windows:open to the host and answers app:info from its options', async () => {
    const opened: ViewName[] = [];
    const c = makeCore(opened);
    await c.start();
    expect(await c.invoke('windows:open', { view: 'board' })).toEqual({ url: null });
    expect(opened).toEqual(['board']);
    expect(await c.invoke('app:info', {})).toEqual({
      version: '1.2.3',
      host: 'electron',
      serverUrl: 'http://127.0.0.1:9',
      dataDir: expect.any(String) as string,
      policy: { source: null, values: {} },
    });
  });

  it('only dismisses settled actions', async () => {
    const c = makeCore();
    await c.start();
    await expect(c.invoke('outbox:dismiss', { key: 'nope' })).rejects.toThrow(/Only confirmed or rejected/);
  });
});

/** A started desk core on a real demo gateway; both are stopped after the test. */
async function coreOnGateway(tuning: Partial<DeskTuning> = {}): Promise<{ c: DeskCoreHandle; gw: GatewayProcess }> {
  const gw = await startGateway({ demo: true, args: ['--log-level', 'warn'] });
  gateway = gw;
  const t = makeTempDir();
  cleanup = t.cleanup;
  const c = createDeskCore({
    dataDir: t.dir,
    serverUrl: gw.url,
    vault: memoryVault(),
    version: 'test',
    log: pino({ level: 'silent' }),
    tuning,
    hooks: { host: 'headless', openWindow: async () => ({ url: null }) },
  });
  core = c;
  await c.start();
  return { c, gw };
}

async function signIn(c: DeskCoreHandle, user: { email: string; password: string }): Promise<void> {
  expect((await c.invoke('session:login', { email: user.email, password: user.password })).ok).toBe(true);
  await vi.waitFor(() => expect(c.status().state).toBe('live'), { timeout: 20_000 });
}

describe('print:document', () => {
  it('is validated at the boundary: a strict request with a safe file name', () => {
    expect(validateInvoke('print:document', { mode: 'pdf', suggestedName: 'Invoice 2026-0042' })).toEqual({
      ok: true,
      value: { mode: 'pdf', suggestedName: 'Invoice 2026-0042' },
    });
    for (const bad of [
      { mode: 'fax', suggestedName: 'x' },
      { mode: 'pdf', suggestedName: '../../etc/passwd' },
      { mode: 'pdf', suggestedName: 'a/b' },
      { mode: 'pdf', suggestedName: 'C:\\evil' },
      { mode: 'pdf', suggestedName: '.hidden' },
      { mode: 'pdf', suggestedName: 'a..b' },
      { mode: 'pdf', suggestedName: '' },
      { mode: 'pdf', suggestedName: 'x'.repeat(121) },
      { mode: 'print', suggestedName: 'x', extra: true },
    ]) {
      const result = validateInvoke('print:document', bad);
      expect(result.ok, JSON.stringify(bad)).toBe(false);
      if (!result.ok) expect(result.error.startsWith('invalid print:document request: ')).toBe(true);
    }
  });

  it('makes a valid name of any document title', () => {
    for (const title of ['Invoice 2026/0042', '../../etc/passwd', 'Rechnung Müller', '...', 'Night audit 2026-12-05', 'x'.repeat(300)]) {
      const name = documentName(title);
      expect(validateInvoke('print:document', { mode: 'pdf', suggestedName: name }).ok, name).toBe(true);
    }
    expect(documentName('Invoice 2026/0042')).toBe('Invoice 2026-0042');
  });

  it('answers unsupported when the host has no print hook', async () => {
    const c = makeCore();
    await c.start();
    expect(await c.invoke('print:document', { mode: 'print', suggestedName: 'Night audit' })).toEqual({ ok: false, path: null, reason: 'unsupported' });
  });

  it("hands the request and the host's sender to the host's hook", async () => {
    const printDocument = vi.fn<NonNullable<DeskHostHooks['printDocument']>>(async () => ({ ok: true, path: '/docs/x.pdf' }));
    const c = makeCore([], { printDocument });
    await c.start();
    const sender = { id: 7 };
    expect(await c.invoke('print:document', { mode: 'pdf', suggestedName: 'x' }, { sender })).toEqual({ ok: true, path: '/docs/x.pdf' });
    expect(printDocument).toHaveBeenCalledWith(sender, { mode: 'pdf', suggestedName: 'x' });
  });
});

describe('a desk used by two hotels, one after the other', () => {
  it('shows each hotel only its own queued and refused actions, and keeps the other hotel’s stored', async () => {
    const { c } = await coreOnGateway();
    const pushed: OutboxItemView[][] = [];
    c.onPush((channel, payload) => {
      if (channel === 'desk:outbox') pushed.push(payload as OutboxItemView[]);
    });

    await signIn(c, DEMO_USERS.demoHotel);
    // Refused by the gateway: the desk keeps it, with the reason, for this hotel to see.
    const refused = await c.invoke('actions:submit', { command: { type: 'complete_task', taskId: 'no-such-task' } });
    await vi.waitFor(async () => expect((await c.invoke('desk:get-snapshot', {})).outbox.find((o) => o.key === refused.key)?.state).toBe('rejected'), {
      timeout: 20_000,
    });
    await c.invoke('session:logout', {});

    await signIn(c, DEMO_USERS.harborInn);
    expect((await c.invoke('desk:get-snapshot', {})).outbox).toEqual([]);
    expect(pushed.at(-1)).toEqual([]);
    await c.invoke('session:logout', {});

    await signIn(c, DEMO_USERS.demoHotel);
    const back = await c.invoke('desk:get-snapshot', {});
    expect(back.outbox.map((o) => [o.key, o.state])).toEqual([[refused.key, 'rejected']]);
    // The desk restarted its log from a snapshot; older activity still pages in from the gateway.
    const oldest = back.activity.at(-1)?.seq ?? back.cursor.lastSeq + 1;
    expect(oldest).toBeGreaterThan(60);
    const older = await c.invoke('desk:activity-page', { beforeSeq: oldest, limit: 50 });
    expect(older.map((a) => a.seq)).toEqual(Array.from({ length: 50 }, (_, i) => oldest - 1 - i));
    expect(older.every((a) => a.text.length > 0)).toBe(true);
  }, 60_000);
});

describe('retry now', () => {
  it('reconnects at once when the receptionist asks, instead of waiting for the announced attempt', async () => {
    // Long waits between attempts, so "now" cannot be the backoff's doing.
    const { c, gw } = await coreOnGateway({ backoffBaseMs: 60_000, backoffCapMs: 60_000 });
    await signIn(c, DEMO_USERS.demoHotel);

    await gw.kill9();
    // Offline, with the next attempt announced at least 5 s ahead (a shorter draw just fails again).
    await vi.waitFor(
      () => {
        const s = c.status();
        expect(s.state).toBe('offline');
        expect(Date.parse(s.retryAt ?? '') - Date.now()).toBeGreaterThan(5_000);
      },
      { timeout: 30_000, interval: 50 },
    );
    const announced = Date.parse(c.status().retryAt!);
    await gw.restart();
    await c.invoke('connection:retry-now', {});
    await vi.waitFor(() => expect(c.status().state).toBe('live'), { timeout: 10_000, interval: 50 });
    expect(Date.now()).toBeLessThan(announced);
  }, 60_000);
});
