/**
 * What the printer gets. A document rendered here goes into `.print-root`, a
 * direct child of <body> that is hidden on screen; the print stylesheet hides
 * everything else (the desk, its dialogs), so the browser's print — Electron's
 * window print, the browser host's window.print(), a PDF printer — gets only
 * the document, on A4 with its own margins.
 */
import { createPortal } from 'react-dom';
import type { ReactNode } from 'react';
import './print.css';

export function Printable({ children }: { children: ReactNode }) {
  return createPortal(
    <div className="print-root" data-testid="print-root">
      {children}
    </div>,
    document.body,
  );
}

/** Opens the system print dialog (where "Save as PDF" is one of the printers). */
export function printNow(): void {
  window.print();
}
