/**
 * The action dialogs: check in (pick a vacant clean or inspected room of the
 * reservation's type), take a payment, change a room's status. Each submits one
 * command and closes; the change then shows as pending where it applies.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { PAYMENT_METHODS, ROOM_STATUSES, type PaymentMethod, type RoomStatus } from '../../../shared/domain.ts';
import { formatDate, formatMoney, parseMoneyInput, ROOM_STATUS_LABEL, ROOM_STATUS_SYMBOL } from '../format.ts';
import { useSubmit } from '../hooks/action.ts';
import { useShownReservations, useShownRooms, type ShownReservation, type ShownRoom } from '../state/selectors.ts';
import { openDialog } from '../state/ui.ts';
import { ErrorLine } from './badges.tsx';
import { Modal } from './Modal.tsx';


export function CheckInDialog({ reservation, onClose }: { reservation: ShownReservation; onClose: () => void }) {
  const rooms = useShownRooms();
  const candidates = useMemo(
    () => rooms.filter((r) => r.type === reservation.roomType && (r.status === 'vacant_clean' || r.status === 'inspected') && !r.pendingKey),
    [rooms, reservation.roomType],
  );
  const preferred = candidates.find((r) => r.id === reservation.roomId) ?? candidates.find((r) => r.status === 'inspected') ?? candidates[0];
  const [roomId, setRoomId] = useState<string>(preferred?.id ?? '');
  const { run, error, busy } = useSubmit();
  const chosen = candidates.find((r) => r.id === roomId);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    if (await run({ type: 'check_in', reservationId: reservation.id, roomId: chosen.id })) onClose();
  };
  return (
    <Modal title={`Check in ${reservation.guestName}`} onClose={onClose} testId="checkin-dialog">
      <form onSubmit={onSubmit} className="form">
        <p className="muted">
          {reservation.confirmation} · {reservation.roomType} · {formatDate(reservation.arrival)} → {formatDate(reservation.departure)} · {reservation.adults}{' '}
          {reservation.adults === 1 ? 'adult' : 'adults'}
        </p>
        {candidates.length === 0 ? (
          <p className="form-error" role="alert">
            No vacant clean or inspected {reservation.roomType} room is free right now.
          </p>
        ) : (
          <fieldset className="room-picker">
            <legend>Room ({candidates.length} ready)</legend>
            {candidates.map((r: ShownRoom) => (
              <label key={r.id} className={`room-choice room-${r.status}`}>
                <input type="radio" name="room" value={r.id} checked={roomId === r.id} onChange={() => setRoomId(r.id)} data-autofocus={r.id === preferred?.id ? true : undefined} />
                <span className="room-choice-number">{r.number}</span>
                <span className="room-choice-status">
                  <span aria-hidden="true">{ROOM_STATUS_SYMBOL[r.status]} </span>
                  {ROOM_STATUS_LABEL[r.status]} · floor {r.floor}
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!chosen || busy} data-testid="confirm-checkin">
            Check in{chosen ? ` to ${chosen.number}` : ''}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function PaymentDialog({ reservation, onClose, onTaken = onClose }: { reservation: ShownReservation; onClose: () => void; onTaken?: () => void }) {
  const [amount, setAmount] = useState(() => (reservation.balanceCents > 0 ? (reservation.balanceCents / 100).toFixed(2) : ''));
  const [method, setMethod] = useState<PaymentMethod>('card');
  const { run, error, busy } = useSubmit();
  const cents = parseMoneyInput(amount);
  // The gateway refuses a payment above what the guest owes: say so here rather than queue a sure rollback.
  const tooMuch = cents !== null && cents > reservation.balanceCents;
  const valid = cents !== null && cents > 0 && !tooMuch;
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    if (await run({ type: 'take_payment', reservationId: reservation.id, amountCents: cents, method })) onTaken();
  };
  return (
    <Modal title={`Take a payment from ${reservation.guestName}`} onClose={onClose} testId="payment-dialog">
      <form onSubmit={onSubmit} className="form">
        <p className="muted">
          {reservation.confirmation} · balance <strong>{formatMoney(reservation.balanceCents)}</strong>
        </p>
        <label className="field">
          <span>Amount</span>
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={!valid && amount.trim() !== ''} aria-describedby={!valid && amount.trim() !== '' ? 'payment-amount-error' : undefined} data-autofocus data-testid="payment-amount" />
        </label>
        <fieldset className="segmented">
          <legend>Method</legend>
          {PAYMENT_METHODS.map((m) => (
            <label key={m}>
              <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} />
              <span>{m[0].toUpperCase() + m.slice(1)}</span>
            </label>
          ))}
        </fieldset>
        {!valid && amount.trim() !== '' ? (
          <p className="form-error" id="payment-amount-error">
            {tooMuch ? `That is more than the balance of ${formatMoney(reservation.balanceCents)}.` : 'Enter an amount above zero, like 120.50.'}
          </p>
        ) : null}
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!valid || busy} data-testid="confirm-payment">
            Take {valid ? formatMoney(cents) : 'payment'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function RoomStatusDialog({ room, onClose }: { room: ShownRoom; onClose: () => void }) {
  const { run, error, busy } = useSubmit();
  // The gateway refuses any status change while a guest is in house: offer none, say why.
  const reservations = useShownReservations();
  const guest = useMemo(() => reservations.find((r) => r.status === 'in_house' && r.roomId === room.id), [reservations, room.id]);
  const choose = async (status: RoomStatus) => {
    if (status === room.status) return onClose();
    if (await run({ type: 'set_room_status', roomId: room.id, status })) onClose();
  };
  return (
    <Modal title={`Room ${room.number}`} onClose={onClose} testId="room-dialog">
      <p className="muted">
        Floor {room.floor} · {room.type} · now <strong>{ROOM_STATUS_LABEL[room.status]}</strong>
      </p>
      <div className="status-choices" role="group" aria-label="Set status">
        {ROOM_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className={`btn status-choice room-${s}`}
            aria-pressed={room.status === s}
            data-autofocus={room.status === s ? true : undefined}
            // A room becomes occupied by checking a guest in, never by hand.
            disabled={busy || (guest !== undefined && s !== room.status) || (s === 'occupied' && room.status !== 'occupied')}
            title={s === 'occupied' ? 'Check a guest in to occupy a room' : undefined}
            onClick={() => void choose(s)}
            data-testid={`set-status-${s}`}
          >
            <span aria-hidden="true">{ROOM_STATUS_SYMBOL[s]} </span>
            {ROOM_STATUS_LABEL[s]}
          </button>
        ))}
      </div>
      {guest ? (
        <p className="warning small-note" data-testid="room-guest-note">
          {guest.guestName} ({guest.confirmation}) is in house. Check the guest out first; the room then becomes vacant dirty.
        </p>
      ) : room.status !== 'occupied' ? (
        <p className="muted small-note">A room becomes occupied when a guest is checked in to it.</p>
      ) : null}
      <ErrorLine error={error} />
    </Modal>
  );
}

export function CheckOutDialog({ reservation, roomNumber, onClose }: { reservation: ShownReservation; roomNumber: string | null; onClose: () => void }) {
  const { run, error, busy } = useSubmit();
  const owes = reservation.balanceCents > 0;
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (await run({ type: 'check_out', reservationId: reservation.id })) onClose();
  };
  return (
    <Modal title={`Check out ${reservation.guestName}`} onClose={onClose} testId="checkout-dialog">
      <form onSubmit={onSubmit} className="form">
        <p className="muted">
          {reservation.confirmation} · room {roomNumber ?? 'none'} · departs {formatDate(reservation.departure)}
        </p>
        {owes ? (
          <p className="warning" role="alert">
            Balance still open: <strong>{formatMoney(reservation.balanceCents)}</strong>. Take the payment first, or check out anyway.
          </p>
        ) : (
          <p>Balance settled.</p>
        )}
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          {/* With money owed, the default (focused, Enter) is to take it, not to let the guest go. */}
          <button type="submit" className={owes ? 'btn' : 'btn btn-primary'} disabled={busy} data-autofocus={owes ? undefined : true} data-testid="confirm-checkout">
            {owes ? 'Check out anyway' : 'Check out'}
          </button>
          {owes ? (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => openDialog({ kind: 'payment', reservationId: reservation.id, then: 'checkout' })}
              data-autofocus
              data-testid="checkout-take-payment"
            >
              Take {formatMoney(reservation.balanceCents)}
            </button>
          ) : null}
        </div>
      </form>
    </Modal>
  );
}
