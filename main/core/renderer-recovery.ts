/**
 * What a host does when a desk window's renderer dies or stops answering: log it,
 * and reload the window so the receptionist is not left with a dead or frozen
 * screen (the desk's state lives in the core, so a reload loses nothing). A
 * renderer that keeps crashing is not reloaded forever: after `maxReloads` within
 * `windowMs` the host stops and says so (a reload loop burns CPU and hides the
 * problem). A hang is given `hangGraceMs` to recover by itself first.
 *
 * Host-agnostic: Electron (main/electron/windows.ts) feeds it
 * render-process-gone / unresponsive / responsive; the decision and the log lines
 * are the same for every host.
 */
import type { Logger } from 'pino';

export interface RecoveryOptions {
  maxReloads?: number;
  windowMs?: number;
  hangGraceMs?: number;
  now?: () => number;
}

export interface RecoveryActions {
  reload(): void;
  /** Ends a hung renderer so the reload can start a fresh one (Electron: forcefullyCrashRenderer). */
  kill(): void;
  /** Called once when the host gives up reloading. */
  giveUp(message: string): void;
}

export class RendererRecovery {
  private readonly reloads: number[] = [];
  private hangTimer: ReturnType<typeof setTimeout> | null = null;
  private gaveUp = false;
  private readonly maxReloads: number;
  private readonly windowMs: number;
  private readonly hangGraceMs: number;
  private readonly now: () => number;

  constructor(
    private readonly window: string,
    private readonly actions: RecoveryActions,
    private readonly log: Logger,
    o: RecoveryOptions = {},
  ) {
    this.maxReloads = o.maxReloads ?? 3;
    this.windowMs = o.windowMs ?? 60_000;
    this.hangGraceMs = o.hangGraceMs ?? 10_000;
    this.now = o.now ?? Date.now;
  }

  /** The renderer process ended. `reason` as Electron reports it ('crashed', 'oom', 'killed', 'clean-exit' …). */
  gone(reason: string, exitCode?: number): void {
    this.clearHang();
    if (reason === 'clean-exit') return;
    this.log.error({ window: this.window, reason, exitCode }, 'renderer gone');
    this.reloadOrGiveUp(`renderer ${reason}`);
  }

  unresponsive(): void {
    if (this.hangTimer) return;
    this.log.warn({ window: this.window, graceMs: this.hangGraceMs }, 'renderer not responding');
    this.hangTimer = setTimeout(() => {
      this.hangTimer = null;
      this.log.error({ window: this.window }, 'renderer still not responding: restarting it');
      this.actions.kill();
      this.reloadOrGiveUp('renderer hung');
    }, this.hangGraceMs);
    this.hangTimer.unref?.();
  }

  responsive(): void {
    if (!this.hangTimer) return;
    this.clearHang();
    this.log.info({ window: this.window }, 'renderer responding again');
  }

  dispose(): void {
    this.clearHang();
  }

  private clearHang(): void {
    if (this.hangTimer) clearTimeout(this.hangTimer);
    this.hangTimer = null;
  }

  private reloadOrGiveUp(why: string): void {
    if (this.gaveUp) return;
    const now = this.now();
    while (this.reloads.length > 0 && now - this.reloads[0]! > this.windowMs) this.reloads.shift();
    if (this.reloads.length >= this.maxReloads) {
      this.gaveUp = true;
      const message = `${why}: reloaded ${this.reloads.length} times within ${Math.round(this.windowMs / 1000)} s, not reloading again`;
      this.log.error({ window: this.window }, message);
      this.actions.giveUp(message);
      return;
    }
    this.reloads.push(now);
    this.log.warn({ window: this.window, reloadsInWindow: this.reloads.length }, `${why}: reloading the window`);
    this.actions.reload();
  }
}
