/**
 * The Electron host's `print:document` hook: prints the sender's window with the
 * system dialog, or renders it to PDF (A4, backgrounds) and saves it where the
 * receptionist chooses (default: Documents/<suggested name>.pdf).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BrowserWindow, dialog, type WebContents } from 'electron';
import { DOCUMENT_NAME_PATTERN, type PrintRequest, type PrintResult } from '../../shared/ipc.ts';
import type { WindowRegistry } from './windows.ts';

export interface PrintLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** `<documents>/<name>.pdf`, or null when the name could leave the directory. */
export function defaultPdfPath(documentsDir: string, suggestedName: string): string | null {
  if (!DOCUMENT_NAME_PATTERN.test(suggestedName) || suggestedName.includes('..')) return null;
  const file = suggestedName.toLowerCase().endsWith('.pdf') ? suggestedName : `${suggestedName}.pdf`;
  if (path.basename(file) !== file) return null;
  const full = path.resolve(documentsDir, file);
  return path.dirname(full) === path.resolve(documentsDir) ? full : null;
}

function printWindow(contents: WebContents): Promise<PrintResult> {
  return new Promise((resolve) => {
    contents.print({ silent: false, printBackground: true }, (success, failureReason) => {
      if (success) resolve({ ok: true, path: null });
      else resolve({ ok: false, path: null, reason: failureReason === 'cancelled' ? 'cancelled' : failureReason || 'failed' });
    });
  });
}

export function createPrintHook(
  windows: WindowRegistry,
  documentsDir: () => string,
  log: PrintLog,
): (sender: unknown, request: PrintRequest) => Promise<PrintResult> {
  return async (sender, request) => {
    const contents = sender as WebContents | undefined;
    if (!contents || !windows.owns(contents) || contents.isDestroyed()) return { ok: false, path: null, reason: 'no window' };
    if (request.mode === 'print') return printWindow(contents);

    const defaultPath = defaultPdfPath(documentsDir(), request.suggestedName);
    if (!defaultPath) return { ok: false, path: null, reason: 'invalid name' };
    const win = BrowserWindow.fromWebContents(contents);
    const saveOptions = { title: 'Save as PDF', defaultPath, filters: [{ name: 'PDF', extensions: ['pdf'] }], properties: ['createDirectory' as const] };
    const choice = win ? await dialog.showSaveDialog(win, saveOptions) : await dialog.showSaveDialog(saveOptions);
    if (choice.canceled || !choice.filePath) return { ok: false, path: null, reason: 'cancelled' };
    let target = path.resolve(choice.filePath);
    if (!target.toLowerCase().endsWith('.pdf')) target += '.pdf';
    try {
      const pdf = await contents.printToPDF({ printBackground: true, pageSize: 'A4' });
      await writeFile(target, pdf);
    } catch (err) {
      log.warn({ error: (err as Error).message }, 'saving the PDF failed');
      return { ok: false, path: null, reason: (err as Error).message };
    }
    log.info({ path: target }, 'document saved as PDF');
    return { ok: true, path: target };
  };
}
