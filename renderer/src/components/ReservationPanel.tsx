/**
 * One reservation, everything a receptionist does with it: the details (guests,
 * contact, notes, payments), and change the stay (dates, guest, adults, room
 * type; extend or shorten in house), cancel with a reason, mark a no-show,
 * assign / release / move a room, check in, check out, take a payment. Every
 * action is planned with the shared rules first; a refusal is explained, never sent.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command } from '../../../shared/commands.ts';
import { addDays, daysBetween } from '../../../shared/dates.ts';
import { freeRooms } from '../../../shared/planner.ts';
import { ROOM_STATUS_SYMBOL, roomTypesOf } from '../format.ts';
import { useSubmit } from '../hooks/action.ts';
import { useBusinessDate, useHotelDates, useMoney } from '../hooks/hotel.ts';
import { usePlanCheck, useRejection, useShownState, type ShownReservation } from '../state/selectors.ts';
import { openDialog, type ReservationPanelMode } from '../state/ui.ts';
import { ErrorLine, PendingBadge, RejectionNote, ReservationStatusTag } from './badges.tsx';
import { Modal } from './Modal.tsx';
import { RefusalLine } from './RefusalLine.tsx';
import { FolioButton } from './folio/DeskTools.tsx';
import { GuestNotes } from './folio/GuestNotes.tsx';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function ReservationPanel({
  reservation: r,
  mode: initialMode = 'view',
  onClose,
}: {
  reservation: ShownReservation;
  mode?: ReservationPanelMode;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<ReservationPanelMode>(initialMode);
  const back = () => setMode('view');
  return (
    <Modal title={t('reservation.title', { name: r.guestName })} onClose={onClose} testId="reservation-panel" wide>
      {mode === 'view' ? <Details r={r} setMode={setMode} /> : null}
      {mode === 'edit' ? <EditStay r={r} onDone={back} /> : null}
      {mode === 'cancel' ? <CancelBooking r={r} onDone={back} /> : null}
      {mode === 'assign' || mode === 'move' ? <PickRoom r={r} move={mode === 'move'} onDone={back} /> : null}
    </Modal>
  );
}

function Details({ r, setMode }: { r: ShownReservation; setMode: (m: ReservationPanelMode) => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const dates = useHotelDates();
  const today = useBusinessDate();
  const state = useShownState();
  const rejection = useRejection(r.id);
  const room = r.roomId ? state.rooms.get(r.roomId) : undefined;
  const payments = useMemo(
    () => [...state.payments.values()].filter((p) => p.reservationId === r.id).sort((a, b) => (a.at < b.at ? -1 : 1)),
    [state.payments, r.id],
  );
  const { run, error, busy } = useSubmit();
  const noShow = useMemo<Command>(() => ({ type: 'mark_no_show', reservationId: r.id }), [r.id]);
  const unassign = useMemo<Command>(() => ({ type: 'unassign_room', reservationId: r.id }), [r.id]);
  const noShowRefusal = usePlanCheck(r.status === 'booked' ? noShow : null);
  const booked = r.status === 'booked';
  const inHouse = r.status === 'in_house';
  const live = booked || inHouse;
  const nights = daysBetween(r.arrival, r.departure);
  return (
    <div
      className="res-panel"
      data-testid="reservation-details"
      data-reservation-id={r.id}
      data-status={r.status}
      data-room-id={r.roomId ?? ''}
      data-departure={r.departure}
    >
      <dl className="facts">
        <div>
          <dt>{t('reservation.status')}</dt>
          <dd>
            <ReservationStatusTag status={r.status} /> <PendingBadge pending={r.pendingKeys.length > 0} />
          </dd>
        </div>
        <div>
          <dt>{t('reservation.confirmation')}</dt>
          <dd>{r.confirmation}</dd>
        </div>
        <div>
          <dt>{t('reservation.stay')}</dt>
          <dd data-testid="reservation-stay">
            {t('common.stay', { arrival: dates.short(r.arrival), departure: dates.short(r.departure) })} · {t('common.nights', { count: nights })}
          </dd>
        </div>
        <div>
          <dt>{t('reservation.room')}</dt>
          <dd data-testid="reservation-room">
            {room ? (
              <>
                <strong>{room.number}</strong> · {r.roomType}{' '}
                <span className="muted">
                  (
                  <span aria-hidden="true">
                    {ROOM_STATUS_SYMBOL[room.status]}
                    {'\u00a0'}
                  </span>
                  {t(`roomStatus.${room.status}`)})
                </span>
              </>
            ) : (
              <>
                <span className="room-none">{t('common.noRoom')}</span> · {r.roomType}
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('reservation.guests')}</dt>
          <dd>
            {t('common.adults', { count: r.adults })}
            {r.children ? `, ${t('common.children', { count: r.children })}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('reservation.balance')}</dt>
          <dd className={r.balanceCents > 0 ? 'balance owing' : 'balance'} data-testid="reservation-balance">
            {r.balanceCents > 0 ? money.format(r.balanceCents) : t('common.paid')}
          </dd>
        </div>
        {r.email ? (
          <div>
            <dt>{t('reservation.email')}</dt>
            <dd className="wrap">{r.email}</dd>
          </div>
        ) : null}
        {r.phone ? (
          <div>
            <dt>{t('reservation.phone')}</dt>
            <dd>{r.phone}</dd>
          </div>
        ) : null}
      </dl>
      {inHouse && r.departure < today ? (
        <p className="warning" data-testid="reservation-overdue">
          {t('reservation.overdue', { date: dates.short(r.departure) })}
        </p>
      ) : null}
      {booked && r.arrival < today ? (
        <p className="warning" data-testid="reservation-late">
          {t('reservation.late', { date: dates.short(r.arrival) })}
        </p>
      ) : null}
      {booked && r.arrival > today ? <p className="muted small">{t('reservation.notYet', { date: dates.short(r.arrival) })}</p> : null}
      <p className="notes" data-testid="reservation-notes">
        <strong>{t('reservation.notes')}:</strong> {r.notes ? r.notes : <span className="muted">{t('reservation.noNotes')}</span>}
      </p>
      <GuestNotes reservation={r} guestOnly />
      {r.cancelReason ? <p className="muted">{t('reservation.cancelReason', { reason: r.cancelReason })}</p> : null}
      {payments.length > 0 ? (
        <p className="muted small">
          <strong>{t('reservation.payments')}:</strong>{' '}
          {payments
            .map((p) => t('reservation.paymentLine', { amount: money.format(p.amountCents), method: t(`paymentMethod.${p.method}`), at: dates.time(p.at) }))
            .join(' · ')}
        </p>
      ) : null}
      <RejectionNote rejection={rejection} />
      <ErrorLine error={error} />
      <div className="panel-actions" role="group" aria-label={t('reservations.colActions')}>
        <FolioButton reservationId={r.id} guestName={r.guestName} />
        {booked ? (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => openDialog({ kind: 'checkin', reservationId: r.id })}
            disabled={r.arrival > today}
            data-testid="panel-checkin"
          >
            {t('actions.checkIn')}
          </button>
        ) : null}
        {inHouse ? (
          <button type="button" className="btn btn-primary" onClick={() => openDialog({ kind: 'checkout', reservationId: r.id })} data-testid="panel-checkout">
            {t('actions.checkOut')}
          </button>
        ) : null}
        {r.status !== 'cancelled' ? (
          <button
            type="button"
            className="btn"
            onClick={() => openDialog({ kind: 'payment', reservationId: r.id, then: 'reservation' })}
            data-testid="panel-payment"
          >
            {t('reservation.takePayment')}
          </button>
        ) : null}
        {live ? (
          <button type="button" className="btn" onClick={() => setMode('edit')} data-testid="panel-edit">
            {t('reservation.change')}
          </button>
        ) : null}
        {booked ? (
          <button type="button" className="btn" onClick={() => setMode('assign')} data-testid="panel-assign">
            {t('reservation.assignRoom')}
          </button>
        ) : null}
        {booked && r.roomId ? (
          <button type="button" className="btn" disabled={busy} onClick={() => void run(unassign)} data-testid="panel-unassign">
            {t('reservation.unassignRoom')}
          </button>
        ) : null}
        {inHouse ? (
          <button type="button" className="btn" onClick={() => setMode('move')} data-testid="panel-move">
            {t('reservation.moveRoom')}
          </button>
        ) : null}
        {booked && r.arrival <= today ? (
          <button type="button" className="btn" disabled={busy || noShowRefusal !== null} onClick={() => void run(noShow)} data-testid="panel-no-show">
            {t('reservation.markNoShow')}
          </button>
        ) : null}
        {booked ? (
          <button type="button" className="btn btn-danger" onClick={() => setMode('cancel')} data-testid="panel-cancel">
            {t('reservation.cancelBooking')}
          </button>
        ) : null}
      </div>
    </div>
  );
}

function EditStay({ r, onDone }: { r: ShownReservation; onDone: () => void }) {
  const { t } = useTranslation();
  const today = useBusinessDate();
  const state = useShownState();
  const types = useMemo(() => roomTypesOf(state.rooms.values()), [state.rooms]);
  const inHouse = r.status === 'in_house';
  const [guestName, setGuestName] = useState(r.guestName);
  const [arrival, setArrival] = useState(r.arrival);
  const [departure, setDeparture] = useState(r.departure);
  const [roomType, setRoomType] = useState(r.roomType);
  const [adults, setAdults] = useState(r.adults);
  const [children, setChildren] = useState(r.children ?? 0);
  const [email, setEmail] = useState(r.email ?? '');
  const [phone, setPhone] = useState(r.phone ?? '');
  const [notes, setNotes] = useState(r.notes ?? '');
  const { run, error, busy } = useSubmit();
  const command = useMemo<Command | null>(() => {
    if (!ISO.test(arrival) || !ISO.test(departure)) return null;
    const c: Extract<Command, { type: 'modify_reservation' }> = { type: 'modify_reservation', reservationId: r.id };
    if (guestName !== r.guestName) c.guestName = guestName;
    if (arrival !== r.arrival) c.arrival = arrival;
    if (departure !== r.departure) c.departure = departure;
    if (roomType !== r.roomType) c.roomType = roomType;
    if (adults !== r.adults) c.adults = adults;
    if (children !== (r.children ?? 0)) c.children = children;
    if (email.trim() !== (r.email ?? '')) c.email = email.trim();
    if (phone.trim() !== (r.phone ?? '')) c.phone = phone.trim();
    if (notes.trim() !== (r.notes ?? '')) c.notes = notes.trim();
    return Object.keys(c).length > 2 ? c : null;
  }, [r, guestName, arrival, departure, roomType, adults, children, email, phone, notes]);
  const refusal = usePlanCheck(command);
  const nights = ISO.test(arrival) && ISO.test(departure) ? daysBetween(arrival, departure) : 0;
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!command || refusal) return;
    if (await run(command)) onDone();
  };
  return (
    <form className="form" onSubmit={onSubmit} data-testid="reservation-edit">
      <h3 className="form-title">{t('reservation.editTitle')}</h3>
      <div className="form-grid">
        <label className="field span-2">
          <span>{t('reservation.guestName')}</span>
          <input value={guestName} onChange={(e) => setGuestName(e.target.value)} maxLength={120} data-autofocus data-testid="edit-guest" />
        </label>
        <label className="field">
          <span>{t('reservation.arrival')}</span>
          <input
            type="date"
            value={arrival}
            min={inHouse ? undefined : today}
            onChange={(e) => setArrival(e.target.value)}
            disabled={inHouse}
            data-testid="edit-arrival"
          />
        </label>
        <label className="field">
          <span>
            {t('reservation.departure')} <span className="muted">{nights > 0 ? `(${t('common.nights', { count: nights })})` : ''}</span>
          </span>
          <span className="date-with-steps">
            <input
              type="date"
              value={departure}
              min={ISO.test(arrival) ? addDays(arrival, 1) : undefined}
              onChange={(e) => setDeparture(e.target.value)}
              data-testid="edit-departure"
            />
            <button
              type="button"
              className="btn btn-small"
              onClick={() => ISO.test(departure) && setDeparture(addDays(departure, -1))}
              title={t('reservation.nightLessTitle')}
            >
              {t('reservation.nightLess')}
            </button>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => ISO.test(departure) && setDeparture(addDays(departure, 1))}
              title={t('reservation.nightMoreTitle')}
              data-testid="edit-departure-plus"
            >
              {t('reservation.nightMore')}
            </button>
          </span>
        </label>
        <label className="field">
          <span>{t('booking.roomType')}</span>
          <select value={roomType} onChange={(e) => setRoomType(e.target.value)} disabled={inHouse} data-testid="edit-room-type">
            {types.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('reservation.adults')}</span>
          <input type="number" min={1} max={20} value={adults} onChange={(e) => setAdults(Number(e.target.value))} data-testid="edit-adults" />
        </label>
        <label className="field">
          <span>{t('reservation.children')}</span>
          <input type="number" min={0} max={20} value={children} onChange={(e) => setChildren(Math.max(0, Number(e.target.value)))} />
        </label>
        <label className="field">
          <span>{t('reservation.email')}</span>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={254} />
        </label>
        <label className="field">
          <span>{t('reservation.phone')}</span>
          <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={40} />
        </label>
        <label className="field span-2">
          <span>{t('reservation.notes')}</span>
          <input value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={1000} data-testid="edit-notes" />
        </label>
      </div>
      {inHouse ? <p className="muted small">{t('reservation.arrivalFixed')}</p> : null}
      <RefusalLine refusal={refusal} />
      <ErrorLine error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          {t('common.back')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={!command || refusal !== null || busy} data-testid="confirm-edit">
          {command ? t('common.save') : t('reservation.nothingChanged')}
        </button>
      </div>
    </form>
  );
}

function CancelBooking({ r, onDone }: { r: ShownReservation; onDone: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { run, error, busy } = useSubmit();
  const command = useMemo<Command>(() => ({ type: 'cancel_reservation', reservationId: r.id, reason }), [r.id, reason]);
  const refusal = usePlanCheck(reason.trim() === '' ? null : command);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === '' || refusal) return;
    if (await run(command)) onDone();
  };
  return (
    <form className="form" onSubmit={onSubmit} data-testid="reservation-cancel">
      <h3 className="form-title">{t('reservation.cancelTitle')}</h3>
      <label className="field">
        <span>{t('reservation.cancelReasonLabel')}</span>
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={300}
          placeholder={t('reservation.cancelReasonPlaceholder')}
          required
          data-autofocus
          data-testid="cancel-reason"
        />
      </label>
      <RefusalLine refusal={refusal} />
      <ErrorLine error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          {t('reservation.keepBooking')}
        </button>
        <button type="submit" className="btn btn-danger" disabled={reason.trim() === '' || refusal !== null || busy} data-testid="confirm-cancel">
          {t('reservation.confirmCancel')}
        </button>
      </div>
    </form>
  );
}

/** Assign (booked) or move (in house): the rooms of the stay's type free for the (rest of the) stay. */
function PickRoom({ r, move, onDone }: { r: ShownReservation; move: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const today = useBusinessDate();
  const state = useShownState();
  const stay = useMemo(() => (move ? { arrival: today, departure: r.departure > today ? r.departure : addDays(today, 1) } : r), [move, today, r]);
  const rooms = useMemo(() => {
    const free = freeRooms(state, stay, r.roomType, r.id).filter((room) => room.id !== r.roomId);
    // A move puts the guest in the room tonight: only ready rooms.
    return move ? free.filter((room) => room.status === 'vacant_clean' || room.status === 'inspected') : free;
  }, [state, stay, r, move]);
  const [roomId, setRoomId] = useState(rooms[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const chosen = rooms.find((room) => room.id === roomId);
  const { run, error, busy } = useSubmit();
  const command = useMemo<Command | null>(() => {
    if (!chosen) return null;
    return move ? { type: 'move_room', reservationId: r.id, roomId: chosen.id, reason } : { type: 'assign_room', reservationId: r.id, roomId: chosen.id };
  }, [chosen, move, r.id, reason]);
  const needsReason = move && reason.trim() === '';
  const refusal = usePlanCheck(needsReason ? null : command);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!command || needsReason || refusal) return;
    if (await run(command)) onDone();
  };
  return (
    <form className="form" onSubmit={onSubmit} data-testid={move ? 'reservation-move' : 'reservation-assign'}>
      <h3 className="form-title">{move ? t('reservation.moveTitle') : t('reservation.assignTitle')}</h3>
      {rooms.length === 0 ? (
        <p className="warning">{t('reservation.noFreeRoom', { type: r.roomType })}</p>
      ) : (
        <fieldset className="room-picker">
          <legend>{t('reservation.freeRooms', { count: rooms.length })}</legend>
          {rooms.map((room) => (
            <label key={room.id} className={`room-choice room-${room.status}`}>
              <input
                type="radio"
                name="pick-room"
                value={room.id}
                checked={roomId === room.id}
                onChange={() => setRoomId(room.id)}
                data-testid="pick-room"
                data-room-number={room.number}
                data-status={room.status}
                data-autofocus={room.id === rooms[0].id ? true : undefined}
              />
              <span className="room-choice-number">{room.number}</span>
              <span className="room-choice-status">
                <span aria-hidden="true">
                  {ROOM_STATUS_SYMBOL[room.status]}
                  {'\u00a0'}
                </span>
                {t(`roomStatus.${room.status}`)} · {t('common.floor', { floor: room.floor })}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {move ? (
        <label className="field">
          <span>{t('reservation.moveReason')}</span>
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={300}
            placeholder={t('reservation.moveReasonPlaceholder')}
            required
            data-testid="move-reason"
          />
        </label>
      ) : null}
      <RefusalLine refusal={refusal} />
      <ErrorLine error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          {t('common.back')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={!command || needsReason || refusal !== null || busy} data-testid="confirm-room">
          {chosen
            ? move
              ? t('reservation.confirmMove', { number: chosen.number })
              : t('reservation.confirmAssign', { number: chosen.number })
            : t('reservation.pickRoom')}
        </button>
      </div>
    </form>
  );
}
