/** The buttons a reservation row offers, depending on its (shown) state. */
import { memo } from 'react';
import { openDialog } from '../state/ui.ts';
import { FolioButton } from './folio/DeskTools.tsx';
import type { ShownReservation } from '../state/selectors.ts';

export const ReservationActions = memo(function ReservationActions({ r }: { r: ShownReservation }) {
  const who = r.guestName;
  return (
    <div className="row-actions">
      {r.status === 'booked' ? (
        <button type="button" className="btn btn-primary" onClick={() => openDialog({ kind: 'checkin', reservationId: r.id })} aria-label={`Check in ${who}`} data-testid="action-checkin">
          Check in
        </button>
      ) : null}
      {r.status === 'in_house' ? (
        <button
          type="button"
          className="btn"
          onClick={() => openDialog({ kind: 'checkout', reservationId: r.id })}
          aria-label={`Check out ${who}`}
          data-testid="action-checkout"
        >
          Check out
        </button>
      ) : null}
      {r.balanceCents > 0 && r.status !== 'cancelled' && r.status !== 'no_show' ? (
        <button type="button" className="btn" onClick={() => openDialog({ kind: 'payment', reservationId: r.id })} aria-label={`Pay: take a payment from ${who}`} data-testid="action-payment">
          Pay
        </button>
      ) : null}
      <FolioButton reservationId={r.id} guestName={who} />
    </div>
  );
});
