/**
 * The queued actions, each with its state (queued, sent, confirmed, rejected with
 * the reason) and described in plain words: guest names, room numbers, money in
 * the hotel's currency. Rejected items stay until dismissed, so a rollback is
 * never silent.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command } from '../../../shared/commands.ts';
import { derivedId } from '../../../shared/ids.ts';
import type { OutboxItemView } from '../../../shared/ipc.ts';
import { dismissOutboxItem } from '../bridge/bridge.ts';
import { useHotelDates, useMoney } from '../hooks/hotel.ts';
import { useRefusalText } from '../i18n/refusal.ts';
import { useDesk } from '../state/store.ts';
import { useOutbox } from '../state/selectors.ts';
import { toggleQueue, useUi } from '../state/ui.ts';

/** Human text for a command, using guest names and room numbers when known. */
export function useDescribe(): (item: OutboxItemView) => string {
  const { t } = useTranslation();
  const money = useMoney();
  const dates = useHotelDates();
  // The shown state knows bookings and tasks still in the queue (a walk-in just booked offline).
  const shown = useDesk((s) => s.optimistic.state);
  const truth = useDesk((s) => s.truth.reservations);
  return useCallback(
    (item: OutboxItemView) => {
      const c: Command = item.command;
      const guest = (id: string) => truth.get(id)?.guestName ?? shown.reservations.get(id)?.guestName ?? id;
      const room = (id: string) => shown.rooms.get(id)?.number ?? id;
      const task = (id: string) => shown.tasks.get(id)?.title ?? id;
      const payment = (id: string) => {
        const p = shown.payments.get(id);
        return p ? money.format(p.amountCents) : id;
      };
      switch (c.type) {
        case 'create_reservation': {
          const vars = { name: c.guestName, arrival: dates.short(c.arrival), departure: dates.short(c.departure), type: c.roomType };
          return c.roomId ? t('outbox.cmd.create_reservation_room', { ...vars, room: room(c.roomId) }) : t('outbox.cmd.create_reservation', vars);
        }
        case 'modify_reservation': {
          const parts: string[] = [];
          if (c.arrival) parts.push(t('outbox.change.arrival', { value: dates.short(c.arrival) }));
          if (c.departure) parts.push(t('outbox.change.departure', { value: dates.short(c.departure) }));
          if (c.guestName !== undefined) parts.push(t('outbox.change.guestName', { value: c.guestName }));
          if (c.roomType) parts.push(t('outbox.change.roomType', { value: c.roomType }));
          if (c.adults !== undefined) parts.push(t('outbox.change.adults', { value: c.adults }));
          if (c.children !== undefined) parts.push(t('outbox.change.children', { value: c.children }));
          if (c.email !== undefined) parts.push(t('outbox.change.email'));
          if (c.phone !== undefined) parts.push(t('outbox.change.phone'));
          if (c.notes !== undefined) parts.push(t('outbox.change.notes'));
          return t('outbox.cmd.modify_reservation', { name: guest(c.reservationId), changes: parts.join(', ') });
        }
        case 'cancel_reservation':
          return t('outbox.cmd.cancel_reservation', { name: guest(c.reservationId), reason: c.reason });
        case 'mark_no_show':
          return t('outbox.cmd.mark_no_show', { name: guest(c.reservationId) });
        case 'assign_room':
          return t('outbox.cmd.assign_room', { name: guest(c.reservationId), room: room(c.roomId) });
        case 'unassign_room':
          return t('outbox.cmd.unassign_room', { name: guest(c.reservationId) });
        case 'check_in':
          return c.roomId
            ? t('outbox.cmd.check_in_room', { name: guest(c.reservationId), room: room(c.roomId) })
            : t('outbox.cmd.check_in', { name: guest(c.reservationId) });
        case 'move_room':
          return t('outbox.cmd.move_room', { name: guest(c.reservationId), room: room(c.roomId), reason: c.reason });
        case 'check_out':
          return t('outbox.cmd.check_out', { name: guest(c.reservationId) });
        case 'set_room_status':
          return c.status === 'out_of_order'
            ? t('outbox.cmd.set_room_out_of_order', { room: room(c.roomId), reason: c.reason ?? '' })
            : t('outbox.cmd.set_room_status', { room: room(c.roomId), status: t(`roomStatus.${c.status}`) });
        case 'create_task':
          return c.roomId ? t('outbox.cmd.create_task_room', { room: room(c.roomId), title: c.title }) : t('outbox.cmd.create_task', { title: c.title });
        case 'complete_task':
          return t('outbox.cmd.complete_task', { title: task(c.taskId) });
        case 'reopen_task':
          return t('outbox.cmd.reopen_task', { title: task(c.taskId) });
        case 'take_payment':
          return t('outbox.cmd.take_payment', { amount: money.format(c.amountCents), method: t(`paymentMethod.${c.method}`), name: guest(c.reservationId) });
        case 'close_business_day':
          return t('outbox.cmd.close_business_day', { date: dates.short(c.businessDate) });
        case 'post_charge':
          return t('outbox.cmd.post_charge', { amount: money.format(c.amountCents), name: guest(c.reservationId), description: c.description });
        case 'void_charge':
          return t('outbox.cmd.void_charge', { description: shown.charges.get(c.chargeId)?.description ?? c.chargeId, reason: c.reason });
        case 'void_payment':
          return t('outbox.cmd.void_payment', { amount: payment(c.paymentId), reason: c.reason });
        case 'refund_payment':
          return t('outbox.cmd.refund_payment', { amount: money.format(c.amountCents), reason: c.reason });
        case 'issue_invoice':
          return t('outbox.cmd.issue_invoice', { name: guest(c.reservationId) });
        case 'issue_credit_note':
          return t('outbox.cmd.issue_credit_note', { number: shown.invoices.get(c.invoiceId)?.number ?? c.invoiceId, reason: c.reason });
        case 'open_shift':
          return t('outbox.cmd.open_shift', { amount: money.format(c.floatCents) });
        case 'close_shift':
          return t('outbox.cmd.close_shift', { amount: money.format(c.countedCents) });
        case 'create_guest':
          return t('outbox.cmd.create_guest', { name: c.name });
        case 'update_guest':
          return t('outbox.cmd.update_guest', { name: shown.guests.get(c.guestId)?.name ?? c.guestId });
      }
    },
    [t, money, dates, shown, truth],
  );
}

