/**
 * The one contract between the main process and renderer windows.
 *
 * - Invoke channels: renderer asks, main answers. Every request is validated with
 *   the schema here at the main boundary (plus a sender-frame check) before any
 *   handler runs.
 * - Pushed events: main tells every window. Deltas are batched and coalesced.
 *
 * Both hosts implement it: Electron (ipcMain / contextBridge) and the browser host
 * (a loopback WebSocket bridge). Renderers only ever see `FrontdeskApi`.
 */
import { z } from 'zod';
import { CommandSchema, type Command } from './commands.ts';
import type { HotelStateJson } from './projection.ts';
import type { User } from './protocol.ts';
import { describeIssue } from './zod-issue.ts';

export const VIEWS = ['today', 'board', 'reservations', 'tasks', 'activity'] as const;
export const ViewSchema = z.enum(VIEWS);
export type ViewName = z.infer<typeof ViewSchema>;

export type ConnectionState =
  | 'signed_out' // no session yet: show the login screen
  | 'connecting'
  | 'catching_up'
  | 'live'
  | 'offline'
  | 'resyncing'
  | 'needs_login'; // session ended (refresh refused): data stays readable

export interface ConnectionStatus {
  state: ConnectionState;
  /** When this state began (ISO). "offline since T" reads it. */
  since: string;
  /** Last time the desk was known to be in step with the gateway (ISO), if ever. */
  lastSyncAt: string | null;
  /** While catching up: events applied of those missing at connect. */
  progress: { done: number; total: number } | null;
  /** A short human reason (last error, why login is needed). */
  detail: string | null;
  /** Offline: when the next connection attempt is due (ISO), for a countdown; null otherwise. */
  retryAt: string | null;
  serverUrl: string;
}

export type OutboxState = 'queued' | 'sent' | 'confirmed' | 'rejected';

export interface OutboxItemView {
  /** The idempotency key: also the outbox item's identity. */
  key: string;
  command: Command;
  description: string;
  operator: string;
  createdAt: string;
  state: OutboxState;
  attempts: number;
  /** Last transport failure while queued (will retry). */
  lastError: string | null;
  /** Why the gateway refused it (state 'rejected'). */
  rejection: { code: string; message: string } | null;
}

export interface ActivityItem {
  seq: number;
  id: string;
  service: string;
  kind: string;
  at: string;
  /** One-line human summary; for unknown kinds, the kind and the text of its data. */
  text: string;
  known: boolean;
  causedBy: string | null;
  /** The event's raw data, so each window can word the sentence in its own language. */
  data: unknown;
}

export interface DeskCursor {
  epoch: string | null;
  lastSeq: number;
}

export interface DeskSnapshot {
  user: User | null;
  cursor: DeskCursor;
  state: HotelStateJson;
  /** Newest first, capped; older pages via `activityPage`. */
  activity: ActivityItem[];
  status: ConnectionStatus;
  outbox: OutboxItemView[];
}

/** A batch of changes since the previous delta (or the snapshot). */
export interface DeskDelta {
  cursor: DeskCursor;
  /** Entities changed, latest version of each. */
  upserts: Partial<HotelStateJson>;
  /** New activity, ascending seq. */
  activity: ActivityItem[];
  /** Local state was replaced (resync, logout): reload the snapshot instead of applying. */
  reset: boolean;
}

/** `retryable`: the gateway could not be reached or failed (not a refusal of the credentials). */
export type LoginResult = { ok: true; user: User } | { ok: false; message: string; retryable?: boolean };

/** The central policy as the desk applies it (shown read-only in the About panel). */
export interface PolicyInEffect {
  /** The file / registry key / managed preferences it came from; null = no policy, built-in defaults. */
  source: string | null;
  values: Record<string, string | boolean>;
}

export interface AppInfo {
  version: string;
  host: 'electron' | 'browser';
  serverUrl: string;
  dataDir: string;
  policy: PolicyInEffect;
  /** Only when the desk runs on the embedded demo gateway: its logins, shown on the login screen. */
  demoLogins?: { email: string; password: string; name: string }[];
}

/**
 * A file name the host may use for a saved document: letters, digits, space, dot,
 * dash, underscore; no path separators, no "..", no leading dot. `.pdf` is added by the host.
 */
export const DOCUMENT_NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,119}$/u;
export const PrintRequestSchema = z
  .object({
    mode: z.enum(['print', 'pdf']),
    suggestedName: z
      .string()
      .max(120)
      .regex(DOCUMENT_NAME_PATTERN, 'letters, digits, space, dot, dash or underscore only')
      .refine((s) => !s.includes('..'), 'no ".."'),
  })
  .strict();
export type PrintRequest = z.infer<typeof PrintRequestSchema>;

