/**
 * A new booking, or a walk-in: guest, dates (arrival defaults to the business
 * date), room type, guests and contact. It lists the rooms free for the chosen
 * dates and type (the shared `freeRooms`), lets the receptionist pick one, and for
 * a walk-in checks the guest in at once: the check-in is queued right after the
 * booking, naming the new reservation by the id derived from the booking's key,
 * so it works offline too. Refusals are explained before anything is sent.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command } from '../../../shared/commands.ts';
import type { Guest } from '../../../shared/domain.ts';
import { addDays, daysBetween } from '../../../shared/dates.ts';
import { derivedId } from '../../../shared/ids.ts';
import { freeRooms } from '../../../shared/planner.ts';
import { ROOM_STATUS_SYMBOL, roomTypesOf } from '../format.ts';
import { useSubmit } from '../hooks/action.ts';
import { useBusinessDate } from '../hooks/hotel.ts';
import { usePlanCheck, useShownState } from '../state/selectors.ts';
import { openDialog } from '../state/ui.ts';
import { ErrorLine } from './badges.tsx';
import { Modal } from './Modal.tsx';
import { RefusalLine } from './RefusalLine.tsx';
import { GuestPicker } from './folio/GuestPicker.tsx';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function BookingDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const today = useBusinessDate();
  const state = useShownState();
  const types = useMemo(() => roomTypesOf(state.rooms.values()), [state.rooms]);
  const [guestName, setGuestName] = useState('');
  // A returning guest: the stay joins their record (history, notes, invoice language).
  const [guest, setGuest] = useState<Guest | null>(null);
  const [arrival, setArrival] = useState(today);
  const [departure, setDeparture] = useState(() => addDays(today, 1));
  const [roomType, setRoomType] = useState(types[0] ?? '');
  const [adults, setAdults] = useState(2);
  const [children, setChildren] = useState(0);
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [notes, setNotes] = useState('');
  const [roomId, setRoomId] = useState('');
  const [checkInNow, setCheckInNow] = useState(false);
  const { run, error, busy } = useSubmit();

  const datesOk = ISO.test(arrival) && ISO.test(departure) && departure > arrival;
  // Rooms a guest can walk into now come first.
  const free = useMemo(() => {
    if (!datesOk || !roomType) return [];
    const ready = (s: string) => (s === 'vacant_clean' || s === 'inspected' ? 0 : 1);
    return freeRooms(state, { arrival, departure }, roomType).sort((a, b) => ready(a.status) - ready(b.status));
  }, [state, arrival, departure, roomType, datesOk]);
  const picked = free.find((r) => r.id === roomId);
  const canCheckInNow = arrival === today && picked !== undefined && (picked.status === 'vacant_clean' || picked.status === 'inspected');
  const walkIn = checkInNow && canCheckInNow;

  const command = useMemo<Command | null>(() => {
    if (!ISO.test(arrival) || !ISO.test(departure) || !roomType) return null;
    const opt = (s: string) => (s.trim() === '' ? undefined : s.trim());
    return {
      type: 'create_reservation',
      guestName,
      arrival,
      departure,
      roomType,
      adults,
      ...(children > 0 ? { children } : {}),
      ...(opt(email) ? { email: opt(email) } : {}),
      ...(opt(phone) ? { phone: opt(phone) } : {}),
      ...(opt(notes) ? { notes: opt(notes) } : {}),
      ...(picked ? { roomId: picked.id } : {}),
      ...(guest ? { guestId: guest.id } : {}),
    };
  }, [guestName, arrival, departure, roomType, adults, children, email, phone, notes, picked, guest]);
  // Only explain once the receptionist has typed a name (an empty form is not an error).
  const refusal = usePlanCheck(guestName.trim() === '' ? null : command);
  const nights = datesOk ? daysBetween(arrival, departure) : 0;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!command || refusal || guestName.trim() === '') return;
    const item = await run(command);
    if (!item) return;
    const reservationId = derivedId('res', item.key);
    if (walkIn && picked) await run({ type: 'check_in', reservationId, roomId: picked.id });
    openDialog({ kind: 'reservation', reservationId });
  };

  return (
    <Modal title={t('booking.title')} onClose={onClose} testId="booking-dialog" wide>
      <form onSubmit={onSubmit} className="form">
        <div className="form-grid">
          <label className="field span-2">
            <span>{t('booking.guestName')}</span>
            <input
              value={guestName}
              onChange={(e) => {
                setGuestName(e.target.value);
                if (guest && e.target.value !== guest.name) setGuest(null);
              }}
              maxLength={120}
              required
              data-autofocus
              data-testid="booking-guest"
              autoComplete="off"
            />
          </label>
          <details className="span-2" data-testid="booking-returning-guest">
            <summary>{guest ? t('booking.returningGuestPicked', { name: guest.name }) : t('booking.returningGuest')}</summary>
            <GuestPicker
              onPick={(g) => {
                setGuest(g);
                setGuestName(g.name);
                setEmail(g.email ?? '');
                setPhone(g.phone ?? '');
              }}
            />
          </details>
          <label className="field">
            <span>{t('booking.arrival')}</span>
            <input
              type="date"
              value={arrival}
              min={today}
              onChange={(e) => {
                const next = e.target.value;
                setArrival(next);
                // Keep the stay's length when the arrival moves past the departure.
                if (ISO.test(next) && departure <= next) setDeparture(addDays(next, Math.max(1, nights)));
              }}
              required
              data-testid="booking-arrival"
            />
          </label>
          <label className="field">
            <span>
              {t('booking.departure')} <span className="muted">{nights > 0 ? `(${t('booking.nights', { count: nights })})` : ''}</span>
            </span>
            <input
              type="date"
              value={departure}
              min={ISO.test(arrival) ? addDays(arrival, 1) : undefined}
              onChange={(e) => setDeparture(e.target.value)}
              required
              data-testid="booking-departure"
            />
          </label>
          <label className="field">
            <span>{t('booking.roomType')}</span>
            <select
              value={roomType}
              onChange={(e) => {
                setRoomType(e.target.value);
                setRoomId('');
              }}
              data-testid="booking-room-type"
            >
              {types.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('booking.adults')}</span>
            <input type="number" min={1} max={20} value={adults} onChange={(e) => setAdults(Number(e.target.value))} data-testid="booking-adults" />
          </label>
          <label className="field">
            <span>{t('booking.children')}</span>
            <input
              type="number"
              min={0}
              max={20}
              value={children}
              onChange={(e) => setChildren(Math.max(0, Number(e.target.value)))}
              data-testid="booking-children"
            />
          </label>
          <label className="field">
            <span>
              {t('booking.email')} <span className="muted">{t('common.optional')}</span>
            </span>
            <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={254} autoComplete="off" data-testid="booking-email" />
          </label>
          <label className="field">
            <span>
              {t('booking.phone')} <span className="muted">{t('common.optional')}</span>
            </span>
            <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={40} autoComplete="off" data-testid="booking-phone" />
          </label>
          <label className="field span-2">
            <span>
              {t('booking.notes')} <span className="muted">{t('common.optional')}</span>
            </span>
            <input value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={1000} autoComplete="off" data-testid="booking-notes" />
          </label>
        </div>
        {free.length === 0 ? (
          datesOk && roomType ? (
            <p className="warning" data-testid="booking-no-room">
              {t('booking.noFreeRoom', { type: roomType })}
            </p>
          ) : null
        ) : (
          <fieldset className="room-picker" data-testid="booking-rooms">
            <legend>{t('booking.freeRooms', { count: free.length })}</legend>
            <label className="room-choice">
              <input type="radio" name="booking-room" value="" checked={!picked} onChange={() => setRoomId('')} />
              <span className="room-choice-status">{t('booking.noRoomYet')}</span>
            </label>
            {free.map((r) => (
              <label key={r.id} className={`room-choice room-${r.status}`}>
                <input
                  type="radio"
                  name="booking-room"
                  value={r.id}
                  checked={picked?.id === r.id}
                  onChange={() => setRoomId(r.id)}
                  data-testid="booking-room"
                  data-room-number={r.number}
                  data-status={r.status}
                />
                <span className="room-choice-number">{r.number}</span>
                <span className="room-choice-status">
                  <span aria-hidden="true">
                    {ROOM_STATUS_SYMBOL[r.status]}
                    {'\u00a0'}
                  </span>
                  {t(`roomStatus.${r.status}`)}
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <label className="check-field">
          <input
            type="checkbox"
            checked={checkInNow}
            onChange={(e) => setCheckInNow(e.target.checked)}
            disabled={!canCheckInNow}
            data-testid="booking-checkin-now"
          />
          <span>
            {t('booking.checkInNow')} <span className="muted">{t('booking.checkInNowHint')}</span>
          </span>
        </label>
        <RefusalLine refusal={refusal} />
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!command || busy || refusal !== null || guestName.trim() === ''}
            data-testid="confirm-booking"
          >
            {walkIn && picked ? t('booking.submitAndCheckIn', { number: picked.number }) : t('booking.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
