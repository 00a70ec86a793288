/** Shows the open folio-side panel (one at a time). Mounted once in the app shell. */
import { AuditPanel } from './AuditPanel.tsx';
import { BookingPanel } from './BookingPanel.tsx';
import { FolioPanel } from './FolioPanel.tsx';
import { useFolioUi } from './folio-ui.ts';
import { GuestsPanel } from './GuestsPanel.tsx';
import { InvoicePanel } from './InvoicePanel.tsx';
import { ShiftPanel } from './ShiftPanel.tsx';

export function FolioHost() {
  const panel = useFolioUi((s) => s.panel);
  if (!panel) return null;
  switch (panel.kind) {
    case 'folio':
      return <FolioPanel key={panel.reservationId} reservationId={panel.reservationId} />;
    case 'invoice':
      return <InvoicePanel key={panel.invoiceId} invoiceId={panel.invoiceId} />;
    case 'shift':
      return <ShiftPanel />;
    case 'audit':
      return <AuditPanel key={panel.date ?? ''} date={panel.date} />;
    case 'guests':
      return <GuestsPanel guestId={panel.guestId} />;
    case 'booking':
      return <BookingPanel key={panel.guestId ?? ''} guestId={panel.guestId} />;
  }
}