export function OutboxPanel() {
  const { t } = useTranslation();
  const open = useUi((s) => s.queueOpen);
  const outbox = useOutbox();
  const describe = useDescribe();
  const dates = useHotelDates();
  const refusalText = useRefusalText();
  const doomed = useDesk((s) => s.optimistic.doomed);
  if (!open) return null;
  const items = [...outbox].reverse();
  return (
    <aside id="queue-panel" className="queue-panel" aria-label={t('outbox.title')} data-testid="queue-panel">
      <div className="queue-head">
        <h2>{t('outbox.title')}</h2>
        <button type="button" className="btn btn-quiet btn-small" onClick={() => toggleQueue(false)} aria-label={t('outbox.close')}>
          ✕
        </button>
      </div>
      {items.length === 0 ? (
        <p className="empty">{t('outbox.empty')}</p>
      ) : (
        <ol className="queue-list">
          {items.map((item) => {
            const willFail = doomed.get(item.key);
            return (
              <li
                key={item.key}
                className={`queue-item q-${item.state}`}
                data-testid="outbox-item"
                data-key={item.key}
                data-state={item.state}
                data-command={item.command.type}
                data-creates={item.command.type === 'create_reservation' ? derivedId('res', item.key) : undefined}
              >
                <div className="queue-line">
                  <span className={`tag q-tag-${item.state}`}>{t(`outbox.state.${item.state}`)}</span>
                  <span className="queue-desc">{describe(item)}</span>
                </div>
                <div className="guest-meta">
                  {item.operator} · {dates.time(item.createdAt)}
                  {item.attempts > 1 ? ` · ${t('outbox.attempts', { count: item.attempts })}` : ''}
                  {item.lastError && item.state === 'queued' ? ` · ${t('outbox.willRetry', { error: item.lastError })}` : ''}
                </div>
                {willFail && item.state !== 'rejected' ? (
                  <div className="queue-rejection" title={willFail.message}>
                    {t('outbox.doomed', { reason: refusalText(willFail) })}
                  </div>
                ) : null}
                {item.state === 'rejected' ? (
                  <div className="queue-rejection" data-testid="rejection-reason">
                    <span title={item.rejection ? `${item.rejection.code}: ${item.rejection.message}` : undefined}>
                      {t('outbox.refused', { reason: refusalText(item.rejection) })}
                    </span>
                    <button type="button" className="btn btn-small" onClick={() => void dismissOutboxItem(item.key)} data-testid="dismiss-rejected">
                      {t('outbox.dismiss')}
                    </button>
                  </div>
                ) : null}
                {item.state === 'rejected' && item.rejection?.message ? (
                  // The gateway's own sentence (names, rooms, dates) as the detail.
                  <div className="guest-meta queue-detail" data-testid="rejection-detail">
                    {item.rejection.message}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </aside>
  );
}

/** A banner for refused actions, so a rollback is noticed even with the panel closed. */
export function RejectionAlerts() {
  const { t } = useTranslation();
  const outbox = useOutbox();
  const describe = useDescribe();
  const refusalText = useRefusalText();
  const rejected = outbox.filter((o) => o.state === 'rejected');
  return (
    <div className="rejection-alerts" role="alert" data-testid="rejection-alerts">
      {rejected.slice(-3).map((item) => (
        <div key={item.key} className="rejection-alert">
          <span>
            <strong>{t('outbox.rolledBack')}</strong> {describe(item)} — <span title={item.rejection?.message}>{refusalText(item.rejection)}</span>
          </span>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void dismissOutboxItem(item.key)}
            aria-label={t('outbox.dismissWhat', { what: describe(item) })}
          >
            {t('outbox.dismiss')}
          </button>
        </div>
      ))}
      {rejected.length > 3 ? <span className="muted">{t('outbox.andMore', { count: rejected.length - 3 })}</span> : null}
    </div>
  );
}

/**
 * Tells screen-reader users (politely) when their queued actions go through;
 * refusals are already announced by the RejectionAlerts alert region.
 */
export function OutboxAnnouncer() {
  const { t } = useTranslation();
  const outbox = useOutbox();
  const describe = useDescribe();
  const seen = useRef<Map<string, string> | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    const before = seen.current;
    seen.current = new Map(outbox.map((o) => [o.key, o.state]));
    if (!before) return; // first render: what was already confirmed is old news
    const confirmed = outbox.filter((o) => o.state === 'confirmed' && before.get(o.key) !== 'confirmed');
    if (confirmed.length > 0)
      setMessage(confirmed.length === 1 ? t('outbox.done', { what: describe(confirmed[0]) }) : t('outbox.doneMany', { count: confirmed.length }));
  }, [outbox, describe, t]);
  return (
    <div className="sr-only" role="status" aria-live="polite" data-testid="outbox-announcer">
      {message}
    </div>
  );
}
