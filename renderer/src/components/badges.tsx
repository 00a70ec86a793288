/** Small labels used across views. Every colour comes with text. */
import type { ReservationStatus, RoomStatus } from '../../../shared/domain.ts';
import { rejectionText, RESERVATION_STATUS_LABEL, ROOM_STATUS_LABEL, ROOM_STATUS_SYMBOL } from '../format.ts';
import type { Rejection } from '../state/optimistic.ts';

export function RoomStatusTag({ status }: { status: RoomStatus }) {
  return (
    <span className={`tag room-${status}`} data-status={status}>
      <span aria-hidden="true">{ROOM_STATUS_SYMBOL[status]} </span>
      {ROOM_STATUS_LABEL[status]}
    </span>
  );
}

export function ReservationStatusTag({ status }: { status: ReservationStatus }) {
  return (
    <span className={`tag res-${status}`} data-status={status}>
      {RESERVATION_STATUS_LABEL[status]}
    </span>
  );
}

export function PendingBadge({ pending }: { pending: boolean }) {
  if (!pending) return null;
  return (
    <span className="tag pending" data-testid="pending-badge" title="Waiting for the gateway to confirm">
      <span aria-hidden="true">◷ </span>Pending
    </span>
  );
}

export function RejectionNote({ rejection }: { rejection: Rejection | undefined }) {
  if (!rejection) return null;
  return (
    <span className="rejection-note" data-testid="rejection-note" role="note" title={rejection.message}>
      <span aria-hidden="true">↩ </span>Rolled back: {rejectionText(rejection)}
    </span>
  );
}

/** An error announced to screen readers; `inline` for rows and toolbars, a paragraph otherwise. */
export function ErrorLine({ error, inline = false }: { error: string | null; inline?: boolean }) {
  if (!error) return null;
  return inline ? (
    <span className="form-error" role="alert">
      {error}
    </span>
  ) : (
    <p className="form-error" role="alert">
      {error}
    </p>
  );
}
