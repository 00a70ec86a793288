/**
 * Hash routing: `#/today`, `#/board`, … so a window can be opened on one view.
 * The browser host may put its own parameters in the hash (`#secret=…`), so the
 * view is found anywhere a `/view` or `view=` appears and anything else is kept
 * out of the way rather than rejected.
 */
import { useSyncExternalStore } from 'react';
import { VIEWS, type ViewName } from '../../../shared/ipc.ts';

export const VIEW_LABEL: Record<ViewName, string> = {
  today: 'Today',
  board: 'Room board',
  reservations: 'Reservations',
  tasks: 'Tasks',
  activity: 'Activity',
};

export function viewFromHash(hash: string): ViewName {
  const m = /(?:^#\/|[#&?]view=)([a-z]+)/.exec(hash);
  const name = m?.[1];
  return (VIEWS as readonly string[]).includes(name ?? '') ? (name as ViewName) : 'today';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useView(): ViewName {
  return useSyncExternalStore(subscribe, () => viewFromHash(window.location.hash));
}

export function navigate(view: ViewName): void {
  const target = `#/${view}`;
  if (window.location.hash !== target) window.location.hash = target;
}
