/**
 * Keyboard shortcuts, listed in the help overlay (`?`). Sequences like `g b`
 * expire after a second. Typing in a field never triggers them, except Escape and
 * Alt+1…5.
 */
import { useEffect } from 'react';
import { VIEWS, type ViewName } from '../../../shared/ipc.ts';

export const GO_KEYS: Record<string, ViewName> = { t: 'today', b: 'board', r: 'reservations', k: 'tasks', a: 'activity' };

/** The help overlay's list: keys, and the i18n key of what they do. */
export const SHORTCUTS = [
  { keys: 'g t  or  Alt+1', does: 'help.today' },
  { keys: 'g b  or  Alt+2', does: 'help.board' },
  { keys: 'g r  or  Alt+3', does: 'help.reservations' },
  { keys: 'g k  or  Alt+4', does: 'help.tasks' },
  { keys: 'g a  or  Alt+5', does: 'help.activity' },
  { keys: '/', does: 'help.search' },
  { keys: 'n', does: 'help.newBooking' },
  { keys: 'q', does: 'help.queue' },
  { keys: 'w', does: 'help.window' },
  { keys: 'd', does: 'help.theme' },
  { keys: '?', does: 'help.help' },
  { keys: 'Esc', does: 'help.escape' },
] as const;

export interface ShortcutHandlers {
  go(view: ViewName): void;
  search(): void;
  newBooking(): void;
  toggleQueue(): void;
  openWindow(): void;
  toggleTheme(): void;
  help(): void;
  escape(): void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

export function useShortcuts(handlers: ShortcutHandlers, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let goPressedAt = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        handlers.escape();
        return;
      }
      if (e.defaultPrevented || e.ctrlKey || e.metaKey) return;
      // Alt+1…5 types nothing, so it works from a field too (e.g. leaving the search).
      if (e.altKey) {
        const n = Number(e.code.replace('Digit', ''));
        if (n >= 1 && n <= VIEWS.length) {
          e.preventDefault();
          handlers.go(VIEWS[n - 1]);
        }
        return;
      }
      if (isTyping(e.target)) return;
      if (goPressedAt && Date.now() - goPressedAt < 1000 && GO_KEYS[e.key]) {
        e.preventDefault();
        goPressedAt = 0;
        handlers.go(GO_KEYS[e.key]);
        return;
      }
      goPressedAt = 0;
      switch (e.key) {
        case 'g':
          goPressedAt = Date.now();
          return;
        case '/':
          e.preventDefault();
          handlers.search();
          return;
        case '?':
          e.preventDefault();
          handlers.help();
          return;
        case 'n':
          e.preventDefault();
          handlers.newBooking();
          return;
        case 'q':
          handlers.toggleQueue();
          return;
        case 'w':
          handlers.openWindow();
          return;
        case 'd':
          handlers.toggleTheme();
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [handlers, enabled]);
}
