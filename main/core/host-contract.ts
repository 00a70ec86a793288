/**
 * What a host (Electron shell, browser host, headless sync CLI) needs from the
 * host-agnostic desk core, and what the core needs from its host. The core runs
 * under plain Node; nothing here may touch Electron.
 */
import type { InvokeChannel, InvokeRequest, InvokeResponses, PushChannel, PushPayloads, ViewName } from '../../shared/ipc.ts';

export type PushListener = <P extends PushChannel>(channel: P, payload: PushPayloads[P]) => void;

export interface DeskCore {
  /** Handles one invoke whose request the host has ALREADY validated (validateInvoke) and whose sender it checked. */
  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResponses[C]>;
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
}

export interface DeskCoreOptions {
  dataDir: string;
  serverUrl: string;
  vault: TokenVault;
  hooks: DeskHostHooks;
  version: string;
  /** Structured logger (pino); must never be given a token. */
  log?: import('pino').Logger;
}
