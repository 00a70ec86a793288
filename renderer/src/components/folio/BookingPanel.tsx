/**
 * A booking for a guest record: pick an existing guest (search) or enter a new
 * one (with the language their invoices print in), dates, room type, guests and
 * the nightly rate (the hotel's rate for the type unless changed). After booking,
 * the new stay's folio opens, ready for a deposit. Works offline: the reservation
 * id follows from the queued action's key.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { Command } from '../../../../shared/commands.ts';
import { addDays } from '../../../../shared/dates.ts';
import type { Guest } from '../../../../shared/domain.ts';
import { derivedId } from '../../../../shared/ids.ts';
import { DESK_LANGUAGES, LANGUAGE_NAME } from '../../i18n/desk-language.ts';
import { useFolioT } from '../../i18n/folio.ts';
import { useHotel, usePlanCheck, useShownState } from '../../state/selectors.ts';
import { Modal } from '../Modal.tsx';
import { ErrorText, MoneyField, RefusalText } from './common.tsx';
import { closeFolioPanel, openFolioPanel } from './folio-ui.ts';
import { GuestPicker } from './GuestPicker.tsx';
import { useHotelFormat } from './hotel-format.ts';
import { useSubmit } from '../../hooks/action.ts';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function BookingPanel({ guestId }: { guestId?: string }) {
  const t = useFolioT();
  const state = useShownState();
  const hotel = useHotel();
  const fmt = useHotelFormat();
  const today = hotel?.businessDate ?? new Date().toISOString().slice(0, 10);
  const types = useMemo(() => [...new Set([...state.rooms.values()].map((r) => r.type))].sort(), [state.rooms]);
  const [guest, setGuest] = useState<Guest | null>(() => (guestId ? (state.guests.get(guestId) ?? null) : null));
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [language, setLanguage] = useState('');
  const [arrival, setArrival] = useState(today);
  const [departure, setDeparture] = useState(addDays(today, 1));
  const [roomType, setRoomType] = useState(types[0] ?? '');
  const [adults, setAdults] = useState(1);
  const [rate, setRate] = useState('');
  const defaultRate = hotel?.rates?.[roomType];
  const parsedRate = fmt.parse(rate);
  const rateCents = rate.trim() === '' ? undefined : parsedRate.ok ? parsedRate.minor : null;
  const command = useMemo<Command | null>(() => {
    if (!ISO.test(arrival) || !ISO.test(departure) || !roomType || rateCents === null) return null;
    return {
      type: 'create_reservation',
      guestName: guest ? guest.name : name,
      arrival,
      departure,
      roomType,
      adults,
      ...(rateCents !== undefined ? { rateCents } : {}),
      ...(guest
        ? { guestId: guest.id, ...(guest.email ? { email: guest.email } : {}) }
        : { ...(email.trim() ? { email: email.trim() } : {}), ...(language ? { language } : {}) }),
    };
  }, [guest, name, email, language, arrival, departure, roomType, adults, rateCents]);
  const named = guest !== null || name.trim() !== '';
  const refusal = usePlanCheck(named ? command : null);
  const { run, error, busy } = useSubmit();
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!command || refusal || !named) return;
    const item = await run(command);
    if (item) openFolioPanel({ kind: 'folio', reservationId: derivedId('res', item.key) });
  };
  return (
    <Modal title={t('booking.title')} onClose={closeFolioPanel} testId="guest-booking-panel" wide>
      <form className="form" onSubmit={onSubmit}>
        {guest ? (
          <p data-testid="booking-guest-picked">
            {t('booking.for', { name: guest.name })}{' '}
            <button type="button" className="btn btn-small btn-quiet" onClick={() => setGuest(null)}>
              {t('booking.otherGuest')}
            </button>
          </p>
        ) : (
          <fieldset className="booking-guest">
            <legend>{t('booking.guest')}</legend>
            <GuestPicker onPick={setGuest} autoFocus />
            <p className="muted">{t('booking.orNew')}</p>
            <div className="form-grid">
              <label className="field">
                <span>{t('guests.name')}</span>
                <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} data-testid="booking-new-name" autoComplete="off" />
              </label>
              <label className="field">
                <span>{t('guests.email')}</span>
                <input
                  type="email"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  maxLength={254}
                  data-testid="booking-new-email"
                  autoComplete="off"
                />
              </label>
              <label className="field">
                <span>{t('guests.language')}</span>
                <select value={language} onChange={(e) => setLanguage(e.target.value)} data-testid="booking-new-language">
                  <option value="">{t('guests.languageHotel')}</option>
                  {DESK_LANGUAGES.map((l) => (
                    <option key={l} value={l}>
                      {LANGUAGE_NAME[l]}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </fieldset>
        )}
        <div className="form-grid">
          <label className="field">
            <span>{t('booking.arrival')}</span>
            <input type="date" value={arrival} min={today} onChange={(e) => setArrival(e.target.value)} data-testid="guest-booking-arrival" />
          </label>
          <label className="field">
            <span>{t('booking.departure')}</span>
            <input type="date" value={departure} onChange={(e) => setDeparture(e.target.value)} data-testid="guest-booking-departure" />
          </label>
          <label className="field">
            <span>{t('booking.roomType')}</span>
            <select value={roomType} onChange={(e) => setRoomType(e.target.value)} data-testid="guest-booking-type">
              {types.map((ty) => (
                <option key={ty} value={ty}>
                  {ty}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('booking.adults')}</span>
            <input type="number" min={1} max={20} value={adults} onChange={(e) => setAdults(Number(e.target.value))} data-testid="guest-booking-adults" />
          </label>
          <MoneyField
            label={t('booking.rate')}
            value={rate}
            onChange={setRate}
            fmt={fmt}
            testId="guest-booking-rate"
            extra={defaultRate !== undefined ? <span className="muted small-note">{t('booking.rateDefault', { amount: fmt.money(defaultRate) })}</span> : null}
          />
        </div>
        <RefusalText refusal={refusal} />
        <ErrorText error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={closeFolioPanel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!command || busy || refusal !== null || !named} data-testid="confirm-guest-booking">
            {t('booking.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
