/**
 * A modal built on the native <dialog>: focus moves in and is trapped by the
 * browser, Escape closes it, and it is announced as a dialog with its title.
 *
 * Initial focus: `showModal()` focuses the first focusable element (the ✕), and
 * React's `autoFocus` runs before it and is overridden, so a field marked
 * `data-autofocus` is focused after opening instead. On close, focus goes back to
 * what had it before (the button that opened the dialog), or to the main area if
 * that is gone (e.g. the row left the list), never to <body>.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function focusInitial(dialog: HTMLDialogElement): void {
  const target = dialog.querySelector<HTMLElement>('[data-autofocus]');
  if (!target) return;
  target.focus();
  if (target instanceof HTMLInputElement && (target.type === 'text' || target.type === 'search' || target.type === '')) target.select();
}

function restoreFocus(previous: Element | null): void {
  // After the dialog has left the top layer (and React has committed), so nothing steals it back.
  requestAnimationFrame(() => {
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return; // someone already moved it on purpose
    if (previous instanceof HTMLElement && previous.isConnected && previous.offsetParent !== null) previous.focus();
    else document.getElementById('main')?.focus();
  });
}

export function Modal(props: { title: string; onClose: () => void; children: ReactNode; testId?: string; wide?: boolean }) {
  const { title, onClose, children, testId, wide } = props;
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // Read while rendering, before the dialog takes focus (and kept across StrictMode's effect re-run).
  const opener = useRef<Element | null>(document.activeElement);
  // No close() on unmount: removing an open dialog takes it out of the top layer,
  // and a close() there would fire onClose again (and break StrictMode's re-mount).
  useEffect(() => {
    const dialog = ref.current;
    const previous = opener.current;
    if (dialog && !dialog.open) {
      dialog.showModal();
      focusInitial(dialog);
    }
    return () => restoreFocus(previous);
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'modal modal-wide' : 'modal'}
      aria-labelledby={titleId}
      data-testid={testId}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="btn btn-quiet" onClick={onClose} aria-label={t('common.close')}>
          ✕
        </button>
      </div>
      {children}
    </dialog>
  );
}
