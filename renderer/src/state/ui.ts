/** Window-local UI state (which dialog or panel is open). Not desk data. */
import { create } from 'zustand';

export type DialogRequest =
  | { kind: 'checkin'; reservationId: string }
  | { kind: 'checkout'; reservationId: string }
  /** `then: 'checkout'`: taken from the check-out dialog, which comes back once it is taken. */
  | { kind: 'payment'; reservationId: string; then?: 'checkout' }
  | { kind: 'room'; roomId: string };

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
