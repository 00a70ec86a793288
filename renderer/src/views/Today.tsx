/**
 * Today, judged against the hotel's BUSINESS DATE (never the PC's clock): who
 * arrives, who leaves, who is in house, and what needs attention — guests still
 * in house after their departure date, arrivals from earlier days who never came
 * (no-show candidates), arrivals without a room, open balances on departure.
 * "Close day…" runs the night audit's first half.
 */
import { memo, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { PendingBadge, RejectionNote } from '../components/badges.tsx';
import { ReservationActions } from '../components/ReservationActions.tsx';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { useKeepFocusInList } from '../hooks/focus.ts';
import { useBusinessDate, useHotelDates, useMoney } from '../hooks/hotel.ts';
import { useRejection, useRoomNumbers, useToday, type ShownReservation } from '../state/selectors.ts';
import { openDialog } from '../state/ui.ts';

type Column = 'arrivals' | 'departures' | 'inHouse' | 'attention';

const GuestRow = memo(function GuestRow({
  r,
  roomNumber,
  column,
  today,
}: {
  r: ShownReservation;
  roomNumber: string | undefined;
  column: Column;
  today: string;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  const dates = useHotelDates();
  const rejection = useRejection(r.id);
  let note: string;
  let alert = false;
  if (r.status === 'in_house' && r.departure < today) {
    note = t('today.overdue', { date: dates.short(r.departure) });
    alert = true;
  } else if (r.status === 'booked' && r.arrival < today) {
    note = t('today.notArrived', { date: dates.short(r.arrival) });
    alert = true;
  } else if (column === 'attention' && r.status === 'booked' && !r.roomId) {
    note = t('today.noRoomYet');
  } else if (column === 'departures') {
    note = t('today.arrived', { date: dates.short(r.arrival) });
  } else {
    note = t('today.until', { date: dates.short(r.departure) });
  }
  return (
    <li
      className={`guest-row${r.pendingKeys.length ? ' is-pending' : ''}`}
      data-testid="today-row"
      data-reservation-id={r.id}
      data-confirmation={r.confirmation}
      data-status={r.status}
    >
      <div className="guest-line">
        <button
          type="button"
          className="guest-name link-button"
          onClick={() => openDialog({ kind: 'reservation', reservationId: r.id })}
          data-testid="open-reservation"
        >
          {r.guestName}
        </button>
        <span className={roomNumber ? 'room-no' : 'room-no room-none'}>{roomNumber ?? t('common.noRoom')}</span>
      </div>
      <div className="guest-line guest-meta-line">
        <span className={alert ? 'guest-meta alert-text' : 'guest-meta'}>
          {note} · {r.roomType} · {r.confirmation}
        </span>
        {r.balanceCents > 0 ? <span className="balance owing">{money.format(r.balanceCents)}</span> : null}
      </div>
      <div className="guest-row-tail">
        <PendingBadge pending={r.pendingKeys.length > 0} />
        <RejectionNote rejection={rejection} />
        <ReservationActions r={r} today={today} payment={column !== 'arrivals'} />
      </div>
    </li>
  );
});

function Panel({
  id,
  title,
  count,
  note,
  items,
  rooms,
  today,
  empty,
}: {
  id: Column;
  title: string;
  count: number;
  note?: string;
  items: ShownReservation[];
  rooms: ReadonlyMap<string, string>;
  today: string;
  empty: string;
}) {
  const list = useRef<HTMLUListElement>(null);
  useKeepFocusInList(list);
  return (
    <section className="panel" aria-labelledby={`${id}-h`} data-testid={`today-${id}`}>
      <h2 id={`${id}-h`} className="panel-title">
        {title}{' '}
        <span className="count" data-testid={`count-${id}`}>
          {count}
        </span>
        {note ? <span className="panel-note">{note}</span> : null}
      </h2>
      {items.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ul className="guest-list" ref={list}>
          {items.map((r) => (
            <GuestRow key={r.id} r={r} roomNumber={r.roomId ? rooms.get(r.roomId) : undefined} column={id} today={today} />
          ))}
        </ul>
      )}
    </section>
  );
}

const byRoom = (rooms: ReadonlyMap<string, string>) => (a: ShownReservation, b: ShownReservation) =>
  (rooms.get(a.roomId ?? '') ?? '').localeCompare(rooms.get(b.roomId ?? '') ?? '', undefined, { numeric: true });

export function TodayView() {
  const { t } = useTranslation();
  const today = useBusinessDate();
  const dates = useHotelDates();
  const money = useMoney();
  const { arrivals, departures, inHouse, unassigned, unpaid, overdue, late } = useToday(today);
  const rooms = useRoomNumbers();
  // Rows with a pending action stay put (marked pending) until the gateway confirms.
  const toArrive = arrivals.filter((r) => r.status === 'booked' || r.pendingKeys.length > 0);
  const toDepart = departures.filter((r) => r.status === 'in_house' || r.pendingKeys.length > 0);
  const house = useMemo(() => [...inHouse].sort(byRoom(rooms)), [inHouse, rooms]);
  const attention = useMemo(() => {
    const seen = new Set<string>();
    const out: ShownReservation[] = [];
    // Departing today with money owed already shows under Departures; here only who has left owing.
    const goneOwing = unpaid.filter((r) => r.status === 'checked_out');
    for (const r of [...overdue, ...late, ...unassigned, ...goneOwing]) {
      if (!seen.has(r.id)) out.push(r);
      seen.add(r.id);
    }
    return out;
  }, [overdue, late, unassigned, unpaid]);
  return (
    <section className="view view-today" aria-labelledby="today-title" data-testid="view-today">
      <ViewHeader view="today" summary={<span data-testid="today-date">{dates.long(today)}</span>}>
        <button type="button" className="btn" onClick={() => openDialog({ kind: 'closeDay' })} data-testid="close-day">
          {t('today.closeDay')}
        </button>
      </ViewHeader>
      <div className="stats" role="list" aria-label={t('today.inTheNumbers')}>
        <Stat
          label={t('today.statArrivals')}
          value={arrivals.length}
          detail={t('today.statArrivalsDetail', { count: toArrive.length })}
          testId="stat-arrivals"
        />
        <Stat
          label={t('today.statDepartures')}
          value={departures.length}
          detail={t('today.statDeparturesDetail', { count: toDepart.length })}
          testId="stat-departures"
        />
        <Stat label={t('today.statInHouse')} value={inHouse.length} testId="stat-inhouse" />
        <Stat label={t('today.statLate')} value={overdue.length + late.length} testId="stat-late" tone={overdue.length + late.length ? 'warn' : 'ok'} />
        <Stat label={t('today.statUnassigned')} value={unassigned.length} testId="stat-unassigned" tone={unassigned.length ? 'warn' : 'ok'} />
        <Stat
          label={t('today.statUnpaid')}
          value={unpaid.length}
          detail={money.format(unpaid.reduce((n, r) => n + r.balanceCents, 0))}
          testId="stat-unpaid"
          tone={unpaid.length ? 'warn' : 'ok'}
        />
      </div>
      <div className="panels">
        <Panel
          id="arrivals"
          title={t('today.arrivals')}
          count={toArrive.length}
          note={t('today.ofTotal', { count: arrivals.length })}
          items={toArrive}
          rooms={rooms}
          today={today}
          empty={t('today.arrivalsEmpty')}
        />
        <Panel
          id="departures"
          title={t('today.departures')}
          count={toDepart.length}
          note={t('today.ofTotal', { count: departures.length })}
          items={toDepart}
          rooms={rooms}
          today={today}
          empty={t('today.departuresEmpty')}
        />
        <Panel id="inHouse" title={t('today.inHouse')} count={house.length} items={house} rooms={rooms} today={today} empty={t('today.inHouseEmpty')} />
        <Panel
          id="attention"
          title={t('today.attention')}
          count={attention.length}
          items={attention}
          rooms={rooms}
          today={today}
          empty={t('today.attentionEmpty')}
        />
      </div>
    </section>
  );
}

function Stat({ label, value, detail, testId, tone }: { label: string; value: number; detail?: string; testId: string; tone?: 'warn' | 'ok' }) {
  return (
    <div role="listitem" className={`stat${tone ? ` stat-${tone}` : ''}`} data-testid={testId}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
      {detail ? <span className="stat-detail">{detail}</span> : null}
    </div>
  );
}
