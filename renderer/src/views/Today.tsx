/**
 * Today: who arrives, who leaves, who is in house, and what still needs doing
 * (arrivals without a room, open balances). Every list is live and actionable.
 */
import { memo, useRef } from 'react';
import { PendingBadge, RejectionNote, ReservationStatusTag } from '../components/badges.tsx';
import { ReservationActions } from '../components/ReservationActions.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { formatDate, formatMoney } from '../format.ts';
import { useBusinessDate } from '../hooks/clock.ts';
import { useKeepFocusInList } from '../hooks/focus.ts';
import { useRejection, useRoomNumbers, useToday, type ShownReservation } from '../state/selectors.ts';

const GuestRow = memo(function GuestRow({ r, roomNumber, show }: { r: ShownReservation; roomNumber: string | undefined; show: 'arrival' | 'departure' | 'todo' }) {
  const rejection = useRejection(r.id);
  return (
    <li className={`guest-row${r.pendingKeys.length ? ' is-pending' : ''}`} data-testid="today-row" data-reservation-id={r.id} data-confirmation={r.confirmation} data-status={r.status}>
      <div className="guest-main">
        <span className="guest-name">{r.guestName}</span>
        <span className="guest-meta">
          {r.confirmation} · {r.roomType} · {show === 'departure' ? `arrived ${formatDate(r.arrival)}` : `until ${formatDate(r.departure)}`}
        </span>
        <RejectionNote rejection={rejection} />
      </div>
      <div className="guest-facts">
        <span className={roomNumber ? 'room-no' : 'room-no room-none'}>{roomNumber ? `Room ${roomNumber}` : 'No room'}</span>
        {r.balanceCents > 0 ? <span className="balance owing">Owes {formatMoney(r.balanceCents)}</span> : <span className="balance">Paid</span>}
        <ReservationStatusTag status={r.status} />
        <PendingBadge pending={r.pendingKeys.length > 0} />
      </div>
      <ReservationActions r={r} />
    </li>
  );
});

function Panel({ id, title, count, note, items, rooms, show, empty }: {
  id: string;
  title: string;
  count: number;
  note?: string;
  items: ShownReservation[];
  rooms: ReadonlyMap<string, string>;
  show: 'arrival' | 'departure' | 'todo';
  empty: string;
}) {
  const list = useRef<HTMLUListElement>(null);
  useKeepFocusInList(list);
  return (
    <section className="panel" aria-labelledby={`${id}-h`} data-testid={`today-${id}`}>
      <h2 id={`${id}-h`} className="panel-title">
        {title} <span className="count" data-testid={`count-${id}`}>{count}</span>
        {note ? <span className="panel-note">{note}</span> : null}
      </h2>
      {items.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ul className="guest-list" ref={list}>
          {items.map((r) => (
            <GuestRow key={r.id} r={r} roomNumber={r.roomId ? rooms.get(r.roomId) : undefined} show={show} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function TodayView() {
  const today = useBusinessDate();
  const { arrivals, departures, inHouse, unassigned, unpaid } = useToday(today);
  const rooms = useRoomNumbers();
  // Rows with a pending action stay put (marked pending) until the gateway confirms.
  const toArrive = arrivals.filter((r) => r.status === 'booked' || r.pendingKeys.length > 0);
  const toDepart = departures.filter((r) => r.status === 'in_house' || r.pendingKeys.length > 0);
  const todo = [...unassigned, ...unpaid.filter((r) => !unassigned.includes(r))];
  return (
    <section className="view view-today" aria-labelledby="today-title" data-testid="view-today">
      <ViewHeader view="today" summary={new Date(`${today}T12:00:00`).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' })} />
      <div className="stats" role="list" aria-label="Today in numbers">
        <Stat label="Arrivals" value={arrivals.length} detail={`${toArrive.length} still to arrive`} testId="stat-arrivals" />
        <Stat label="Departures" value={departures.length} detail={`${toDepart.length} still to leave`} testId="stat-departures" />
        <Stat label="In house" value={inHouse.length} detail="guests' reservations" testId="stat-inhouse" />
        <Stat label="No room yet" value={unassigned.length} detail="arrivals to assign" testId="stat-unassigned" tone={unassigned.length ? 'warn' : 'ok'} />
        <Stat label="Open balances" value={unpaid.length} detail={formatMoney(unpaid.reduce((n, r) => n + r.balanceCents, 0))} testId="stat-unpaid" tone={unpaid.length ? 'warn' : 'ok'} />
      </div>
      <div className="panels">
        <Panel id="arrivals" title="Arrivals" count={toArrive.length} note={`of ${arrivals.length}`} items={toArrive} rooms={rooms} show="arrival" empty="Everyone due today has arrived." />
        <Panel id="departures" title="Departures" count={toDepart.length} note={`of ${departures.length}`} items={toDepart} rooms={rooms} show="departure" empty="No one left to check out today." />
        <Panel id="todo" title="Still to do" count={todo.length} items={todo} rooms={rooms} show="todo" empty="Nothing waiting: rooms assigned, balances settled." />
      </div>
    </section>
  );
}

function Stat({ label, value, detail, testId, tone }: { label: string; value: number; detail: string; testId: string; tone?: 'warn' | 'ok' }) {
  return (
    <div role="listitem" className={`stat${tone ? ` stat-${tone}` : ''}`} data-testid={testId}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
      <span className="stat-detail">{detail}</span>
    </div>
  );
}
