/**
 * The host-agnostic desk: store + leader connection + session + outbox + fan-out,
 * behind the `DeskCore` interface every host (Electron, browser host, sync CLI)
 * drives. Plain Node only.
 */
import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { describeCommand } from '../../shared/commands.ts';
import type {
  ActivityItem,
  ConnectionStatus,
  DeskCursor,
  DeskSnapshot,
  InvokeChannel,
  InvokeRequest,
  InvokeResponses,
  OutboxItemView,
  PushChannel,
  PushPayloads,
} from '../../shared/ipc.ts';
import { stateToJson } from '../../shared/projection.ts';
import { toActivityItem } from './fanout/activity.ts';
import { DeltaCoalescer } from './fanout/delta-coalescer.ts';
import type { DeskCore, DeskCoreOptions, DeskTuning, InvokeOrigin, PushListener } from './host-contract.ts';
import { GatewayClient } from './net/gateway-client.ts';
import { SessionManager } from './net/session-manager.ts';
import { OutboxSender } from './outbox/outbox-sender.ts';
import { applyDeskRuntimeTuning } from './runtime-tuning.ts';
import { DeskStore, type OutboxRow } from './store/desk-store.ts';
import { StatusTracker } from './sync/status-tracker.ts';
import { SyncEngine, type SyncCounters } from './sync/sync-engine.ts';
import { RotatingLogFile, type RotatingLogOptions } from './rotating-log-file.ts';

export const DEFAULT_TUNING: DeskTuning = {
  backoffBaseMs: 500,
  // A receptionist waits at most 15 s for the desk to notice the gateway is back (QA saw
  // 22-26 s with a 30 s cap), and can press "Retry now".
  backoffCapMs: 15_000,
  stableAfterMs: 30_000,
  // A gateway that hangs is shown offline within 10 s: a ping after 5.5 s of silence,
  // given up after 8.5 s. A quiet desk costs one ping and one timer wake per 5.5 s, the
  // largest part of its idle CPU (bench/desk-ingest.bench.ts), and a gateway with 20,000
  // quiet desks ~3,600 pongs a second.
  heartbeatIntervalMs: 5_500,
  heartbeatTimeoutMs: 8_500,
  wakeProbeMs: 1_500,
  refreshAtFraction: 0.8,
  maxBatchEvents: 2_000,
  // ~5 ms of decoding + commit per turn on the reference box (bench/desk-ingest.bench.ts).
  catchUpSliceEvents: 400,
  catchUpBatchDelayMs: 4,
  deltaIntervalMs: 16,
  deltaBurstMs: 50,
  httpTimeoutMs: 10_000,
  outboxRetryBaseMs: 500,
  outboxRetryCapMs: 30_000,
  dedupCapacity: 10_000,
  externalOutboxPollMs: 0,
};

/** Newest activity items a snapshot carries. */
export const SNAPSHOT_ACTIVITY_ITEMS = 200;

/** Log field paths pino must never print, whatever a caller passes by mistake. */
export const REDACTED_LOG_PATHS = [
  'accessToken',
  'refreshToken',
  'token',
  'password',
  'authorization',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.password',
  '*.authorization',
  'headers.authorization',
];

/** JSON logs to stderr, or appended to the file `to` (created 0600 with its directory, rotated by size). */
export function createDefaultLogger(level = process.env.FRONTDESK_LOG_LEVEL ?? 'info', to: string | 2 = 2, rotation: RotatingLogOptions = {}): Logger {
  const destination = to === 2 ? pino.destination(2) : new RotatingLogFile(to, rotation);
  return pino({ level, base: { app: 'frontdesk-desk' }, redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } }, destination);
}

/** What a host gets: the DeskCore contract plus read-outs for CLIs and tests. */
export interface DeskCoreHandle extends DeskCore {
  status(): ConnectionStatus;
  cursor(): DeskCursor;
  counters(): SyncCounters;
  /** Where the store's damaged database went at start, if it was damaged. */
  movedAsideTo(): string | null;
}

export function toOutboxView(row: OutboxRow): OutboxItemView {
  return {
    key: row.key,
    command: row.command,
    description: row.description,
    operator: row.operator,
    createdAt: row.createdAt,
    state: row.state,
    attempts: row.attempts,
    lastError: row.lastError,
    rejection: row.rejection,
  };
}

interface Running {
  store: DeskStore;
  engine: SyncEngine;
  sender: OutboxSender;
  coalescer: DeltaCoalescer;
  pollTimer: NodeJS.Timeout | null;
}

