import { useSyncExternalStore } from 'react';

const QUERY = '(max-width: 600px)';

function subscribe(listener: () => void): () => void {
  const m = window.matchMedia(QUERY);
  m.addEventListener('change', listener);
  return () => m.removeEventListener('change', listener);
}
const snapshot = (): boolean => window.matchMedia(QUERY).matches;
const serverSnapshot = (): boolean => false;

/** A phone-width viewport: charts drop lines that would only be noise at that size. */
export function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, snapshot, serverSnapshot);
}
