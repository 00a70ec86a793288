/**
 * The app's windows: every one hardened the same way, showing one view of the same
 * desk. Extra windows (windows:open) go to a secondary display when there is one —
 * a room board on the second screen at the desk.
 */
import { BrowserWindow, screen, type Rectangle, type WebContents } from 'electron';
import type { PushChannel, PushPayloads, ViewName } from '../../shared/ipc.ts';
import { appUrl } from './app-protocol.ts';

export interface WindowRegistryOptions {
  preloadPath: string;
  devTools: boolean;
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
      },
    });
    this.windows.add(win);
    this.main ??= win;
    win.once('ready-to-show', () => {
      if (bounds && placement === 'secondary') win.maximize();
      win.show();
    });
    win.on('closed', () => {
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
