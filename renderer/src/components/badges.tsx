/** Small labels used across views. Every colour comes with text. */
import { useTranslation } from 'react-i18next';
import type { ReservationStatus, RoomStatus } from '../../../shared/domain.ts';
import { ROOM_STATUS_SYMBOL } from '../format.ts';
import { useRefusalText } from '../i18n/refusal.ts';
import type { Rejection } from '../state/optimistic.ts';

export function RoomStatusTag({ status }: { status: RoomStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`tag room-${status}`} data-status={status}>
      <span aria-hidden="true">{ROOM_STATUS_SYMBOL[status]} </span>
      {t(`roomStatus.${status}`)}
    </span>
  );
}

export function ReservationStatusTag({ status }: { status: ReservationStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`tag res-${status}`} data-status={status}>
      {t(`reservationStatus.${status}`)}
    </span>
  );
}

export function PendingBadge({ pending }: { pending: boolean }) {
  const { t } = useTranslation();
  if (!pending) return null;
  return (
    <span className="tag pending" data-testid="pending-badge" title={t('common.pendingTitle')}>
      <span aria-hidden="true">◷ </span>
      {t('common.pending')}
    </span>
  );
}

export function RejectionNote({ rejection }: { rejection: Rejection | undefined }) {
  const text = useRefusalText();
  const { t } = useTranslation();
  if (!rejection) return null;
  return (
    <span className="rejection-note" data-testid="rejection-note" role="note" title={rejection.message}>
      <span aria-hidden="true">↩ </span>
      {t('common.rolledBack', { reason: text(rejection) })}
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
