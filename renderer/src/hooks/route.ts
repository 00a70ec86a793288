/**
 * Hash routing: `#/today`, `#/board`, … so a window can be opened on one view.
 * The browser host may put its own parameters in the hash (`#secret=…`), so the
 * view is found anywhere a `/view` or `view=` appears and anything else is kept
 * out of the way rather than rejected.
 */
import { useSyncExternalStore } from 'react';
import { VIEWS, type ViewName } from '../../../shared/ipc.ts';

export function viewFromHash(hash: string): ViewName {
  const m = /(?:^#\/|[#&?]view=)([a-z]+)/.exec(hash);
  const name = m?.[1];
  return (VIEWS as readonly string[]).includes(name ?? '') ? (name as ViewName) : 'today';
}

/** Told at once by navigate(): `hashchange` only fires a task later. */
const listeners = new Set<() => void>();

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  listeners.add(onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    listeners.delete(onChange);
  };
}

export function useView(): ViewName {
  return useSyncExternalStore(subscribe, () => viewFromHash(window.location.hash));
}

/**
 * Shows a view. Subscribers hear of it synchronously, so a caller can render the
 * view at once (flushSync) and focus something in it before the next keystroke.
 */
export function navigate(view: ViewName): void {
  const target = `#/${view}`;
  if (window.location.hash === target) return;
  window.location.hash = target;
  for (const fn of listeners) fn();
}
