/**
 * A modal built on the native <dialog>: focus moves in and is trapped by the
 * browser, Escape closes it, and it is announced as a dialog with its title.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function Modal(props: { title: string; onClose: () => void; children: ReactNode; testId?: string; wide?: boolean }) {
  const { title, onClose, children, testId, wide } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // No close() on unmount: removing an open dialog takes it out of the top layer,
  // and a close() there would fire onClose again (and break StrictMode's re-mount).
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
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
        <button type="button" className="btn btn-quiet" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      {children}
    </dialog>
  );
}
