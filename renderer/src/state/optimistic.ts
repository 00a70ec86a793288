/**
 * The optimistic view: what the screen shows while the receptionist's actions are
 * still in the outbox. It is the truth with each pending action PLANNED by the
 * shared rules (`shared/planner.ts`) and its planned events APPLIED by the shared
 * projection — the same code the gateway decides with, so there is no second copy
 * of any rule here. It is derived, never stored: it vanishes by itself when an
 * action is confirmed (its events are now in the truth) or rejected (the change
 * rolls back and the rejection shows instead).
 */
import type { Command } from '../../../shared/commands.ts';
import type { OutboxItemView } from '../../../shared/ipc.ts';
import { plan, type PlanContext, type Refusal } from '../../../shared/planner.ts';
import { applyTypedEvent, cloneState, type HotelStateView } from '../../../shared/projection.ts';

export interface Rejection {
  key: string;
  code: string;
  message: string;
  description: string;
}

export interface Optimistic {
  /** Truth plus every pending action; the truth's own maps when nothing is pending. */
  state: HotelStateView;
  /** Entity id → keys of the pending actions that changed it, oldest first. */
  pending: ReadonlyMap<string, readonly string[]>;
  /** Entity id → the latest rejection touching it (until the item is dismissed). */
  rejections: ReadonlyMap<string, Rejection>;
  /** Pending actions the rules refuse against the current view (another desk got there first). */
  doomed: ReadonlyMap<string, Refusal>;
}

const NONE: ReadonlySet<string> = new Set();
const EMPTY = new Map<never, never>();

export function isPending(item: OutboxItemView): boolean {
  return item.state === 'queued' || item.state === 'sent';
}

/** Entity ids a command names (for showing a rejection next to them). */
export function touchedIds(command: Command, state: HotelStateView): string[] {
  const ids: string[] = [];
  if ('reservationId' in command) {
    ids.push(command.reservationId);
    const roomId = state.reservations.get(command.reservationId)?.roomId;
    if (roomId) ids.push(roomId);
  }
  if ('roomId' in command && command.roomId) ids.push(command.roomId);
  if ('taskId' in command) ids.push(command.taskId);
  return ids;
}

export interface Actor {
  id: string;
  name: string;
}

/** The planner's context for an action of `actor` (or of an unknown user while signed out). */
export function planContext(key: string, takenAt: Date, actor: Actor | null): PlanContext {
  return { key, takenAt, operator: actor?.id ?? 'unknown', operatorName: actor?.name };
}

export function truthOnly(truth: HotelStateView): Optimistic {
  return { state: truth, pending: EMPTY, rejections: EMPTY, doomed: EMPTY };
}

/**
 * Plans the outbox over the truth, oldest action first. `awaitingDelta` holds keys
 * already confirmed whose events have not reached this window yet (main announces a
 * confirmation before the batched delta that carries it), so they keep showing
 * until it lands; `seen` holds keys whose events this window already has, which are
 * never applied twice.
 */
export function deriveOptimistic(
  truth: HotelStateView,
  outbox: readonly OutboxItemView[],
  awaitingDelta: ReadonlySet<string> = NONE,
  seen: ReadonlySet<string> = NONE,
  /** The signed-in user, as the gateway will know them when the actions go out. */
  actor: Actor | null = null,
): Optimistic {
  if (outbox.length === 0) return truthOnly(truth);
  let state: HotelStateView = truth;
  const pending = new Map<string, string[]>();
  const rejections = new Map<string, Rejection>();
  const doomed = new Map<string, Refusal>();
  const ordered = [...outbox].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  for (const item of ordered) {
    if (item.state === 'rejected') {
      const rejection: Rejection = {
        key: item.key,
        code: item.rejection?.code ?? 'rejected',
        message: item.rejection?.message ?? 'The gateway refused this action.',
        description: item.description,
      };
      for (const id of touchedIds(item.command, state)) rejections.set(id, rejection);
      continue;
    }
    if (!(isPending(item) || awaitingDelta.has(item.key)) || seen.has(item.key)) continue;
    const result = plan(state, item.command, planContext(item.key, new Date(item.createdAt), actor));
    if (!result.ok) {
      doomed.set(item.key, result.refusal);
      continue;
    }
    if (result.events.length === 0) continue;
    const fork = state === truth ? cloneState(truth) : (state as ReturnType<typeof cloneState>);
    for (const event of result.events) {
      for (const ref of applyTypedEvent(fork, event)) {
        const keys = pending.get(ref.id) ?? [];
        if (!keys.includes(item.key)) keys.push(item.key);
        pending.set(ref.id, keys);
      }
    }
    state = fork;
  }
  if (state === truth && rejections.size === 0 && doomed.size === 0) return truthOnly(truth);
  return { state, pending, rejections, doomed };
}
