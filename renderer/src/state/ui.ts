/** Window-local UI state (which dialog or panel is open). Not desk data. */
import { create } from 'zustand';

export type DialogRequest =
  | { kind: 'checkin'; reservationId: string }
  | { kind: 'checkout'; reservationId: string }
  /** `then`: where to go back once it is taken (the check-out dialog, or the reservation panel). */
  | { kind: 'payment'; reservationId: string; then?: 'checkout' | 'reservation' }
  | { kind: 'room'; roomId: string }
  /** `mode`: open straight on one of the panel's forms. */
  | { kind: 'reservation'; reservationId: string; mode?: ReservationPanelMode }
  | { kind: 'booking' }
  | { kind: 'task' }
  | { kind: 'closeDay' };

export type ReservationPanelMode = 'view' | 'edit' | 'cancel' | 'assign' | 'move';

export interface UiState {
  dialog: DialogRequest | null;
  queueOpen: boolean;
  helpOpen: boolean;
}

export const useUi = create<UiState>()(() => ({ dialog: null, queueOpen: false, helpOpen: false }));

export const openDialog = (dialog: DialogRequest) => useUi.setState({ dialog });
export const closeDialog = () => useUi.setState({ dialog: null });
export const toggleQueue = (open?: boolean) => useUi.setState((s) => ({ queueOpen: open ?? !s.queueOpen }));
export const toggleHelp = (open?: boolean) => useUi.setState((s) => ({ helpOpen: open ?? !s.helpOpen }));
