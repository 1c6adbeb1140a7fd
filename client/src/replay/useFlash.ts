import { useCallback, useEffect, useRef, useState } from 'react';

/** A short message under the tools, with a link to copy when there is one. */
export type Flash = { text: string; link?: string } | null;

/** The player's passing message: `say` shows one for `ms` (default 4 s), replacing any before it. */
export function useFlash(): [Flash, (f: Flash, ms?: number) => void] {
  const [flash, setFlash] = useState<Flash>(null);
  const flashTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const say = useCallback((f: Flash, ms = 4000) => {
    setFlash(f);
    if (flashTimer.current) clearTimeout(flashTimer.current);
    flashTimer.current = setTimeout(() => setFlash(null), ms);
  }, []);
  useEffect(
    () => () => {
      if (flashTimer.current) clearTimeout(flashTimer.current);
    },
    [],
  );
  return [flash, say];
}
