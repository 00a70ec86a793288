/** The guest's notes (from their guest record) and the booking's own notes, where a receptionist sees the stay. */
import type { Reservation } from '../../../../shared/domain.ts';
import { useFolioT } from '../../i18n/folio.ts';
import { useShownState } from '../../state/selectors.ts';

/** `guestOnly`: where the booking's notes are shown already, only the guest record's. */
export function GuestNotes({ reservation, guestOnly = false }: { reservation: Reservation; guestOnly?: boolean }) {
  const t = useFolioT();
  const state = useShownState();
  const guest = reservation.guestId ? state.guests.get(reservation.guestId) : undefined;
  const bookingNotes = guestOnly ? undefined : reservation.notes;
  if (!guest?.notes && !bookingNotes) return null;
  return (
    <div className="guest-notes" data-testid="guest-notes">
      {guest?.notes ? (
        <p>
          <strong>{t('guests.notesOf', { name: guest.name })}</strong> {guest.notes}
        </p>
      ) : null}
      {bookingNotes ? (
        <p>
          <strong>{t('guests.bookingNotes')}</strong> {bookingNotes}
        </p>
      ) : null}
    </div>
  );
}
