/**
 * The app's windows: every one hardened the same way, showing one view of the same
 * desk. Extra windows (windows:open) go to a secondary display when there is one —
 * a room board on the second screen at the desk.
 */
import { BrowserWindow, dialog, screen, type Rectangle, type WebContents } from 'electron';
import type { Logger } from 'pino';
import type { PushChannel, PushPayloads, ViewName } from '../../shared/ipc.ts';
import { RendererRecovery } from '../core/renderer-recovery.ts';
import { appUrl } from './app-protocol.ts';

export interface WindowRegistryOptions {
  preloadPath: string;
  devTools: boolean;
  /** Renderer crashes and hangs are logged here (desk.log). */
  log: Logger;
}

export class WindowRegistry {
  private readonly windows = new Set<BrowserWindow>();
  private main: BrowserWindow | null = null;

  constructor(private readonly opts: WindowRegistryOptions) {}

  get count(): number {
    return this.windows.size;
  }

  /** True when this web contents belongs to a live window of ours. */
  owns(contents: WebContents): boolean {
    const win = BrowserWindow.fromWebContents(contents);
    return win !== null && this.windows.has(win) && !win.isDestroyed() && win.webContents === contents;
  }

  open(view: ViewName, placement: 'primary' | 'secondary' = 'primary'): BrowserWindow {
    const bounds = placement === 'secondary' ? this.secondaryBounds() : null;
    const win = new BrowserWindow({
      width: bounds?.width ?? 1280,
      height: bounds?.height ?? 860,
      x: bounds?.x,
      y: bounds?.y,
      minWidth: 720,
      minHeight: 480,
      show: false,
      title: 'Frontdesk',
      autoHideMenuBar: true,
      webPreferences: {
        preload: this.opts.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        safeDialogs: true,
        devTools: this.opts.devTools,
        // A middle click must not open links in new windows (Electronegativity AUXCLICK_JS_CHECK).
        disableBlinkFeatures: 'Auxclick',
      },
    });
    // A crashed or frozen renderer is logged and the window reloaded (the desk's state is in the core).
    const recovery = new RendererRecovery(
      `${placement}:${view}`,
      {
        reload: () => {
          if (!win.isDestroyed()) void win.loadURL(appUrl(view));
        },
        kill: () => {
          if (!win.isDestroyed()) win.webContents.forcefullyCrashRenderer();
        },
        giveUp: (message) => {
          if (!win.isDestroyed())
            void dialog.showMessageBox(win, {
              type: 'error',
              message: 'This Frontdesk window keeps failing',
              detail: `${message}. Close the window and open Frontdesk again; if it happens again, call the helpdesk (desk.log has the details).`,
            });
        },
      },
      this.opts.log,
    );
    win.webContents.on('render-process-gone', (_e, details) => recovery.gone(details.reason, details.exitCode));
    win.on('unresponsive', () => recovery.unresponsive());
    win.on('responsive', () => recovery.responsive());
    this.windows.add(win);
    this.main ??= win;
    win.once('ready-to-show', () => {
      if (bounds && placement === 'secondary') win.maximize();
      win.show();
    });
    win.on('closed', () => {
      recovery.dispose();
      this.windows.delete(win);
      if (this.main === win) this.main = this.windows.values().next().value ?? null;
    });
    void win.loadURL(appUrl(view));
    return win;
  }

  /** A second launch: bring the app forward (restoring a minimised window). */
  focus(): BrowserWindow | null {
    const win = this.main;
    if (!win || win.isDestroyed()) return null;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    return win;
  }

  send<P extends PushChannel>(channel: P, payload: PushPayloads[P]): void {
    for (const win of this.windows) {
      if (!win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(channel, payload);
    }
  }

  private secondaryBounds(): Rectangle | null {
    const primary = screen.getPrimaryDisplay();
    const other = screen.getAllDisplays().find((d) => d.id !== primary.id);
    if (other) return other.workArea;
    // One screen: cascade from the main window so the new one is visibly separate.
    const anchor = this.main && !this.main.isDestroyed() ? this.main.getBounds() : null;
    return anchor ? { x: anchor.x + 40, y: anchor.y + 40, width: anchor.width, height: anchor.height } : null;
  }
}
