/**
 * The ONE module that talks to `window.frontdesk`. It loads the snapshot,
 * subscribes to pushed deltas / status / outbox, writes each into the store in a
 * single update, and exposes the actions components call. Components never see
 * the API object.
 */
import type { Command } from '../../../shared/commands.ts';
import type { AppInfo, DeskDelta, FrontdeskApi, LoginResult, OutboxItemView, PrintResult, ViewName } from '../../../shared/ipc.ts';
import { i18n } from '../i18n/index.ts';
import { setPolicyLanguage } from '../i18n/desk-language.ts';
import { useDesk, withDelta, withOutbox, withSnapshot, withSubmitted, type DeskState } from '../state/store.ts';
import { findApi } from './api.ts';

const PAGE_SIZE = 200;

let api: FrontdeskApi | null = null;
let unsubscribers: Array<() => void> = [];
/** Deltas that arrived while a snapshot was loading; applied after it if newer. */
let pending: DeskDelta[] | null = null;
let loadingOlder = false;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function loadSnapshot(): Promise<void> {
  if (!api) return;
  if (pending) return; // a load is already under way; its buffered deltas cover this one
  flushQueuedDeltas(); // older than the snapshot about to load, but keeps pushes in order
  if (pending) return; // one of them was a reset and started a load
  pending = [];
  try {
    const snap = await api.getSnapshot();
    const buffered = pending;
    pending = null;
    useDesk.setState((s) => withSnapshot(s, snap));
    applyDeltas(buffered);
  } catch (err) {
    pending = null;
    useDesk.setState({ phase: 'error', phaseError: i18n.t('app.loadFailed', { error: errorText(err) }) });
  }
}

/**
 * Deltas are applied in requestAnimationFrame, all that arrived since the last
 * apply in ONE store update, so React renders them right before the frame that
 * paints them. Applying a delta the moment it arrives would not paint it sooner
 * (the next frame paints either way), but it would leave the DOM changed between
 * frames, and Chromium's cursor-update hit test (the pointer resting over a list)
 * then forces an extra style + layout pass outside the frame.
 *
 * While deltas keep coming (a burst), the screen is re-rendered at most every
 * MIN_APPLY_GAP_MS (about 20 times a second) instead of every frame: nobody reads
 * faster, and each re-render of a list that moves costs layout, raster and
 * compositing. On a 2-core desk at 1,000 events/s this halved the page's CPU and
 * with it the queueing that made the slowest events late (bench/renderer.bench.ts).
 * A delta after a quiet spell is applied in the very next frame.
 *
 * Hidden windows get no frames, so a timer stands in. Status/outbox pushes and
 * snapshot loads apply what is queued first, so the store sees every push in
 * arrival order.
 */
const MIN_APPLY_GAP_MS = 48;
/** Stands in for the frame in a hidden window (no requestAnimationFrame callbacks). */
const HIDDEN_FALLBACK_MS = 100;
let queued: DeskDelta[] = [];
let frameHandle: number | null = null;
let timerHandle: ReturnType<typeof setTimeout> | null = null;
/** Frame time (or performance.now()) of the last apply from a frame or the timer. */
let lastApplyAt = -Infinity;

function cancelFrameWait(): void {
  if (frameHandle !== null) cancelAnimationFrame(frameHandle);
  if (timerHandle !== null) clearTimeout(timerHandle);
  frameHandle = null;
  timerHandle = null;
}

function waitForFrame(): void {
  if (frameHandle !== null || timerHandle !== null) return;
  if (typeof requestAnimationFrame === 'function') frameHandle = requestAnimationFrame(onFrame);
  timerHandle = setTimeout(onTimer, HIDDEN_FALLBACK_MS);
}

function onFrame(frameTime: number): void {
  if (frameTime - lastApplyAt < MIN_APPLY_GAP_MS) {
    // In a burst: let this frame go by; the fallback timer keeps running.
    frameHandle = requestAnimationFrame(onFrame);
    return;
  }
  applyQueued(frameTime);
}

function onTimer(): void {
  applyQueued(performance.now());
}

function applyQueued(now: number): void {
  cancelFrameWait();
  // A status/outbox push may have applied the queue already: an empty frame is no
  // re-render, so it must not hold back the next delta.
  if (queued.length === 0) return;
  lastApplyAt = now;
  flushQueuedDeltas();
}

function receiveDelta(delta: DeskDelta): void {
  if (pending) {
    pending.push(delta);
    return;
  }
  queued.push(delta);
  waitForFrame();
}

/** Applies deltas still waiting for a frame now (before a push that must follow them). */
function flushQueuedDeltas(): void {
  if (queued.length === 0) return;
  const batch = queued;
  queued = [];
  applyDeltas(batch);
}

