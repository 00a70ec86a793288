/** Renders the one open action dialog, always with the entity's current shown state. */
import { useDesk } from '../state/store.ts';
import { closeDialog, openDialog, useUi } from '../state/ui.ts';
import { BookingDialog } from './BookingDialog.tsx';
import { CloseDayDialog } from './CloseDayDialog.tsx';
import { CheckInDialog, CheckOutDialog, PaymentDialog } from './dialogs.tsx';
import { ReservationPanel } from './ReservationPanel.tsx';
import { RoomPanel } from './RoomPanel.tsx';
import { TaskDialog } from './TaskDialog.tsx';

export function DialogHost() {
  const dialog = useUi((s) => s.dialog);
  const reservationId = dialog && 'reservationId' in dialog ? dialog.reservationId : null;
  const roomId = dialog?.kind === 'room' ? dialog.roomId : null;
  const reservation = useDesk((s) => (reservationId ? s.optimistic.state.reservations.get(reservationId) : undefined));
  const resKeys = useDesk((s) => (reservationId ? s.optimistic.pending.get(reservationId) : undefined));
  const room = useDesk((s) => (roomId ? s.optimistic.state.rooms.get(roomId) : undefined));
  const roomKeys = useDesk((s) => (roomId ? s.optimistic.pending.get(roomId) : undefined));
  const shownRes = reservation ? { ...reservation, pendingKeys: resKeys ?? [] } : null;
  const resRoomNumber = useDesk((s) => (shownRes?.roomId ? (s.optimistic.state.rooms.get(shownRes.roomId)?.number ?? null) : null));
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'checkin':
      return shownRes ? <CheckInDialog key={dialog.reservationId} reservation={shownRes} onClose={closeDialog} /> : null;
    case 'checkout':
      return shownRes ? <CheckOutDialog key={dialog.reservationId} reservation={shownRes} roomNumber={resRoomNumber} onClose={closeDialog} /> : null;
    case 'payment': {
      const then = dialog.then;
      return shownRes ? (
        <PaymentDialog
          key={dialog.reservationId}
          reservation={shownRes}
          onClose={closeDialog}
          onTaken={then ? () => openDialog({ kind: then, reservationId: dialog.reservationId }) : closeDialog}
        />
      ) : null;
    }
    case 'room':
      return room ? <RoomPanel key={dialog.roomId} room={{ ...room, pendingKey: roomKeys?.at(-1) ?? null }} onClose={closeDialog} /> : null;
    case 'reservation':
      return shownRes ? (
        <ReservationPanel key={`${dialog.reservationId}:${dialog.mode ?? 'view'}`} reservation={shownRes} mode={dialog.mode} onClose={closeDialog} />
      ) : null;
    case 'booking':
      return <BookingDialog onClose={closeDialog} />;
    case 'task':
      return <TaskDialog onClose={closeDialog} />;
    case 'closeDay':
      return <CloseDayDialog onClose={closeDialog} />;
  }
}
