/**
 * The room board: every room by floor, coloured AND labelled by status, live,
 * with the guest in it, or why it is out of order and until when. Clicking a room
 * opens its panel. The legend doubles as a filter. Dense enough for 60 rooms on
 * one laptop screen.
 */
import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROOM_STATUSES, type Reservation, type RoomStatus } from '../../../shared/domain.ts';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { ROOM_STATUS_SYMBOL } from '../format.ts';
import { useHotelDates } from '../hooks/hotel.ts';
import { useRefusalText } from '../i18n/refusal.ts';
import { useRejection, useShownReservations, useShownRooms, type ShownRoom } from '../state/selectors.ts';
import { openDialog } from '../state/ui.ts';

const RoomTile = memo(function RoomTile({ room, guest }: { room: ShownRoom; guest: Reservation | undefined }) {
  const { t } = useTranslation();
  const dates = useHotelDates();
  const refusalText = useRefusalText();
  const rejection = useRejection(room.id);
  const pending = room.pendingKey !== null;
  const status = t(`roomStatus.${room.status}`);
  const ooo = room.status === 'out_of_order' ? room.outOfOrder : null;
  const label =
    t('board.tileLabel', { number: room.number, status }) +
    (pending ? t('board.pendingSuffix') : '') +
    (rejection ? t('board.rolledBackSuffix', { reason: refusalText(rejection) }) : '') +
    (ooo ? ` — ${ooo.reason}${ooo.until ? `, ${t('board.until', { date: dates.short(ooo.until) })}` : ''}` : '') +
    (guest ? ` — ${guest.guestName}` : '');
  return (
    <li>
      {/* The accessible name is the tile's own text (WCAG 2.5.3: what is seen is what
          a voice-control user says), completed by visually hidden words. */}
      <button
        type="button"
        className={`room-tile room-${room.status}${pending ? ' is-pending' : ''}${rejection ? ' is-rejected' : ''}`}
        title={label}
        data-testid="room-tile"
        data-room-id={room.id}
        data-room-number={room.number}
        data-status={room.status}
        data-pending={pending ? 'true' : 'false'}
        onClick={() => openDialog({ kind: 'room', roomId: room.id })}
      >
        <span className="room-tile-head">
          <span className="room-number">
            <span className="sr-only">{t('board.roomWord')} </span>
            {room.number}
          </span>{' '}
          <span className="room-symbol" aria-hidden="true">
            {ROOM_STATUS_SYMBOL[room.status]}
          </span>
        </span>{' '}
        <span className="room-status">{status}</span>{' '}
        {ooo ? (
          <span className="room-detail" data-testid="room-ooo">
            {ooo.reason}
            {ooo.until ? ` · ${t('board.until', { date: dates.short(ooo.until) })}` : ''}
          </span>
        ) : guest ? (
          <span className="room-detail" data-testid="room-guest">
            {guest.guestName}
          </span>
        ) : (
          <span className="room-detail room-type">{room.type}</span>
        )}
        {pending ? (
          <span className="room-flag">
            {' '}
            <span aria-hidden="true">◷ </span>
            {t('common.pending')}
          </span>
        ) : rejection ? (
          <span className="room-flag">
            {' '}
            <span aria-hidden="true">↩ </span>
            {t('board.rolledBack')}
            <span className="sr-only">: {refusalText(rejection)}</span>
          </span>
        ) : null}
      </button>
    </li>
  );
});

export function RoomBoardView() {
  const { t } = useTranslation();
  const rooms = useShownRooms();
  const reservations = useShownReservations();
  const [only, setOnly] = useState<RoomStatus | null>(null);
  const guests = useMemo(() => {
    const m = new Map<string, Reservation>();
    for (const r of reservations) if (r.status === 'in_house' && r.roomId) m.set(r.roomId, r);
    return m;
  }, [reservations]);
  const counts = useMemo(() => {
    const c = Object.fromEntries(ROOM_STATUSES.map((s) => [s, 0])) as Record<RoomStatus, number>;
    for (const r of rooms) c[r.status]++;
    return c;
  }, [rooms]);
  const floors = useMemo(() => {
    const byFloor = new Map<number, ShownRoom[]>();
    for (const r of rooms) {
      if (only && r.status !== only) continue;
      let list = byFloor.get(r.floor);
      if (!list) byFloor.set(r.floor, (list = []));
      list.push(r);
    }
    return [...byFloor.entries()].sort((a, b) => a[0] - b[0]);
  }, [rooms, only]);
  return (
    <section className="view view-board" aria-labelledby="board-title" data-testid="view-board">
      <ViewHeader view="board" summary={t('board.summary', { count: rooms.length, ready: counts.vacant_clean + counts.inspected })} />
      <div className="legend" role="group" aria-label={t('board.legend')}>
        {ROOM_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className={`legend-item room-${s}`}
            aria-pressed={only === s}
            onClick={() => setOnly(only === s ? null : s)}
            data-testid={`legend-${s}`}
          >
            <span className="legend-swatch" aria-hidden="true">
              {ROOM_STATUS_SYMBOL[s]}
            </span>
            {t(`roomStatus.${s}`)} <span className="count">{counts[s]}</span>
          </button>
        ))}
        {only ? (
          <button type="button" className="btn btn-quiet btn-small" onClick={() => setOnly(null)}>
            {t('board.showAll')}
          </button>
        ) : null}
      </div>
      <div className="floors">
        {floors.length === 0 ? <p className="empty">{t('board.empty')}</p> : null}
        {floors.map(([floor, list]) => (
          <section key={floor} className="floor" aria-label={t('board.floor', { floor })}>
            <h2 className="floor-title">{t('board.floor', { floor })}</h2>
            <ul className="room-grid">
              {list.map((r) => (
                <RoomTile key={r.id} room={r} guest={guests.get(r.id)} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}
