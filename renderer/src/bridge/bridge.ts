/**
 * The ONE module that talks to `window.frontdesk`. It loads the snapshot,
 * subscribes to pushed deltas / status / outbox, writes each into the store in a
 * single update, and exposes the actions components call. Components never see
 * the API object.
 */
import type { Command } from '../../../shared/commands.ts';
import type { DeskDelta, FrontdeskApi, LoginResult, OutboxItemView, ViewName } from '../../../shared/ipc.ts';
import { useDesk, withDelta, withOutbox, withSnapshot, withSubmitted } from '../state/store.ts';
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
  pending = [];
  try {
    const snap = await api.getSnapshot();
    const buffered = pending;
    pending = null;
    useDesk.setState((s) => withSnapshot(s, snap));
    for (const delta of buffered) applyDelta(delta);
  } catch (err) {
    pending = null;
    useDesk.setState({ phase: 'error', phaseError: `Could not load the desk: ${errorText(err)}` });
  }
}

function applyDelta(delta: DeskDelta): void {
  if (pending) {
    pending.push(delta);
    return;
  }
  const { cursor } = useDesk.getState();
  if (delta.reset || (cursor.epoch !== null && delta.cursor.epoch !== null && delta.cursor.epoch !== cursor.epoch)) {
    void loadSnapshot();
    return;
  }
  // Older than the snapshot we hold (buffered while it loaded): deltas carry latest
  // versions, so replaying an older one would regress entities.
  if (delta.cursor.epoch === cursor.epoch && delta.cursor.lastSeq < cursor.lastSeq) return;
  useDesk.setState((s) => withDelta(s, delta));
}

/** Starts the bridge once per window. Safe to call again (e.g. hot reload). */
export function startBridge(): void {
  stopBridge();
  api = findApi();
  if (!api) {
    useDesk.setState({ phase: 'no_api', phaseError: 'window.frontdesk is missing: open this screen from the Frontdesk app.' });
    return;
  }
  // Subscribe before loading so nothing falls between the snapshot and the first delta.
  unsubscribers = [
    api.onDelta(applyDelta),
    api.onStatus((status) => useDesk.setState({ status })),
    api.onOutbox((items) => useDesk.setState((s) => withOutbox(s, items))),
  ];
  void loadSnapshot();
}

export function stopBridge(): void {
  for (const off of unsubscribers) off();
  unsubscribers = [];
  pending = null;
}

function requireApi(): FrontdeskApi {
  if (!api) throw new Error('The desk API is not available in this window.');
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
  useDesk.setState((s) => withSubmitted(s, item));
  return item;
}

export async function dismissOutboxItem(key: string): Promise<void> {
  await requireApi().dismissOutboxItem(key);
  useDesk.setState((s) => withOutbox(s, s.outbox.filter((o) => o.key !== key)));
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
