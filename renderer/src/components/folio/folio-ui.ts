/**
 * Which folio-side panel is open in this window (not desk data): a reservation's
 * folio, an invoice, the shift, the night audit, the guests, a booking for a
 * guest. One at a time; Escape or ✕ closes it.
 */
import { create } from 'zustand';

export type FolioPanel =
  | { kind: 'folio'; reservationId: string }
  | { kind: 'invoice'; invoiceId: string }
  | { kind: 'shift' }
  | { kind: 'audit'; date?: string }
  | { kind: 'guests'; guestId?: string }
  | { kind: 'booking'; guestId?: string };

export const useFolioUi = create<{ panel: FolioPanel | null }>()(() => ({ panel: null }));

export const openFolioPanel = (panel: FolioPanel) => useFolioUi.setState({ panel });
export const closeFolioPanel = () => useFolioUi.setState({ panel: null });
