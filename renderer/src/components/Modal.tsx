// An accessible modal on the native <dialog>: showModal() traps focus and makes the rest of
// the page inert, Escape closes it, and it is labelled by its heading. When it closes, focus
// goes back to the control that opened it (or, if that control is gone, where focus.ts puts it).
import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';

export function Modal({ title, onClose, children, describedBy }: { title: ReactNode; onClose: () => void; children: ReactNode; describedBy?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    // showModal() focuses the first focusable element (the heading); a field or button marked
    // data-autofocus is where the dialog's work starts. (React's autoFocus runs before the
    // dialog is open, when nothing in it can take focus.)
    dialog?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    if (dialog && !dialog.contains(document.activeElement)) dialog.querySelector<HTMLElement>('h2')?.focus();
    return () => {
      dialog?.close();
      if (opener?.isConnected && !(opener as HTMLButtonElement).disabled) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </dialog>
  );
}
