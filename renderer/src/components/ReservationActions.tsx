/** The buttons a reservation row offers, depending on its (shown) state and the business date. */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { openDialog } from '../state/ui.ts';
import { FolioButton } from './folio/DeskTools.tsx';
import type { ShownReservation } from '../state/selectors.ts';

/** `folio`: a Folio button in the row (off by default: rows keep one line; the guest's panel opens the folio). */
export const ReservationActions = memo(function ReservationActions({
  r,
  today,
  payment = true,
  folio = false,
}: {
  r: ShownReservation;
  today: string;
  payment?: boolean;
  folio?: boolean;
}) {
  const { t } = useTranslation();
  const who = r.guestName;
  return (
    <div className="row-actions">
      {r.status === 'booked' && r.arrival <= today ? (
        <button
          type="button"
          className="btn btn-small btn-primary"
          onClick={() => openDialog({ kind: 'checkin', reservationId: r.id })}
          aria-label={t('actions.checkInWho', { name: who })}
          data-testid="action-checkin"
        >
          {t('actions.checkIn')}
        </button>
      ) : null}
      {r.status === 'booked' && r.arrival < today ? (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => openDialog({ kind: 'reservation', reservationId: r.id })}
          aria-label={t('actions.noShowWho', { name: who })}
          data-testid="action-no-show"
        >
          {t('actions.noShow')}
        </button>
      ) : null}
      {r.status === 'in_house' && r.departure <= today ? (
        <button
          type="button"
          className="btn btn-small btn-primary"
          onClick={() => openDialog({ kind: 'checkout', reservationId: r.id })}
          aria-label={t('actions.checkOutWho', { name: who })}
          data-testid="action-checkout"
        >
          {t('actions.checkOut')}
        </button>
      ) : r.status === 'in_house' ? (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => openDialog({ kind: 'checkout', reservationId: r.id })}
          aria-label={t('actions.checkOutWho', { name: who })}
          data-testid="action-checkout"
        >
          {t('actions.checkOut')}
        </button>
      ) : null}
      {payment && r.balanceCents > 0 && r.status !== 'cancelled' && r.status !== 'no_show' ? (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => openDialog({ kind: 'payment', reservationId: r.id })}
          aria-label={t('actions.payWho', { name: who })}
          data-testid="action-payment"
        >
          {t('actions.pay')}
        </button>
      ) : null}
      {folio ? <FolioButton reservationId={r.id} guestName={who} /> : null}
    </div>
  );
});
