/**
 * The queued actions, each with its state (queued, sent, confirmed, rejected with
 * the reason). Rejected items stay until dismissed, so a rollback is never silent.
 */
import { useEffect, useRef, useState } from 'react';
import type { Command } from '../../../shared/commands.ts';
import type { OutboxItemView, OutboxState } from '../../../shared/ipc.ts';
import { dismissOutboxItem } from '../bridge/bridge.ts';
import { formatMoney, formatTime, rejectionText, ROOM_STATUS_LABEL } from '../format.ts';
import { useDesk } from '../state/store.ts';
import { useOutbox } from '../state/selectors.ts';
import { toggleQueue, useUi } from '../state/ui.ts';

const STATE_LABEL: Record<OutboxState, string> = { queued: 'Queued', sent: 'Sent', confirmed: 'Confirmed', rejected: 'Rejected' };

/** Human text for a command, using guest names and room numbers when known. */
export function useDescribe(): (item: OutboxItemView) => string {
  const reservations = useDesk((s) => s.truth.reservations);
  const rooms = useDesk((s) => s.truth.rooms);
  return (item) => {
    const c: Command = item.command;
    const guest = (id: string) => reservations.get(id)?.guestName ?? id;
    const room = (id: string) => rooms.get(id)?.number ?? id;
    switch (c.type) {
      case 'check_in':
        return `Check in ${guest(c.reservationId)}${c.roomId ? ` to room ${room(c.roomId)}` : ''}`;
      case 'check_out':
        return `Check out ${guest(c.reservationId)}`;
      case 'assign_room':
        return `Assign room ${room(c.roomId)} to ${guest(c.reservationId)}`;
      case 'set_room_status':
        return `Room ${room(c.roomId)} → ${ROOM_STATUS_LABEL[c.status]}`;
      case 'complete_task':
        return `Complete task: ${useDesk.getState().truth.tasks.get(c.taskId)?.title ?? c.taskId}`;
      case 'take_payment':
        return `Take ${formatMoney(c.amountCents)} by ${c.method} from ${guest(c.reservationId)}`;
      default:
        return item.description;
    }
  };
}

export function OutboxPanel() {
  const open = useUi((s) => s.queueOpen);
  const outbox = useOutbox();
  const describe = useDescribe();
  if (!open) return null;
  const items = [...outbox].reverse();
  return (
    <aside id="queue-panel" className="queue-panel" aria-label="Queued actions" data-testid="queue-panel">
      <div className="queue-head">
        <h2>Queued actions</h2>
        <button type="button" className="btn btn-quiet" onClick={() => toggleQueue(false)} aria-label="Close queued actions">
          ✕
        </button>
      </div>
      {items.length === 0 ? (
        <p className="empty">Nothing waiting. Actions taken offline wait here until the gateway confirms them.</p>
      ) : (
        <ol className="queue-list">
          {items.map((item) => (
            <li key={item.key} className={`queue-item q-${item.state}`} data-testid="outbox-item" data-key={item.key} data-state={item.state} data-command={item.command.type}>
              <div className="queue-line">
                <span className={`tag q-tag-${item.state}`}>{STATE_LABEL[item.state]}</span>
                <span className="queue-desc">{describe(item)}</span>
              </div>
              <div className="guest-meta">
                {item.operator} · {formatTime(item.createdAt)}
                {item.attempts > 1 ? ` · ${item.attempts} attempts` : ''}
                {item.lastError && item.state === 'queued' ? ` · will retry: ${item.lastError}` : ''}
              </div>
              {item.state === 'rejected' ? (
                <div className="queue-rejection" data-testid="rejection-reason">
                  <span title={item.rejection ? `${item.rejection.code}: ${item.rejection.message}` : undefined}>
                    Refused: {rejectionText(item.rejection)} — the change was rolled back.
                  </span>
                  <button type="button" className="btn" onClick={() => void dismissOutboxItem(item.key)} data-testid="dismiss-rejected">
                    Dismiss
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

/** A banner for refused actions, so a rollback is noticed even with the panel closed. */
export function RejectionAlerts() {
  const outbox = useOutbox();
  const describe = useDescribe();
  const rejected = outbox.filter((o) => o.state === 'rejected');
  return (
    <div className="rejection-alerts" role="alert" data-testid="rejection-alerts">
      {rejected.slice(-3).map((item) => (
        <div key={item.key} className="rejection-alert">
          <span>
            <strong>Rolled back:</strong> {describe(item)} — <span title={item.rejection?.message}>{rejectionText(item.rejection)}</span>
          </span>
          <button type="button" className="btn" onClick={() => void dismissOutboxItem(item.key)} aria-label={`Dismiss: ${describe(item)}`}>
            Dismiss
          </button>
        </div>
      ))}
      {rejected.length > 3 ? <span className="muted">and {rejected.length - 3} more in the queue panel</span> : null}
    </div>
  );
}

/**
 * Tells screen-reader users (politely) when their queued actions go through;
 * refusals are already announced by the RejectionAlerts alert region.
 */
export function OutboxAnnouncer() {
  const outbox = useOutbox();
  const describe = useDescribe();
  const seen = useRef<Map<string, string> | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    const before = seen.current;
    seen.current = new Map(outbox.map((o) => [o.key, o.state]));
    if (!before) return; // first render: what was already confirmed is old news
    const confirmed = outbox.filter((o) => o.state === 'confirmed' && before.get(o.key) !== 'confirmed');
    if (confirmed.length > 0) setMessage(confirmed.length === 1 ? `Done: ${describe(confirmed[0])}.` : `${confirmed.length} actions done.`);
  }, [outbox, describe]);
  return (
    <div className="sr-only" role="status" aria-live="polite" data-testid="outbox-announcer">
      {message}
    </div>
  );
}
