/**
 * Test support for the desk core: an in-process DeskCore on a real SQLite file in a
 * temp dir, a memory token vault, a captured JSON log, and bounded waits.
 */
import pino from 'pino';
import { expect } from 'vitest';
import { Writable } from 'node:stream';
import type { ConnectionState } from '../../../shared/ipc.ts';
import { createDeskCore, REDACTED_LOG_PATHS, type DeskCoreHandle } from '../../../main/core/desk-core.ts';
import type { DeskTuning, StoredSession, TokenVault } from '../../../main/core/host-contract.ts';
import { DeskStore } from '../../../main/core/store/desk-store.ts';

export function memoryVault(initial: StoredSession | null = null): TokenVault & { saved: number } {
  let session = initial;
  const vault = {
    saved: 0,
    description: 'memory (test)',
    load: () => session,
    save: (s: StoredSession) => {
      session = s;
      vault.saved++;
    },
    clear: () => {
      session = null;
    },
  };
  return vault;
}

/** Fast reconnects for tests; production defaults otherwise. */
export const TEST_TUNING: Partial<DeskTuning> = { backoffBaseMs: 50, backoffCapMs: 400, stableAfterMs: 2_000, outboxRetryBaseMs: 50, outboxRetryCapMs: 400 };

export interface TestDesk {
  core: DeskCoreHandle;
  vault: ReturnType<typeof memoryVault>;
  /** Parsed JSON log lines so far. */
  logs: Record<string, unknown>[];
  states: ConnectionState[];
  dataDir: string;
}

export function startDesk(opts: { dataDir: string; serverUrl: string; vault?: ReturnType<typeof memoryVault>; tuning?: Partial<DeskTuning> }): TestDesk {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const log = pino({ level: process.env.DESK_TEST_LOG ?? 'info', redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } }, sink);
  const vault = opts.vault ?? memoryVault();
  const core = createDeskCore({
    dataDir: opts.dataDir,
    serverUrl: opts.serverUrl,
    vault,
    version: 'test',
    log,
    hooks: { host: 'headless', openWindow: async () => ({ url: null }) },
    tuning: { ...TEST_TUNING, ...opts.tuning },
  });
  const states: ConnectionState[] = [];
  core.onPush((channel, payload) => {
    if (channel === 'desk:status') {
      const s = (payload as { state: ConnectionState }).state;
      if (states[states.length - 1] !== s) states.push(s);
    }
  });
  return { core, vault, logs, states, dataDir: opts.dataDir };
}

/** A desk started, signed in as `user` and live on the gateway at `serverUrl`. */
export async function startLiveDesk(opts: Parameters<typeof startDesk>[0] & { user: { email: string; password: string } }): Promise<TestDesk> {
  const { user, ...deskOpts } = opts;
  const desk = startDesk(deskOpts);
  await desk.core.start();
  expect((await desk.core.invoke('session:login', { email: user.email, password: user.password })).ok).toBe(true);
  await waitFor('live', () => desk.core.status().state === 'live');
  return desk;
}

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 20_000, everyMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last instanceof Error ? last.message : JSON.stringify(last))})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The events a desk stored, read through a second (read-only) connection. */
export function storedEventKeys(dataDir: string): { seq: number; id: string; kind: string }[] {
  const store = DeskStore.open({ dataDir, readonly: true, check: 'none' });
  try {
    return [...store.iterateEventKeys()];
  } finally {
    store.close();
  }
}

export function storeIntegrity(dataDir: string): string {
  const store = DeskStore.open({ dataDir, readonly: true, check: 'none' });
  try {
    return store.integrityCheck();
  } finally {
    store.close();
  }
}
