/**
 * Keeps keyboard focus in a list when the focused row leaves it: a completed
 * task, a checked-in arrival, a reservation filtered away. Without this the
 * browser drops focus to <body> and a keyboard-only receptionist has to Tab
 * through the header again. Focus moves to the row now at the same place (the
 * row, not one of its buttons), or to the list itself when it is empty.
 */
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

export function useKeepFocusInList(container: RefObject<HTMLElement | null>): void {
  /** The element focused inside the list, and the position of its row among the rendered rows. */
  const last = useRef<{ el: Element; row: number } | null>(null);

  useEffect(() => {
    const root = container.current;
    if (!root) return;
    const onFocusIn = (e: FocusEvent) => {
      const target = e.target as Element;
      const li = target.closest('li');
      const row = li && root.contains(li) && li.parentElement ? Array.prototype.indexOf.call(li.parentElement.children, li) : -1;
      last.current = row >= 0 ? { el: target, row } : null;
    };
    const onFocusOut = (e: FocusEvent) => {
      // Focus moved somewhere else on purpose: forget. (A removed element gives no relatedTarget.)
      if (e.relatedTarget instanceof Node && !root.contains(e.relatedTarget)) last.current = null;
    };
    root.addEventListener('focusin', onFocusIn);
    root.addEventListener('focusout', onFocusOut);
    return () => {
      root.removeEventListener('focusin', onFocusIn);
      root.removeEventListener('focusout', onFocusOut);
    };
  });

  // After every render of the list: if the focused element was removed and nothing else took focus, rescue it.
  useLayoutEffect(() => {
    const seen = last.current;
    const root = container.current;
    if (!seen || !root || seen.el.isConnected) return;
    const active = document.activeElement;
    if (active && active !== document.body) {
      last.current = null;
      return;
    }
    const rows = root.querySelectorAll('li');
    const li = rows.length ? rows[Math.min(seen.row, rows.length - 1)] : null;
    // The row itself, not a button in it: the next row's "Complete" would otherwise take
    // a second Enter meant for nothing (found in QA: two tasks completed). Tab from the
    // row reaches its buttons.
    if (li) li.tabIndex = -1;
    const target = li ?? (root.tabIndex >= 0 ? root : null);
    last.current = null;
    target?.focus();
  });
}
