/**
 * What a host (Electron shell, browser host, headless sync CLI) needs from the
 * host-agnostic desk core, and what the core needs from its host. The core runs
 * under plain Node; nothing here may touch Electron.
 */
import type { Logger } from 'pino';
import type {
  AppInfo,
  InvokeChannel,
  InvokeRequest,
  InvokeResponses,
  PolicyInEffect,
  PrintRequest,
  PrintResult,
  PushChannel,
  PushPayloads,
  ViewName,
} from '../../shared/ipc.ts';

export type PushListener = <P extends PushChannel>(channel: P, payload: PushPayloads[P]) => void;

/** Who asked, as the host knows it; opaque to the core and handed back to host hooks (Electron: the sender's WebContents). */
export interface InvokeOrigin {
  sender?: unknown;
}

export interface DeskCore {
  /** Handles one invoke whose request the host has ALREADY validated (validateInvoke) and whose sender it checked. */
  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>, origin?: InvokeOrigin): Promise<InvokeResponses[C]>;
  /** Subscribes to pushes for all windows; returns unsubscribe. */
  onPush(listener: PushListener): () => void;
  start(): Promise<void>;
  /** Flushes and closes the store and connection. */
  stop(): Promise<void>;
  /** The OS resumed or the network changed: retry the connection now instead of waiting for backoff. */
  nudge(reason: string): void;
}

/** Stored session tokens. Lives in main only, never sent to a renderer. */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  accessExpiresAt: number;
  user: { id: string; orgId: string; role: string; name: string };
  email: string;
}

/**
 * Where tokens rest between launches. Electron: safeStorage-encrypted file (refuses
 * plain-text backends or warns loudly). Node hosts: a 0600 file with a loud warning.
 */
export interface TokenVault {
  load(): StoredSession | null;
  save(session: StoredSession): void;
  clear(): void;
  /** Human description for logs/doctor, e.g. "safeStorage (gnome_libsecret)" or "plain file (UNENCRYPTED)". */
  readonly description: string;
}

export interface DeskHostHooks {
  /** Opens a view in its own window. Returns a URL when the renderer must open it itself (browser host). */
  openWindow(view: ViewName): Promise<{ url: string | null }>;
  host: 'electron' | 'browser' | 'headless';
  /**
   * Prints the sender's window or saves it as PDF (`sender` is the host's own handle from
   * InvokeOrigin). Without it `print:document` answers `{ ok: false, reason: 'unsupported' }`
   * and the renderer uses window.print() (the browser's own "Save as PDF").
   */
  printDocument?(sender: unknown, request: PrintRequest): Promise<PrintResult>;
}

export interface DeskCoreOptions {
  dataDir: string;
  serverUrl: string;
  vault: TokenVault;
  hooks: DeskHostHooks;
  version: string;
  /** Structured logger (pino); must never be given a token. */
  log?: Logger;
  /**
   * Path of a better-sqlite3 native binary built for this runtime. The Electron host
   * passes its separately rebuilt binary; under plain Node leave it unset (default build).
   */
  nativeBinding?: string;
  /** Tuning and test knobs; every field has a production default. */
  tuning?: Partial<DeskTuning>;
  /** The central policy in effect, for the About panel (none: built-in defaults). */
  policy?: PolicyInEffect;
  /** Only on the embedded demo gateway: its logins, for the login screen. */
  demoLogins?: AppInfo['demoLogins'];
}

/** Timings of the leader connection, outbox and fan-out (milliseconds unless named otherwise). */
export interface DeskTuning {
  /** First reconnect delay ceiling; doubles per failed attempt (full jitter). */
  backoffBaseMs: number;
  /** Largest reconnect delay. */
  backoffCapMs: number;
  /** A connection that stays up this long resets the backoff. */
  stableAfterMs: number;
  /** Send a ws ping after this much inbound silence. */
  heartbeatIntervalMs: number;
  /** Terminate the socket after this much inbound silence (no message, ping or pong). */
  heartbeatTimeoutMs: number;
  /** After the process slept or was stopped: how long the gateway has to answer a ping before reconnecting. */
  wakeProbeMs: number;
  /** Refresh the access token at this fraction of its lifetime. */
  refreshAtFraction: number;
  /** Largest number of events committed in one transaction. */
  maxBatchEvents: number;
  /**
   * While catching up, commit and yield to the event loop after this many events,
   * reading no further meanwhile: bounds how long one turn holds the main thread.
   */
  catchUpSliceEvents: number;
  /** While catching up, wait this long to gather a bigger batch. */
  catchUpBatchDelayMs: number;
  /** Delta pushes to windows: at most one per this interval (bursts use deltaBurstMs). */
  deltaIntervalMs: number;
  deltaBurstMs: number;
  /** HTTP request timeout (login, refresh, snapshot, commands). */
  httpTimeoutMs: number;
  /** Outbox retry delays (full jitter, capped). */
  outboxRetryBaseMs: number;
  outboxRetryCapMs: number;
  /** Recent event ids kept in memory for dedup. */
  dedupCapacity: number;
  /** Poll the store for outbox rows written by another process (sync CLI --enqueue); 0 = off. */
  externalOutboxPollMs: number;
}
