import { useEffect, useRef } from 'react';

/**
 * Shows a `<dialog>` as a modal for the life of the component and reports its closing (Escape, a
 * button, the backdrop). Opened once: a parent that re-renders often (the player, several times a
 * second) passes a new `onClose` each time, and re-running the effect would close and reopen the
 * dialog, after which the queued close event would end it.
 */
export function useModalDialog(onClose: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  const closed = useRef(onClose);
  closed.current = onClose;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (!d.open) d.showModal();
    const onCloseEvent = () => closed.current();
    d.addEventListener('close', onCloseEvent);
    return () => {
      d.removeEventListener('close', onCloseEvent);
      if (d.open) d.close();
    };
  }, []);
  return ref;
}
