/**
 * A room from the board: its status (only the changes the rules allow, from
 * `allowedRoomStatuses`), out of order with a reason and an optional return date,
 * the guest in it (open their reservation), the next arrival and open tasks.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command } from '../../../shared/commands.ts';
import { ROOM_STATUSES, type RoomStatus } from '../../../shared/domain.ts';
import { allowedRoomStatuses } from '../../../shared/planner.ts';
import { ROOM_STATUS_SYMBOL } from '../format.ts';
import { useSubmit } from '../hooks/action.ts';
import { useBusinessDate, useHotelDates } from '../hooks/hotel.ts';
import { usePlanCheck, useShownState, type ShownRoom } from '../state/selectors.ts';
import { openDialog } from '../state/ui.ts';
import { ErrorLine } from './badges.tsx';
import { Modal } from './Modal.tsx';
import { RefusalLine } from './RefusalLine.tsx';

export function RoomPanel({ room, onClose }: { room: ShownRoom; onClose: () => void }) {
  const { t } = useTranslation();
  const dates = useHotelDates();
  const today = useBusinessDate();
  const state = useShownState();
  const { run, error, busy } = useSubmit();
  const [outOfOrder, setOutOfOrder] = useState(false);
  const allowed = useMemo(() => allowedRoomStatuses(state, room), [state, room]);
  const guest = useMemo(() => [...state.reservations.values()].find((r) => r.status === 'in_house' && r.roomId === room.id), [state.reservations, room.id]);
  const next = useMemo(
    () =>
      [...state.reservations.values()]
        .filter((r) => r.status === 'booked' && r.roomId === room.id && r.departure > today)
        .sort((a, b) => (a.arrival < b.arrival ? -1 : 1))[0],
    [state.reservations, room.id, today],
  );
  const tasks = useMemo(() => [...state.tasks.values()].filter((x) => x.roomId === room.id && x.status === 'open'), [state.tasks, room.id]);
  const choose = async (status: RoomStatus) => {
    if (status === 'out_of_order') return setOutOfOrder(true);
    if (status === room.status) return onClose();
    if (await run({ type: 'set_room_status', roomId: room.id, status })) onClose();
  };
  return (
    <Modal title={t('room.title', { number: room.number })} onClose={onClose} testId="room-dialog">
      <p className="muted">
        {t('room.meta', { floor: room.floor, type: room.type })} <strong>{t(`roomStatus.${room.status}`)}</strong>
      </p>
      {room.status === 'out_of_order' && room.outOfOrder ? (
        <p className="warning" data-testid="room-ooo-note">
          {t('room.outOfOrderSince', { reason: room.outOfOrder.reason })}
          {room.outOfOrder.until ? ` · ${t('room.outOfOrderUntil', { date: dates.short(room.outOfOrder.until) })}` : ''}
        </p>
      ) : null}
      {outOfOrder ? (
        <OutOfOrderForm room={room} onDone={onClose} onBack={() => setOutOfOrder(false)} />
      ) : (
        <>
          <div className="status-choices" role="group" aria-label={t('room.setStatus')}>
            {ROOM_STATUSES.map((s) => (
              <button
                key={s}
                type="button"
                className={`btn status-choice room-${s}`}
                aria-pressed={room.status === s}
                data-autofocus={room.status === s ? true : undefined}
                disabled={busy || (!allowed.includes(s) && s !== room.status)}
                title={s === 'occupied' && !guest ? t('room.occupyTitle') : undefined}
                onClick={() => void choose(s)}
                data-testid={`set-status-${s}`}
              >
                <span aria-hidden="true">{ROOM_STATUS_SYMBOL[s]} </span>
                {t(`roomStatus.${s}`)}
              </button>
            ))}
          </div>
          {guest ? (
            <p className="warning small-note" data-testid="room-guest-note">
              {t('room.guestNote', { name: guest.guestName, confirmation: guest.confirmation })}{' '}
              <button
                type="button"
                className="btn btn-small"
                onClick={() => openDialog({ kind: 'reservation', reservationId: guest.id })}
                data-testid="room-open-guest"
              >
                {t('room.openGuest', { name: guest.guestName })}
              </button>
            </p>
          ) : (
            <p className="muted small-note">{t('room.occupiedNote')}</p>
          )}
        </>
      )}
      {next ? (
        <p className="small-note">
          <button type="button" className="link-button" onClick={() => openDialog({ kind: 'reservation', reservationId: next.id })}>
            {t('room.nextGuest', { name: next.guestName, date: dates.short(next.arrival) })}
          </button>
        </p>
      ) : null}
      {tasks.length > 0 ? (
        <p className="small-note muted">
          <strong>{t('room.openTasks')}:</strong> {tasks.map((x) => x.title).join(' · ')}
        </p>
      ) : null}
      <ErrorLine error={error} />
    </Modal>
  );
}

function OutOfOrderForm({ room, onDone, onBack }: { room: ShownRoom; onDone: () => void; onBack: () => void }) {
  const { t } = useTranslation();
  const today = useBusinessDate();
  const [reason, setReason] = useState(room.outOfOrder?.reason ?? '');
  const [until, setUntil] = useState(room.outOfOrder?.until ?? '');
  const { run, error, busy } = useSubmit();
  const command = useMemo<Command>(
    () => ({ type: 'set_room_status', roomId: room.id, status: 'out_of_order', reason, ...(until ? { until } : {}) }),
    [room.id, reason, until],
  );
  const refusal = usePlanCheck(reason.trim() === '' ? null : command);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === '' || refusal) return;
    if (await run(command)) onDone();
  };
  return (
    <form className="form" onSubmit={onSubmit} data-testid="room-ooo-form">
      <h3 className="form-title">{t('room.oooTitle')}</h3>
      <label className="field">
        <span>{t('room.oooReason')}</span>
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={200}
          placeholder={t('room.oooReasonPlaceholder')}
          required
          data-autofocus
          data-testid="ooo-reason"
        />
      </label>
      <label className="field">
        <span>
          {t('room.oooUntil')} <span className="muted">{t('common.optional')}</span>
        </span>
        <input type="date" value={until} min={today} onChange={(e) => setUntil(e.target.value)} data-testid="ooo-until" />
      </label>
      <RefusalLine refusal={refusal} />
      <ErrorLine error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onBack}>
          {t('common.back')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={reason.trim() === '' || refusal !== null || busy} data-testid="confirm-ooo">
          {t('room.oooConfirm')}
        </button>
      </div>
    </form>
  );
}
