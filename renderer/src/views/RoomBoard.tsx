/**
 * The room board: every room by floor, coloured AND labelled by status, live.
 * Clicking a room opens its status choices. The legend doubles as a filter.
 */
import { memo, useMemo, useState } from 'react';
import { ROOM_STATUSES, type RoomStatus } from '../../../shared/domain.ts';
import { ViewHeader } from '../components/ViewHeader.tsx';
import { rejectionText, ROOM_STATUS_LABEL, ROOM_STATUS_SYMBOL } from '../format.ts';
import { useRejection, useShownRooms, type ShownRoom } from '../state/selectors.ts';
import { openDialog } from '../state/ui.ts';

const RoomTile = memo(function RoomTile({ room }: { room: ShownRoom }) {
  const rejection = useRejection(room.id);
  const pending = room.pendingKey !== null;
  const label = `Room ${room.number}, ${ROOM_STATUS_LABEL[room.status]}${pending ? ', change pending' : ''}${rejection ? `, change rolled back: ${rejectionText(rejection)}` : ''}`;
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
        <span className="room-number">
          <span className="sr-only">Room </span>
          {room.number}
        </span>{' '}
        <span className="room-type">{room.type}</span>{' '}
        <span className="room-status">
          <span aria-hidden="true">{ROOM_STATUS_SYMBOL[room.status]} </span>
          {ROOM_STATUS_LABEL[room.status]}
        </span>
        {pending ? (
          <span className="room-flag">
            {' '}
            <span aria-hidden="true">◷ </span>Pending
          </span>
        ) : rejection ? (
          <span className="room-flag">
            {' '}
            <span aria-hidden="true">↩ </span>Rolled back<span className="sr-only">: {rejectionText(rejection)}</span>
          </span>
        ) : null}
      </button>
    </li>
  );
});

export function RoomBoardView() {
  const rooms = useShownRooms();
  const [only, setOnly] = useState<RoomStatus | null>(null);
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
      <ViewHeader view="board" summary={`${rooms.length} rooms · ${counts.vacant_clean + counts.inspected} ready to sell`} />
      <div className="legend" role="group" aria-label="Room status legend and filter">
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
            {ROOM_STATUS_LABEL[s]} <span className="count">{counts[s]}</span>
          </button>
        ))}
        {only ? (
          <button type="button" className="btn btn-quiet" onClick={() => setOnly(null)}>
            Show all
          </button>
        ) : null}
      </div>
      <div className="floors">
        {floors.length === 0 ? <p className="empty">No rooms to show.</p> : null}
        {floors.map(([floor, list]) => (
          <section key={floor} className="floor" aria-label={`Floor ${floor}`}>
            <h2 className="floor-title">Floor {floor}</h2>
            <ul className="room-grid">
              {list.map((r) => (
                <RoomTile key={r.id} room={r} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}
