// An accessible modal on the native <dialog>: showModal() traps focus and makes the rest of
// the page inert, Escape closes it, and it is labelled by its heading.
import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';

export function Modal({ title, onClose, children, describedBy }: { title: ReactNode; onClose: () => void; children: ReactNode; describedBy?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
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
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
