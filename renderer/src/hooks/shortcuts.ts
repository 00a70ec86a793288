/**
 * Keyboard shortcuts, listed in the help overlay (`?`). Sequences like `g b`
 * expire after a second. Typing in a field never triggers them, except Escape and
 * Alt+1…5.
 */
import { useEffect } from 'react';
import { VIEWS, type ViewName } from '../../../shared/ipc.ts';

export const GO_KEYS: Record<string, ViewName> = { t: 'today', b: 'board', r: 'reservations', k: 'tasks', a: 'activity' };

export const SHORTCUTS: ReadonlyArray<{ keys: string; does: string }> = [
  { keys: 'g t  or  Alt+1', does: 'Today' },
  { keys: 'g b  or  Alt+2', does: 'Room board' },
  { keys: 'g r  or  Alt+3', does: 'Reservations' },
  { keys: 'g k  or  Alt+4', does: 'Tasks' },
  { keys: 'g a  or  Alt+5', does: 'Activity' },
  { keys: '/', does: 'Search reservations' },
  { keys: 'q', does: 'Show or hide queued actions' },
  { keys: 'w', does: 'Open this view in a new window' },
  { keys: 'd', does: 'Switch light / dark' },
  { keys: '?', does: 'Show this help' },
  { keys: 'Esc', does: 'Close a dialog or panel' },
];

export interface ShortcutHandlers {
  go(view: ViewName): void;
  search(): void;
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
