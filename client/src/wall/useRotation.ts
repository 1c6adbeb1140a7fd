import { useEffect, useState } from 'react';

export interface Rotation {
  index: number;
  /** Client clock when the next page comes up; null when not rotating. */
  nextAt: number | null;
}

/**
 * Which page the wall shows: the pinned one, or each in turn every `rotateMs`. One timeout at a time,
 * cleared on every change, so rotating for weeks leaves nothing behind.
 */
export function useRotation(count: number, pinned: number | null, rotateMs: number | null): Rotation {
  const [state, setState] = useState(() => ({ index: pinned ?? 0, since: Date.now() }));
  const rotating = pinned === null && rotateMs !== null && count > 1;

  useEffect(() => {
    if (pinned !== null) setState({ index: pinned, since: Date.now() });
  }, [pinned]);

  useEffect(() => {
    if (!rotating || rotateMs === null) return;
    const wait = Math.max(0, state.since + rotateMs - Date.now());
    const id = setTimeout(() => setState((s) => ({ index: (s.index + 1) % count, since: Date.now() })), wait);
    return () => clearTimeout(id);
  }, [rotating, rotateMs, count, state]);

  const index = pinned ?? (count > 0 ? state.index % count : 0);
  return { index, nextAt: rotating && rotateMs !== null ? state.since + rotateMs : null };
}
