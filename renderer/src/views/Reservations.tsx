/**
 * Reservations: search thousands by guest, room number or confirmation, filter by
 * status, and act (check in, check out, take a payment). The list is virtualised.
 */
import { memo, useDeferredValue, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RESERVATION_STATUSES, type ReservationStatus } from '../../../shared/domain.ts';
import { PendingBadge, RejectionNote, ReservationStatusTag } from '../components/badges.tsx';
import { ReservationActions } from '../components/ReservationActions.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { VirtualList } from '../components/VirtualList.tsx';
import { useBusinessDate, useHotelDates, useMoney } from '../hooks/hotel.ts';
import { normalizeQuery, reservationMatches } from '../state/search.ts';
import { useRejection, useRoomNumbers, useShownReservations, type ShownReservation } from '../state/selectors.ts';
import { openDialog } from '../state/ui.ts';

export const SEARCH_INPUT_ID = 'reservation-search';
/** One line per reservation: at 1366x768 at least 15 rows are in view. */
const ROW_HEIGHT = 36;

const ReservationRow = memo(function ReservationRow({ r, roomNumber, today }: { r: ShownReservation; roomNumber: string | undefined; today: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  const dates = useHotelDates();
  const rejection = useRejection(r.id);
  return (
    <div
      className={`res-row${r.pendingKeys.length ? ' is-pending' : ''}`}
      data-testid="reservation-row"
      data-reservation-id={r.id}
      data-confirmation={r.confirmation}
      data-status={r.status}
      data-pending={r.pendingKeys.length ? 'true' : 'false'}
    >
      <div className="res-guest">
        <button
          type="button"
          className="guest-name link-button"
          onClick={() => openDialog({ kind: 'reservation', reservationId: r.id })}
          data-testid="open-reservation"
        >
          {r.guestName}
        </button>
        <span className="guest-meta">
          {r.confirmation} · {t('common.adults', { count: r.adults })}
        </span>
      </div>
      <div className="res-dates">
        {t('common.stay', { arrival: dates.short(r.arrival), departure: dates.short(r.departure) })} <span className="guest-meta">{r.roomType}</span>
      </div>
      <div className={roomNumber ? 'room-no' : 'room-no room-none'}>{roomNumber ? t('common.room', { number: roomNumber }) : t('common.noRoom')}</div>
      <div className="res-state">
        <ReservationStatusTag status={r.status} />
        <PendingBadge pending={r.pendingKeys.length > 0} />
        <RejectionNote rejection={rejection} />
      </div>
      <div className={r.balanceCents > 0 ? 'balance owing' : 'balance'}>
        <span className="sr-only">{t('common.balance')} </span>
        {r.balanceCents > 0 ? money.format(r.balanceCents) : t('common.paid')}
      </div>
      <ReservationActions r={r} today={today} />
    </div>
  );
});

export function ReservationsView() {
  const { t } = useTranslation();
  const today = useBusinessDate();
  const all = useShownReservations();
  const rooms = useRoomNumbers();
  const [query, setQuery] = useState('');
  const listRef = useRef<HTMLDivElement | null>(null);
  const [status, setStatus] = useState<ReservationStatus | 'all'>('all');
  const deferredQuery = useDeferredValue(query);
  const q = normalizeQuery(deferredQuery);
  const shown = useMemo(
    () => all.filter((r) => (status === 'all' || r.status === status) && reservationMatches(r, r.roomId ? rooms.get(r.roomId) : undefined, q)),
    [all, rooms, status, q],
  );
  return (
    <section className="view view-reservations" aria-labelledby="reservations-title" data-testid="view-reservations">
      <ViewHeader view="reservations" summary={t('reservations.summary', { count: all.length })} />
      <div className="toolbar" role="search">
        <label className="field field-search">
          <span className="sr-only">{t('reservations.search')}</span>
          <input
            id={SEARCH_INPUT_ID}
            type="search"
            placeholder={t('reservations.searchPlaceholder')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              // Escape clears the search (the browser does that for type=search); on an
              // empty search it leaves the field for the list, so the keyboard is not stuck.
              if (e.key === 'Escape' && e.currentTarget.value === '') listRef.current?.focus();
            }}
            autoComplete="off"
            spellCheck={false}
            data-testid="reservation-search"
          />
        </label>
        <label className="field field-inline">
          <span>{t('reservations.status')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as ReservationStatus | 'all')} data-testid="reservation-status-filter">
            <option value="all">{t('reservations.all')}</option>
            {RESERVATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`reservationStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <p className="result-count" aria-live="polite" data-testid="reservation-count">
          {t('reservations.shown', { count: shown.length })}
        </p>
      </div>
      <div className="res-head" aria-hidden="true">
        <span>{t('reservations.colGuest')}</span>
        <span>{t('reservations.colStay')}</span>
        <span>{t('reservations.colRoom')}</span>
        <span>{t('reservations.colStatus')}</span>
        <span>{t('reservations.colBalance')}</span>
        <span>{t('reservations.colActions')}</span>
      </div>
      {shown.length === 0 ? (
        <p className="empty">{t('reservations.noMatch', { query: deferredQuery })}</p>
      ) : (
        <VirtualList
          items={shown}
          rowHeight={ROW_HEIGHT}
          getKey={(r) => r.id}
          label={t('reservations.list')}
          testId="reservation-list"
          scrollRef={listRef}
          renderRow={(r) => <ReservationRow r={r} roomNumber={r.roomId ? rooms.get(r.roomId) : undefined} today={today} />}
        />
      )}
    </section>
  );
}
