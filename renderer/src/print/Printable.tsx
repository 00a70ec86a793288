/**
 * What the printer gets. A document rendered here goes into `.print-root`, a
 * direct child of <body> that is hidden on screen; the print stylesheet hides
 * everything else (the desk, its dialogs), so the printer — Electron's
 * webContents.print / printToPDF, the browser host's window.print() — gets only
 * the document, on A4 with its own margins.
 */
import { createPortal } from 'react-dom';
import { useEffect, useState, type ReactNode } from 'react';
import { documentName } from '../../../shared/ipc.ts';
import { appInfo, printDocument } from '../bridge/bridge.ts';
import { useFolioT } from '../i18n/folio.ts';
import './print.css';

export function Printable({ children }: { children: ReactNode }) {
  return createPortal(
    <div className="print-root" data-testid="print-root">
      {children}
    </div>,
    document.body,
  );
}

/**
 * Prints through the host (Electron: the system print dialog for this window). Where the
 * host has no print hook (browser host) it is window.print(), whose dialog offers "Save as PDF".
 */
export async function printNow(title: string): Promise<void> {
  const result = await printDocument('print', documentName(title)).catch(() => null);
  if (!result || result.reason === 'unsupported') window.print();
}

let savesPdf: Promise<boolean> | null = null;
/** Whether the host saves PDFs itself (Electron); asked once. */
function hostSavesPdf(): Promise<boolean> {
  savesPdf ??= appInfo().then(
    (info) => info.host === 'electron',
    () => false,
  );
  return savesPdf;
}

/** "Save as PDF", shown only where the host saves PDFs itself; says where the file went. */
export function SavePdfButton({ title, testId, disabled }: { title: string; testId: string; disabled?: boolean }) {
  const t = useFolioT();
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void hostSavesPdf().then((yes) => live && setShown(yes));
    return () => {
      live = false;
    };
  }, []);
  if (!shown) return null;
  const save = async () => {
    setBusy(true);
    setNote(null);
    try {
      const result = await printDocument('pdf', documentName(title));
      if (result?.ok && result.path) setNote(t('print.saved', { path: result.path }));
      else if (result && result.reason !== 'cancelled') setNote(t('print.failed', { reason: result.reason ?? '' }));
    } catch (err) {
      setNote(t('print.failed', { reason: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="btn" onClick={() => void save()} disabled={disabled || busy} data-testid={testId}>
        {t('print.savePdf')}
      </button>
      {note ? (
        <span className="muted" role="status">
          {note}
        </span>
      ) : null}
    </>
  );
}
