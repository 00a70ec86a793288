/**
 * The optimistic layer: what the screen shows on top of the main process's truth
 * while the receptionist's actions are still in the outbox. It is DERIVED from
 * outbox items that are queued or sent, never stored separately, so it vanishes
 * by itself when an item is confirmed (its event is now in the truth) or
 * rejected (the change rolls back and the rejection shows instead).
 */
import type { Command } from '../../../shared/commands.ts';
import type { Reservation, Room, RoomStatus, Task } from '../../../shared/domain.ts';
import type { OutboxItemView } from '../../../shared/ipc.ts';

export interface RoomPatch {
  status: RoomStatus;
  key: string;
}
export interface ReservationPatch {
  status?: Reservation['status'];
  roomId?: string | null;
  /** Sum of pending payments, subtracted from the balance. */
  paidCents: number;
  keys: string[];
}
export interface TaskPatch {
  status: Task['status'];
  key: string;
}
export interface Rejection {
  key: string;
  code: string;
  message: string;
  description: string;
}

export interface Overlay {
  rooms: ReadonlyMap<string, RoomPatch>;
  reservations: ReadonlyMap<string, ReservationPatch>;
  tasks: ReadonlyMap<string, TaskPatch>;
  /** Entity id → the latest rejection touching it (until the item is dismissed). */
  rejections: ReadonlyMap<string, Rejection>;
}

export const EMPTY_OVERLAY: Overlay = { rooms: new Map(), reservations: new Map(), tasks: new Map(), rejections: new Map() };

export function isPending(item: OutboxItemView): boolean {
  return item.state === 'queued' || item.state === 'sent';
}

/** Entity ids a command touches (for showing a rejection next to them). */
export function touchedIds(command: Command, reservations: ReadonlyMap<string, Reservation>): string[] {
  switch (command.type) {
    case 'check_in':
      return command.roomId ? [command.reservationId, command.roomId] : [command.reservationId];
    case 'check_out': {
      const roomId = reservations.get(command.reservationId)?.roomId;
      return roomId ? [command.reservationId, roomId] : [command.reservationId];
    }
    case 'assign_room':
      return [command.reservationId, command.roomId];
    case 'set_room_status':
      return [command.roomId];
    case 'complete_task':
      return [command.taskId];
    case 'take_payment':
      return [command.reservationId];
  }
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Builds the overlay from the outbox, oldest action first so later ones win.
 * `awaitingDelta` holds keys already confirmed whose entity changes have not
 * reached this window yet (main announces the confirmation before the batched
 * delta that carries the event), so they keep overlaying until it lands and the
 * screen never flickers back to the old state in between.
 */
export function deriveOverlay(
  outbox: readonly OutboxItemView[],
  reservations: ReadonlyMap<string, Reservation>,
  awaitingDelta: ReadonlySet<string> = NONE,
): Overlay {
  if (outbox.length === 0) return EMPTY_OVERLAY;
  const rooms = new Map<string, RoomPatch>();
  const res = new Map<string, ReservationPatch>();
  const tasks = new Map<string, TaskPatch>();
  const rejections = new Map<string, Rejection>();
  const patchRes = (id: string, key: string): ReservationPatch => {
    let p = res.get(id);
    if (!p) {
      p = { paidCents: 0, keys: [] };
      res.set(id, p);
    }
    if (!p.keys.includes(key)) p.keys.push(key);
    return p;
  };
  const ordered = [...outbox].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  for (const item of ordered) {
    if (item.state === 'rejected') {
      const rejection: Rejection = {
        key: item.key,
        code: item.rejection?.code ?? 'rejected',
        message: item.rejection?.message ?? 'The gateway refused this action.',
        description: item.description,
      };
      for (const id of touchedIds(item.command, reservations)) rejections.set(id, rejection);
      continue;
    }
    if (!isPending(item) && !awaitingDelta.has(item.key)) continue;
    const c = item.command;
    switch (c.type) {
      case 'check_in': {
        const p = patchRes(c.reservationId, item.key);
        p.status = 'in_house';
        const roomId = c.roomId ?? p.roomId ?? reservations.get(c.reservationId)?.roomId ?? null;
        if (roomId) {
          p.roomId = roomId;
          rooms.set(roomId, { status: 'occupied', key: item.key });
        }
        break;
      }
      case 'check_out': {
        const p = patchRes(c.reservationId, item.key);
        p.status = 'checked_out';
        const roomId = p.roomId ?? reservations.get(c.reservationId)?.roomId ?? null;
        if (roomId) rooms.set(roomId, { status: 'vacant_dirty', key: item.key });
        break;
      }
      case 'assign_room':
        patchRes(c.reservationId, item.key).roomId = c.roomId;
        break;
      case 'set_room_status':
        rooms.set(c.roomId, { status: c.status, key: item.key });
        break;
      case 'complete_task':
        tasks.set(c.taskId, { status: 'done', key: item.key });
        break;
      case 'take_payment':
        patchRes(c.reservationId, item.key).paidCents += c.amountCents;
        break;
    }
  }
  if (rooms.size === 0 && res.size === 0 && tasks.size === 0 && rejections.size === 0) return EMPTY_OVERLAY;
  return { rooms, reservations: res, tasks, rejections };
}

export function applyRoomPatch(room: Room, patch: RoomPatch | undefined): Room {
  return patch && patch.status !== room.status ? { ...room, status: patch.status } : room;
}

export function applyReservationPatch(r: Reservation, patch: ReservationPatch | undefined): Reservation {
  if (!patch) return r;
  return {
    ...r,
    status: patch.status ?? r.status,
    roomId: patch.roomId !== undefined ? patch.roomId : r.roomId,
    balanceCents: r.balanceCents - patch.paidCents,
  };
}

export function applyTaskPatch(t: Task, patch: TaskPatch | undefined): Task {
  return patch && patch.status !== t.status ? { ...t, status: patch.status } : t;
}