export function createDeskCore(options: DeskCoreOptions): DeskCoreHandle {
  applyDeskRuntimeTuning();
  const tuning: DeskTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const log = options.log ?? createDefaultLogger();
  const listeners = new Set<PushListener>();
  const client = new GatewayClient(options.serverUrl, tuning.httpTimeoutMs);
  let running: Running | null = null;
  let pending = { keys: new Set<string>() as ReadonlySet<string>, anySent: false };

  const push = <P extends PushChannel>(channel: P, payload: PushPayloads[P]) => {
    for (const l of listeners) {
      try {
        l(channel, payload);
      } catch (err) {
        log.error({ err: (err as Error).message, channel }, 'a push listener threw');
      }
    }
  };

  const status = new StatusTracker(options.serverUrl, null, log, (s) => push('desk:status', s));

  const session = new SessionManager(options.vault, client, log, tuning.refreshAtFraction, {
    onRenewed: (token) => running?.engine.tokenRenewed(token),
    onNeedsLogin: (reason) => running?.engine.pause('needs_login', reason),
  });

  const need = (): Running => {
    if (!running) throw new Error('the desk core is not started');
    return running;
  };

  /** The signed-in hotel's items (the store's organisation: set at login, kept after sign-out). */
  const outboxViews = (): OutboxItemView[] => {
    const store = need().store;
    return store.listOutbox(store.getMeta('orgId')).map(toOutboxView);
  };

  const outboxChanged = () => {
    const r = running;
    if (!r) return;
    const counts = r.store.countOutboxByState();
    pending = { keys: new Set(r.store.pendingKeys()), anySent: counts.sent > 0 };
    if (counts.confirmed > 400) r.store.pruneConfirmed(200);
    if (listeners.size > 0) push('desk:outbox', outboxViews());
  };

  /**
   * Activity older than this desk's own log, from the gateway's history: a desk that
   * started from a snapshot (first login, another hotel used it, a resync) holds only
   * what came after it, but the receptionist can still page back (found in QA).
   * Shown, not stored. Offline, or past the gateway's history: only what the desk has.
   */
  const olderFromGateway = async (r: Running, beforeSeq: number, limit: number): Promise<ActivityItem[]> => {
    if (beforeSeq <= 1 || session.current === null || status.state !== 'live') return [];
    try {
      const after = Math.max(0, beforeSeq - 1 - limit);
      const page = await client.events(await session.accessToken(), after, beforeSeq - 1 - after);
      if (page.epoch !== undefined && page.epoch !== r.engine.cursor.epoch) return [];
      return page.events
        .filter((e) => e.seq < beforeSeq)
        .sort((a, b) => b.seq - a.seq)
        .map((e) => toActivityItem(e, r.engine.state));
    } catch (err) {
      log.info({ err: (err as Error).message, beforeSeq }, 'older activity not available from the gateway');
      return [];
    }
  };

  const rememberUser = (store: DeskStore) => {
    const s = session.current;
    if (!s) return;
    const metaOrg = store.getMeta('orgId');
    if (metaOrg !== null && metaOrg !== s.user.orgId) {
      log.warn({ from: metaOrg, to: s.user.orgId }, 'a user of another organisation logged in: starting this desk over for it');
      store.resetForNewOrg(s.user.orgId);
      running?.engine.reloadFromStore();
      running?.coalescer.markReset({ epoch: null, lastSeq: 0 });
    } else if (metaOrg === null) {
      store.setMeta('orgId', s.user.orgId);
    }
    store.setMeta('lastUser', JSON.stringify({ name: s.user.name, email: s.email, orgId: s.user.orgId }));
  };

  const operatorAndOrg = (store: DeskStore): { operator: string; orgId: string } => {
    const s = session.current;
    if (s) return { operator: `${s.user.name} <${s.email}>`, orgId: s.user.orgId };
    const last = store.getMeta('lastUser');
    if (last) {
      const u = JSON.parse(last) as { name: string; email: string; orgId: string };
      return { operator: `${u.name} <${u.email}>`, orgId: u.orgId };
    }
    throw new Error('Log in first: nobody has used this desk yet.');
  };

  const snapshot = (): DeskSnapshot => {
    const r = need();
    r.coalescer.flush();
    const state = r.engine.state;
    const activity: ActivityItem[] = r.store.recentEvents(SNAPSHOT_ACTIVITY_ITEMS).map((e) => toActivityItem(e, state));
    return {
      user: session.user,
      cursor: r.engine.cursor,
      state: stateToJson(state),
      activity,
      status: status.status,
      outbox: outboxViews(),
    };
  };

  /**
   * One handler per invoke channel, typed by the IPC contract: a channel without a
   * handler, or a handler answering the wrong shape, does not compile. Requests
   * arrive already validated by the host (validateInvoke).
   */
  type Handlers = {
    [C in InvokeChannel]: (request: InvokeRequest<C>, r: Running, origin: InvokeOrigin) => Promise<InvokeResponses[C]> | InvokeResponses[C];
  };
  const handlers: Handlers = {
    'desk:get-snapshot': () => snapshot(),
    'desk:activity-page': async (req, r) => {
      const items = r.store.recentEvents(req.limit, req.beforeSeq).map((e) => toActivityItem(e, r.engine.state));
      if (items.length >= req.limit) return items;
      return items.concat(await olderFromGateway(r, items.at(-1)?.seq ?? req.beforeSeq, req.limit - items.length));
    },
    'session:login': async (req, r) => {
      const result = await session.login(req.email, req.password);
      if (result.ok) {
        rememberUser(r.store);
        r.engine.resume();
        outboxChanged();
        r.sender.kick();
      }
      return result;
    },
    'session:logout': async (_req, r) => {
      r.engine.pause('signed_out', null);
      await session.logout();
      r.coalescer.markReset(r.engine.cursor);
      return null;
    },
    'actions:submit': (req, r) => {
      const { operator, orgId } = operatorAndOrg(r.store);
      const row = r.store.insertOutbox({
        key: randomUUID(),
        orgId,
        command: req.command,
        description: describeCommand(req.command),
        operator,
        createdAt: new Date().toISOString(),
      });
      log.info({ key: row.key, type: row.command.type }, 'action queued');
      outboxChanged();
      r.sender.kick();
      return toOutboxView(row);
    },
    'outbox:dismiss': (req, r) => {
      if (!r.store.dismissOutbox(req.key)) throw new Error('Only confirmed or rejected actions can be dismissed.');
      outboxChanged();
      return null;
    },
    'windows:open': (req) => options.hooks.openWindow(req.view),
    'app:info': () => ({
      version: options.version,
      host: options.hooks.host === 'electron' ? 'electron' : 'browser',
      serverUrl: options.serverUrl,
      dataDir: options.dataDir,
      policy: options.policy ?? { source: null, values: {} },
      ...(options.demoLogins ? { demoLogins: options.demoLogins } : {}),
    }),
    'app:renderer-crashed': (req) => {
      log.error({ host: options.hooks.host, message: req.message, stack: req.stack }, 'renderer crashed: the page reloads itself');
      return null;
    },
    'connection:retry-now': (_req, r) => {
      r.engine.nudge('the receptionist asked to retry now');
      return null;
    },
    'print:document': (req, _r, origin) => {
      const hook = options.hooks.printDocument;
      if (!hook) return { ok: false, path: null, reason: 'unsupported' };
      return hook(origin.sender, req);
    },
  };

  async function handle<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>, origin: InvokeOrigin = {}): Promise<InvokeResponses[C]> {
    const handler: Handlers[C] | undefined = handlers[channel];
    if (!handler) throw new Error(`unknown channel ${String(channel)}`);
    return handler(request, need(), origin);
  }

  return {
    invoke: handle,

    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async start() {
      if (running) return;
      const store = DeskStore.open({
        dataDir: options.dataDir,
        nativeBinding: options.nativeBinding,
        onCorrupt: (message) => log.error({ file: `${options.dataDir}` }, message),
      });
      if (store.salvagedOutboxItems > 0) log.warn({ items: store.salvagedOutboxItems }, 'unsent actions rescued from the damaged database');
      const coalescerState = { engine: null as SyncEngine | null };
      const coalescer = new DeltaCoalescer(
        () => coalescerState.engine!.state,
        (d) => push('desk:delta', d),
        {
          intervalMs: tuning.deltaIntervalMs,
          burstMs: tuning.deltaBurstMs,
          maxActivity: 500,
        },
      );
      const engine = new SyncEngine({
        store,
        client,
        session,
        status,
        log,
        tuning,
        pendingOutbox: () => pending,
        onCommitted: (result, cursor, state) => {
          if (listeners.size > 0) {
            coalescer.add(cursor, result.changed, result.stored.length, () => result.stored.map((e) => toActivityItem(e, state)));
          }
          if (result.confirmedKeys.length > 0) {
            log.info({ keys: result.confirmedKeys }, 'actions confirmed by their events');
            outboxChanged();
          }
        },
        onReplaced: (cursor, confirmedKeys) => {
          coalescer.markReset(cursor);
          if (confirmedKeys.length > 0) outboxChanged();
        },
        onReachable: () => running?.sender.kick(),
      });
      coalescerState.engine = engine;
      const sender = new OutboxSender({
        store,
        client,
        session,
        log,
        retryBaseMs: tuning.outboxRetryBaseMs,
        retryCapMs: tuning.outboxRetryCapMs,
        canSend: () => engine.reachable,
        onChanged: outboxChanged,
      });
      running = { store, engine, sender, coalescer, pollTimer: null };
      status.set('signed_out');
      const lastSync = store.getCursor().syncedAt;
      if (lastSync) status.synced(lastSync);
      outboxChanged();

      if (session.load()) {
        rememberUser(store);
        engine.resume();
      }
      if (tuning.externalOutboxPollMs > 0) {
        // Another process (sync --enqueue) may add actions: data_version tells cheaply.
        let seen = store.dataVersion();
        running.pollTimer = setInterval(() => {
          const v = store.dataVersion();
          if (v === seen) return;
          seen = v;
          outboxChanged();
          sender.kick();
        }, tuning.externalOutboxPollMs);
      }
    },

    async stop() {
      const r = running;
      if (!r) return;
      running = null;
      if (r.pollTimer) clearInterval(r.pollTimer);
      r.sender.stop();
      r.engine.stop();
      session.stop();
      r.coalescer.flush();
      r.coalescer.stop();
      status.stop();
      r.store.close();
    },

    nudge(reason) {
      running?.engine.nudge(reason);
      running?.sender.kick();
    },

    status: () => status.status,
    cursor: () => need().engine.cursor,
    counters: () => ({ ...need().engine.counters }),
    movedAsideTo: () => running?.store.movedAsideTo ?? null,
  };
}