function applyDeltas(batch: readonly DeskDelta[]): void {
  let state: DeskState | null = null;
  let update: Partial<DeskState> = {};
  const commit = () => {
    if (state) useDesk.setState(update);
    state = null;
    update = {};
  };
  for (let i = 0; i < batch.length; i++) {
    const delta = batch[i];
    if (pending) {
      pending.push(delta);
      continue;
    }
    const current: DeskState = state ?? useDesk.getState();
    const { cursor } = current;
    if (delta.reset || (cursor.epoch !== null && delta.cursor.epoch !== null && delta.cursor.epoch !== cursor.epoch)) {
      commit();
      // Sets `pending` at once, so the rest of this batch is buffered behind the new snapshot.
      void loadSnapshot();
      continue;
    }
    // Older than the snapshot we hold (buffered while it loaded): deltas carry latest
    // versions, so replaying an older one would regress entities.
    if (delta.cursor.epoch === cursor.epoch && delta.cursor.lastSeq < cursor.lastSeq) continue;
    const changes = withDelta(current, delta);
    state = { ...current, ...changes };
    update = { ...update, ...changes };
  }
  commit();
}

/** Starts the bridge once per window. Safe to call again (e.g. hot reload). */
export function startBridge(): void {
  stopBridge();
  api = findApi();
  if (!api) {
    useDesk.setState({ phase: 'no_api', phaseError: i18n.t('app.apiMissing') });
    return;
  }
  // Subscribe before loading so nothing falls between the snapshot and the first delta.
  unsubscribers = [
    api.onDelta(receiveDelta),
    api.onStatus((status) => {
      flushQueuedDeltas();
      useDesk.setState({ status });
    }),
    api.onOutbox((items) => {
      flushQueuedDeltas();
      useDesk.setState((s) => withOutbox(s, items));
    }),
  ];
  // IT may fix the desk's language by policy; main reports the policy in effect.
  api.appInfo().then(
    (info) => {
      const lang = info.policy?.values?.language;
      if (typeof lang === 'string') setPolicyLanguage(lang);
    },
    () => undefined,
  );
  void loadSnapshot();
}

export function stopBridge(): void {
  for (const off of unsubscribers) off();
  unsubscribers = [];
  cancelFrameWait();
  queued = [];
  pending = null;
}

function requireApi(): FrontdeskApi {
  if (!api) throw new Error(i18n.t('app.noApi'));
  return api;
}

export async function login(email: string, password: string): Promise<LoginResult> {
  try {
    const result = await requireApi().login(email, password);
    if (result.ok) await loadSnapshot();
    return result;
  } catch (err) {
    return { ok: false, message: errorText(err) };
  }
}

export async function logout(): Promise<void> {
  await requireApi().logout();
  await loadSnapshot();
}

/** Queues a command; it shows as pending at once (derived from the returned outbox item). */
export async function submit(command: Command): Promise<OutboxItemView> {
  const item = await requireApi().submit(command);
  flushQueuedDeltas();
  useDesk.setState((s) => withSubmitted(s, item));
  return item;
}

export async function dismissOutboxItem(key: string): Promise<void> {
  await requireApi().dismissOutboxItem(key);
  flushQueuedDeltas();
  useDesk.setState((s) =>
    withOutbox(
      s,
      s.outbox.filter((o) => o.key !== key),
    ),
  );
}

/** Offline: reconnect now instead of waiting for the next attempt. */
export async function retryNow(): Promise<void> {
  await requireApi().retryNow();
}

/** The UI crashed: the host logs it (the page then reloads). */
export async function reportCrash(message: string, stack?: string): Promise<void> {
  await requireApi().reportCrash({ message, ...(stack ? { stack } : {}) });
}

/** Version, gateway, data directory and the policy in effect (the About panel). */
export async function appInfo(): Promise<AppInfo> {
  return requireApi().appInfo();
}

/** Prints the window or saves it as PDF through the host; null when there is no host API (tests, plain page). */
export async function printDocument(mode: 'print' | 'pdf', suggestedName: string): Promise<PrintResult | null> {
  return api ? api.printDocument(mode, suggestedName) : null;
}

export async function openWindow(view: ViewName): Promise<void> {
  await requireApi().openWindow(view);
}

/** Fetches the page of activity older than what is shown. */
export async function loadOlderActivity(): Promise<number> {
  if (loadingOlder) return 0;
  const oldest = useDesk.getState().activity.at(-1);
  if (!oldest || oldest.seq <= 1) {
    useDesk.setState({ activityExhausted: true });
    return 0;
  }
  loadingOlder = true;
  try {
    const page = await requireApi().activityPage(oldest.seq, PAGE_SIZE);
    useDesk.setState((s) => {
      const last = s.activity.at(-1)?.seq ?? Infinity;
      const older = page.filter((a) => a.seq < last).sort((a, b) => b.seq - a.seq);
      const activity = s.activity.concat(older);
      return {
        activity,
        activityLimit: Math.max(s.activityLimit, activity.length),
        activityExhausted: page.length < PAGE_SIZE,
      };
    });
    return page.length;
  } finally {
    loadingOlder = false;
  }
}
