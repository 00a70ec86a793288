/** The guest's notes (from their guest record) and the booking's own notes, where a receptionist sees the stay. */
import type { Reservation } from '../../../../shared/domain.ts';
import { useFolioT } from '../../i18n/folio.ts';
import { useShownState } from '../../state/selectors.ts';

export function GuestNotes({ reservation }: { reservation: Reservation }) {
  const t = useFolioT();
  const state = useShownState();
  const guest = reservation.guestId ? state.guests.get(reservation.guestId) : undefined;
  if (!guest?.notes && !reservation.notes) return null;
  return (
    <div className="guest-notes" data-testid="guest-notes">
      {guest?.notes ? (
        <p>
          <strong>{t('guests.notesOf', { name: guest.name })}</strong> {guest.notes}
        </p>
      ) : null}
      {reservation.notes ? (
        <p>
          <strong>{t('guests.bookingNotes')}</strong> {reservation.notes}
        </p>
      ) : null}
    </div>
  );
}
