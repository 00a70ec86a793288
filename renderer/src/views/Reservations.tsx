/**
 * Reservations: search thousands by guest, room number or confirmation, filter by
 * status, and act (check in, check out, take a payment). The list is virtualised.
 */
import { memo, useDeferredValue, useMemo, useRef, useState } from 'react';
import { RESERVATION_STATUSES, type ReservationStatus } from '../../../shared/domain.ts';
import { PendingBadge, RejectionNote, ReservationStatusTag } from '../components/badges.tsx';
import { ReservationActions } from '../components/ReservationActions.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { VirtualList } from '../components/VirtualList.tsx';
import { formatDate, formatMoney, RESERVATION_STATUS_LABEL } from '../format.ts';
import { normalizeQuery, reservationMatches } from '../state/search.ts';
import { useRejection, useRoomNumbers, useShownReservations, type ShownReservation } from '../state/selectors.ts';

export const SEARCH_INPUT_ID = 'reservation-search';
const ROW_HEIGHT = 76;

const ReservationRow = memo(function ReservationRow({ r, roomNumber }: { r: ShownReservation; roomNumber: string | undefined }) {
  const rejection = useRejection(r.id);
  return (
    <div className={`res-row${r.pendingKeys.length ? ' is-pending' : ''}`} data-testid="reservation-row" data-reservation-id={r.id} data-confirmation={r.confirmation} data-status={r.status} data-pending={r.pendingKeys.length ? 'true' : 'false'}>
      <div className="res-guest">
        <span className="guest-name">{r.guestName}</span>
        <span className="guest-meta">
          {r.confirmation} · {r.adults} {r.adults === 1 ? 'adult' : 'adults'}
        </span>
      </div>
      <div className="res-dates">
        {formatDate(r.arrival)} → {formatDate(r.departure)}
        <span className="guest-meta">{r.roomType}</span>
      </div>
      <div className={roomNumber ? 'room-no' : 'room-no room-none'}>{roomNumber ? `Room ${roomNumber}` : 'No room'}</div>
      <div className="res-state">
        <ReservationStatusTag status={r.status} />
        <PendingBadge pending={r.pendingKeys.length > 0} />
        <RejectionNote rejection={rejection} />
      </div>
      <div className={r.balanceCents > 0 ? 'balance owing' : 'balance'}>
        <span className="sr-only">Balance </span>
        {r.balanceCents > 0 ? formatMoney(r.balanceCents) : 'Paid'}
      </div>
      <ReservationActions r={r} />
    </div>
  );
});

export function ReservationsView() {
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
      <ViewHeader view="reservations" summary={`${all.length.toLocaleString()} reservations`} />
      <div className="toolbar" role="search">
        <label className="field field-search">
          <span className="sr-only">Search reservations</span>
          <input
            id={SEARCH_INPUT_ID}
            type="search"
            placeholder="Search guest, room or confirmation  ( / )"
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
          <span>Status</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as ReservationStatus | 'all')} data-testid="reservation-status-filter">
            <option value="all">All</option>
            {RESERVATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {RESERVATION_STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <p className="result-count" aria-live="polite" data-testid="reservation-count">
          {shown.length.toLocaleString()} shown
        </p>
      </div>
      <div className="res-head" aria-hidden="true">
        <span>Guest</span>
        <span>Stay</span>
        <span>Room</span>
        <span>Status</span>
        <span>Balance</span>
        <span>Actions</span>
      </div>
      {shown.length === 0 ? (
        <p className="empty">No reservation matches “{deferredQuery}”.</p>
      ) : (
        <VirtualList
          items={shown}
          rowHeight={ROW_HEIGHT}
          getKey={(r) => r.id}
          label="Reservation list"
          testId="reservation-list"
          scrollRef={listRef}
          renderRow={(r) => <ReservationRow r={r} roomNumber={r.roomId ? rooms.get(r.roomId) : undefined} />}
        />
      )}
    </section>
  );
}