/** `path`: where the PDF was saved; `reason`: 'unsupported' (the host has no print hook), 'cancelled', or the failure. */
export interface PrintResult {
  ok: boolean;
  path: string | null;
  reason?: string;
}

/** Turns a document title (e.g. "Invoice 2026/0042") into a name DOCUMENT_NAME_PATTERN accepts. */
export function documentName(title: string): string {
  const cleaned = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._-]+/gu, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .slice(0, 120)
    .trim();
  return cleaned || 'document';
}

/** Invoke channels: name → request schema. Responses are typed by `InvokeResponses`. */
export const invokeChannels = {
  'desk:get-snapshot': z.object({}).strict(),
  'desk:activity-page': z.object({ beforeSeq: z.number().int().positive(), limit: z.number().int().min(1).max(500) }).strict(),
  'session:login': z.object({ email: z.string().min(3).max(254), password: z.string().min(1).max(1024) }).strict(),
  'session:logout': z.object({}).strict(),
  'actions:submit': z.object({ command: CommandSchema }).strict(),
  'outbox:dismiss': z.object({ key: z.string().min(1).max(128) }).strict(),
  'windows:open': z.object({ view: ViewSchema }).strict(),
  'app:info': z.object({}).strict(),
  'connection:retry-now': z.object({}).strict(),
  /** The renderer caught a crash of its UI and is about to reload the page; the host logs it. */
  'app:renderer-crashed': z.object({ message: z.string().max(2000), stack: z.string().max(8000).optional() }).strict(),
  /** Print the sender's window, or save it as PDF (Electron); hosts without a print hook answer `reason: 'unsupported'`. */
  'print:document': PrintRequestSchema,
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type InvokeRequest<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]>;

export interface InvokeResponses {
  'desk:get-snapshot': DeskSnapshot;
  'desk:activity-page': ActivityItem[];
  'session:login': LoginResult;
  'session:logout': null;
  'actions:submit': OutboxItemView;
  'outbox:dismiss': null;
  /** `url` is set by hosts where the renderer must open the window itself (browser host). */
  'windows:open': { url: string | null };
  'app:info': AppInfo;
  /** Offline: try to reconnect now instead of waiting out the backoff. */
  'connection:retry-now': null;
  'app:renderer-crashed': null;
  'print:document': PrintResult;
}

/** Pushed events: name → payload. */
export interface PushPayloads {
  'desk:delta': DeskDelta;
  'desk:status': ConnectionStatus;
  'desk:outbox': OutboxItemView[];
}
export type PushChannel = keyof PushPayloads;
export const PUSH_CHANNELS: readonly PushChannel[] = ['desk:delta', 'desk:status', 'desk:outbox'];

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(invokeChannels, name);
}

export type IpcValidation<C extends InvokeChannel> = { ok: true; value: InvokeRequest<C> } | { ok: false; error: string };

/** The single validation step every host runs before a handler sees a request. */
export function validateInvoke<C extends InvokeChannel>(channel: C, payload: unknown): IpcValidation<C> {
  // Hosts check isInvokeChannel first, but the channel name comes from a renderer: an
  // unknown one (even "__proto__" or "toString") must be a clear error here too, never a TypeError.
  if (!isInvokeChannel(channel)) return { ok: false, error: `unknown IPC channel ${JSON.stringify(String(channel).slice(0, 64))}` };
  const parsed = invokeChannels[channel].safeParse(payload ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as InvokeRequest<C> };
  return { ok: false, error: `invalid ${channel} request: ${describeIssue(parsed.error)}` };
}

/**
 * What the preload exposes as `window.frontdesk`: narrow and typed. Listeners
 * return an unsubscribe function. No raw IPC, no token, no network.
 */
export interface FrontdeskApi {
  getSnapshot(): Promise<DeskSnapshot>;
  activityPage(beforeSeq: number, limit: number): Promise<ActivityItem[]>;
  login(email: string, password: string): Promise<LoginResult>;
  logout(): Promise<void>;
  submit(command: Command): Promise<OutboxItemView>;
  dismissOutboxItem(key: string): Promise<void>;
  openWindow(view: ViewName): Promise<void>;
  appInfo(): Promise<AppInfo>;
  /** Offline: reconnect now instead of waiting for the next attempt. */
  retryNow(): Promise<void>;
  /** The UI crashed and the page is about to reload: tell the host, which logs it. */
  reportCrash(report: { message: string; stack?: string }): Promise<void>;
  /** Prints the window (mode 'print') or saves it as PDF (mode 'pdf'); `reason: 'unsupported'` where the host cannot (use window.print()). */
  printDocument(mode: PrintRequest['mode'], suggestedName: string): Promise<PrintResult>;
  onDelta(listener: (delta: DeskDelta) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  onOutbox(listener: (items: OutboxItemView[]) => void): () => void;
}

/** The name under which preloads expose the API (window.frontdesk). */
export const API_GLOBAL = 'frontdesk';
